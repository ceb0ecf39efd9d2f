import { Problem } from '../problem';
import { findConfig, pathFromConfig, ReadText } from './findConfig';
import { matchContract } from './matchContract';
import { parseConfig } from './parseConfig';
import { ResolvedContract } from './types';

export interface ContractLookup {
  /** The config file found, if any. */
  configPath?: string;
  /** Problems in that config file itself; the CSV is then checked without a contract. */
  configProblems: Problem[];
  contract?: ResolvedContract;
}

/** Finds, parses and matches the contract that applies to a CSV file. */
export function loadContract(csvPath: string, readText: ReadText): ContractLookup {
  const found = findConfig(csvPath, readText);
  if (!found) return { configProblems: [] };
  const parsed = parseConfig(found.text);
  if (!parsed.ok) return { configPath: found.path, configProblems: parsed.problems };
  return { configPath: found.path, configProblems: [], contract: matchContract(parsed.config, found.path, pathFromConfig(found.path, csvPath)) };
}
