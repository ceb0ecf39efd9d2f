import * as path from 'path';
import picomatch from 'picomatch';
import { Contract, ContractConfig, ResolvedContract } from './types';

/** Each contract's globs compiled once (parseConfig has refused the globs that would match slowly). */
const matchers = new WeakMap<Contract, (relativePath: string) => boolean>();

function matcherOf(contract: Contract): (relativePath: string) => boolean {
  let matcher = matchers.get(contract);
  if (!matcher) {
    matcher = picomatch(contract.files, { dot: true });
    matchers.set(contract, matcher);
  }
  return matcher;
}

/** The first contract whose globs (relative to the config's folder) match the CSV. */
export function matchContract(config: ContractConfig, configPath: string, csvPath: string): ResolvedContract | undefined {
  const relative = path.relative(path.dirname(configPath), path.resolve(csvPath)).split(path.sep).join('/');
  if (relative.startsWith('../')) return undefined;
  const index = config.contracts.findIndex((c) => matcherOf(c)(relative));
  return index === -1 ? undefined : { contract: config.contracts[index], configPath, index };
}
