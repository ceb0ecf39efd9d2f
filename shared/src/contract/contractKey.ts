import { Contract } from './types';

/** Each ContractService run's keys start with their own prefix: two services (or two bundles) never share a key. */
const RUN = Math.random().toString(36).slice(2);
let serial = 0;

/** A new key for the content of a contract file just parsed. */
export function newRulesKey(): string {
  return `${RUN}:${++serial}`;
}

/**
 * What a contract's checks depend on, as a short string: its `rulesKey` and delimiter when the lookup set one,
 * else its whole JSON text (a contract built by hand). Compiled rules and a document's memo are cached by it:
 * the language server sends each check a fresh copy of the contract, and stringifying a contract of 100,000
 * fields for each check took longer than the check.
 */
export function contractKey(contract: Contract): string {
  return contract.rulesKey === undefined ? JSON.stringify(contract) : JSON.stringify([contract.rulesKey, contract.delimiter ?? null]);
}
