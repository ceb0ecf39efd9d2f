import { normalizeLabel } from '../contract/normalizeLabel';
import { ColumnRule, tableRules } from '../contract/tableRules';
import { Contract } from '../contract/types';

/** Required contract headers that row 1 does not have. */
export function findMissingHeaders(header: readonly string[], contract: Contract | undefined): string[] {
  if (!contract) return [];
  const present = new Set(header.map(normalizeLabel));
  return tableRules(contract)
    .columns.filter((c) => c.headerRequired && !present.has(normalizeLabel(c.label)))
    .map((c) => c.label);
}

/** A contract column found in the header row, at its index. */
export interface BoundColumn {
  index: number;
  column: ColumnRule;
}

/** The contract's columns that row 1 has and whose cells need a look (required, typed or in a key), left to right. */
export function bindColumns(header: readonly string[], contract: Contract | undefined): BoundColumn[] {
  if (!contract) return [];
  const bound: BoundColumn[] = [];
  for (const column of tableRules(contract).columns) {
    if (!column.rule.required && !column.rule.typed && !column.keyed) continue;
    const index = header.findIndex((label) => normalizeLabel(label) === normalizeLabel(column.label));
    if (index !== -1) bound.push({ index, column });
  }
  return bound.sort((a, b) => a.index - b.index);
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
