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

/**
 * The first contract whose globs match the CSV. `relativePath` is the CSV's path from the config's folder,
 * '/'-separated, so that files on disk and files in a browser's workspace (URIs) match alike.
 */
export function matchContract(config: ContractConfig, configPath: string, relativePath: string): ResolvedContract | undefined {
  if (relativePath.startsWith('../')) return undefined;
  const index = config.contracts.findIndex((c) => matcherOf(c)(relativePath));
  return index === -1 ? undefined : { contract: config.contracts[index], configPath, index, kind: 'contract' };
}
