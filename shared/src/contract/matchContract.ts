import picomatch from 'picomatch';
import { Contract, ContractConfig, ResolvedContract } from './types';

/**
 * How a contract's `files` globs match: dotfiles too, and in any case, as `validate` finds files (`EXPORT.CSV` is a
 * CSV): a scanned `EXPORT.CSV` that `*.csv` did not match was checked against no contract, and passed.
 */
export const GLOB_OPTIONS = { dot: true, nocase: true } as const;

/** Each contract's globs compiled once (parseConfig has refused the globs that would match slowly). */
const matchers = new WeakMap<Contract, (relativePath: string) => boolean>();

function matcherOf(contract: Contract): (relativePath: string) => boolean {
  let matcher = matchers.get(contract);
  if (!matcher) {
    matcher = picomatch(contract.files, GLOB_OPTIONS);
    matchers.set(contract, matcher);
  }
  return matcher;
}

/** Globs compiled between two yields: compiling 13,000 contracts' globs at once held a thread for 3 s. */
const COMPILED_PER_TURN = 200;

/**
 * The first contract whose globs match the CSV. `relativePath` is the CSV's path from the config's folder,
 * '/'-separated, so that files on disk and files in a browser's workspace (URIs) match alike. It yields to the
 * event loop between slices of new globs, so that the language server answers other requests meanwhile.
 */
export async function matchContract(config: ContractConfig, configPath: string, relativePath: string): Promise<ResolvedContract | undefined> {
  if (relativePath.startsWith('../')) return undefined;
  let compiled = 0;
  for (const [index, contract] of config.contracts.entries()) {
    if (!matchers.has(contract) && ++compiled % COMPILED_PER_TURN === 0) await new Promise((resolve) => setTimeout(resolve, 0));
    if (matcherOf(contract)(relativePath)) return { contract, configPath, index, kind: 'contract' };
  }
  return undefined;
}
