import * as path from 'path';
import { normalizeLabel } from '../../contract/normalizeLabel';
import { tableRules } from '../../contract/tableRules';
import { Contract } from '../../contract/types';
import { keyOf } from '../../csv/check/referenceRules';
import { holdsKey, ReferencedKeys } from '../../csv/foreignKeyCheck';
import { orphanMessage } from '../../csv/foreignKeys/foreignKeyProblems';
import { castAsReferenced } from '../../schema/castAsReferenced';
import { INVALID } from '../../schema/temporal';
import { IngestForeignKey } from './ingestForeignKeys';
import { keySpelling } from './keySpelling';

/** A row's foreign key that the referenced files do not hold: the table may (heldReferences asks it). */
export interface ReferenceAsk {
  /** The foreign key's index in the contract's. */
  foreignKey: number;
  /** The key as the referenced keys are indexed (keyOf). */
  key: string;
  /** The values to ask the table for, as its columns hold them (keySpelling). */
  sent: string[];
  /** The reject's reason if the table does not hold it either, as validate words an orphan. */
  message: string;
}

/** The rows of a range whose foreign keys the referenced files do not hold; `row` indexes the range's rows. */
export interface RowReferences {
  row: number;
  asks: ReferenceAsk[];
}

/** A record's verdict: an orphan whatever the table holds, keys to ask the table for, or nothing to ask. */
type ReferenceVerdict = { orphan: string } | { asks: ReferenceAsk[] } | undefined;

/** Checks one record's cells (by header cell) at its row as the user sees it. */
export type ReferenceCheck = (cells: string[], row: number) => ReferenceVerdict;

/** One foreign key of a record: its values (cast; a cell its type cannot read, as written), its key, what a table is asked. */
export interface RowKey {
  values: unknown[];
  /** As the referenced keys are indexed (keyOf). */
  key: unknown;
  uncastable: boolean;
  /** The cells as written, as a message shows them. */
  written: string[];
  /** The values as the referenced table's columns hold them (keySpelling). */
  sent: string[];
}

/**
 * Reads a record's foreign keys from its cells (by header cell), one per foreign key, undefined for a key with a
 * null member (Table Schema skips it). Each cell is read as castAsReferenced says (by its own field, compared in the
 * referenced type; "01" in an untyped column refers to the integer 1), and a cell it cannot read refers to no key.
 */
export function referringKeys(contract: Contract, foreignKeys: IngestForeignKey[]): (cells: string[]) => (RowKey | undefined)[] {
  const own = tableRules(contract).columns;
  const checks = foreignKeys.map(({ target, cells }) => {
    const rules = target.fields.map((label) => own.find((c) => c.key === normalizeLabel(label))?.rule);
    return { cells, casts: target.referenced.map((field, k) => castAsReferenced(rules[k], field)), rules, referenced: target.referenced };
  });
  return (cellsOf) =>
    checks.map(({ cells, casts, rules, referenced }) => {
      const values: unknown[] = [];
      const written: string[] = [];
      let uncastable = false;
      for (let k = 0; k < cells.length; k++) {
        const raw = cellsOf[cells[k]] ?? '';
        const rule = rules[k];
        if (rule ? rule.isMissing(raw) : raw === '') return undefined;
        const value = casts[k](raw);
        if (value === INVALID) uncastable = true;
        values.push(value === INVALID ? raw : value);
        written.push(raw);
      }
      const sent = uncastable ? written : values.map((v, k) => keySpelling(v, referenced[k], written[k]));
      return { values, key: keyOf(values), uncastable, written, sent };
    });
}

/**
 * The foreign key check of a CSV's records against the referenced keys (`keys`, one per foreign key) that the
 * load takes (holdsKey). The files are asked first: their keys are in memory, and the table is asked only for
 * what they lack (docs/ingest-reference.md).
 */
export function referenceCheck(contract: Contract, foreignKeys: IngestForeignKey[], keys: ReferencedKeys[]): ReferenceCheck {
  const read = referringKeys(contract, foreignKeys);
  return (cellsOf, row) => {
    let asks: ReferenceAsk[] | undefined;
    const found = read(cellsOf);
    for (let i = 0; i < found.length; i++) {
      const rowKey = found[i];
      if (!rowKey) continue;
      const { target } = foreignKeys[i];
      const { values, written, key } = rowKey;
      if (rowKey.uncastable) return { orphan: orphanMessage({ row, values, written, reason: 'uncastable' }, target) };
      if (holdsKey(keys[i], key)) continue;
      (asks ??= []).push({
        foreignKey: i,
        key: String(key),
        sent: rowKey.sent,
        message: orphanMessage({ row, values, written, reason: 'not-found' }, target) + withdrawnNote(keys[i], key),
      });
    }
    return asks && { asks };
  };
}

/** Why a key a referenced row holds is missing all the same: the load does not take that row. */
function withdrawnNote(keys: ReferencedKeys, key: unknown): string {
  const row = keys.withdrawn?.rowOf(key) ?? 0;
  if (row === 0) return '';
  return `: row ${row}${keys.files.length === 1 ? ` of ${path.basename(keys.files[0])}` : ''} holds it but is rejected`;
}
