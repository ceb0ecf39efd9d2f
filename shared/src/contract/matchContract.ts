import * as path from 'path';
import picomatch from 'picomatch';
import { ContractConfig, ResolvedContract } from './types';

/** The first contract whose globs (relative to the config's folder) match the CSV. */
export function matchContract(config: ContractConfig, configPath: string, csvPath: string): ResolvedContract | undefined {
  const relative = path.relative(path.dirname(configPath), path.resolve(csvPath)).split(path.sep).join('/');
  if (relative.startsWith('../')) return undefined;
  const index = config.contracts.findIndex((c) => picomatch.isMatch(relative, c.files, { dot: true }));
  return index === -1 ? undefined : { contract: config.contracts[index], configPath, index };
}
