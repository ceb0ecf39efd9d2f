import { normalizeLabel } from '../../contract/normalizeLabel';
import { tableRules } from '../../contract/tableRules';
import { Contract } from '../../contract/types';
import { keyOf } from '../../csv/check/referenceRules';
import { ReferencedKeys } from '../../csv/foreignKeyCheck';
import { orphanMessage } from '../../csv/foreignKeys/foreignKeyProblems';
import { castFor } from '../../schema/castValue';
import { INVALID } from '../../schema/temporal';
import { IngestForeignKey } from './ingestForeignKeys';

/** A row's foreign key that the referenced files do not hold: the table may (heldReferences asks it). */
export interface ReferenceAsk {
  /** The foreign key's index in the contract's. */
  foreignKey: number;
  /** The key as the referenced keys are indexed (keyOf). */
  key: string;
  /** The values to ask the table for: a number as it reads, else the cell as written (the server casts it to its column's type). */
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

/**
 * The foreign key check of a CSV's records against the referenced files' keys (`keys`, one per foreign key). A
 * row with a null member skips that key (Table Schema); the cells are cast by the referenced fields' types, so "01"
 * refers to the integer 1, and a cell that type cannot read refers to no key at all. The files are asked first:
 * their keys are in memory, and the table is asked only for what they lack (docs/ingest-reference.md).
 */
export function referenceCheck(contract: Contract, foreignKeys: IngestForeignKey[], keys: ReferencedKeys[]): ReferenceCheck {
  const own = tableRules(contract).columns;
  const checks = foreignKeys.map(({ target, cells }, i) => {
    const rules = target.fields.map((label) => own.find((c) => c.key === normalizeLabel(label))?.rule);
    return { target, cells, index: keys[i].index, casts: target.referenced.map((field) => castFor(field)), rules };
  });
  return (cellsOf, row) => {
    let asks: ReferenceAsk[] | undefined;
    for (let i = 0; i < checks.length; i++) {
      const { target, cells, index, casts, rules } = checks[i];
      const values: unknown[] = [];
      let uncastable = false;
      let isNull = false;
      for (let k = 0; k < cells.length; k++) {
        const raw = cellsOf[cells[k]] ?? '';
        const rule = rules[k];
        if (rule ? rule.isMissing(raw) : raw === '') {
          isNull = true;
          break;
        }
        const value = casts[k](raw);
        if (value === INVALID) uncastable = true;
        values.push(value === INVALID ? raw : value);
      }
      if (isNull) continue;
      if (uncastable) return { orphan: orphanMessage({ row, values, reason: 'uncastable' }, target) };
      const key = keyOf(values);
      if (index.rowOf(key) !== 0) continue;
      (asks ??= []).push({
        foreignKey: i,
        key: String(key),
        sent: values.map((v, k) => (typeof v === 'number' || typeof v === 'bigint' ? String(v) : cellsOf[cells[k]])),
        message: orphanMessage({ row, values, reason: 'not-found' }, target),
      });
    }
    return asks && { asks };
  };
}
