import { Contract } from '../contract/types';

/** Header labels compare trimmed and case-insensitively, as people write them. */
export function normalizeLabel(label: string): string {
  return label.trim().toLowerCase();
}

/** Required contract headers that row 1 does not have. */
export function findMissingHeaders(header: readonly string[], contract: Contract | undefined): string[] {
  if (!contract) return [];
  const present = new Set(header.map(normalizeLabel));
  return requiredHeaders(contract).filter((name) => !present.has(normalizeLabel(name)));
}

/** Column indexes whose cells must not be empty, with the contract's name for each. */
export function findNonEmptyColumns(header: readonly string[], contract: Contract | undefined): { index: number; name: string }[] {
  if (!contract) return [];
  const columns: { index: number; name: string }[] = [];
  for (const name of requiredHeaders(contract)) {
    if (contract.headers[name].allowEmpty) continue;
    const index = header.findIndex((label) => normalizeLabel(label) === normalizeLabel(name));
    if (index !== -1) columns.push({ index, name });
  }
  return columns.sort((a, b) => a.index - b.index);
}

/** For each header cell, the earlier column it repeats, or -1. */
export function findDuplicateHeaders(header: readonly string[]): number[] {
  const firstSeen = new Map<string, number>();
  return header.map((label, i) => {
    const key = normalizeLabel(label);
    if (key === '') return -1;
    const earlier = firstSeen.get(key);
    if (earlier !== undefined) return earlier;
    firstSeen.set(key, i);
    return -1;
  });
}

function requiredHeaders(contract: Contract): string[] {
  return Object.keys(contract.headers).filter((name) => contract.headers[name].required);
}
