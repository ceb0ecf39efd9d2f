import { contractKey } from '../../contract/contractKey';
import { normalizeLabel } from '../../contract/normalizeLabel';
import { tableRules } from '../../contract/tableRules';
import { Contract, ForeignKeyTarget } from '../../contract/types';
import { FieldRule, valueKey } from '../../schema/fieldRule';
import { joinKeyParts } from '../../schema/joinKeyParts';
import { castAsReferenced } from '../../schema/castAsReferenced';
import { Cast, INVALID } from '../../schema/temporal';
import { SchemaField } from '../../schema/tableSchema';
import { bindColumns, BoundColumn } from '../headers';

/** A referencing row's key when a member cannot be read as its referenced field's type: it matches no key. */
export const UNCASTABLE = Symbol('uncastable');

/**
 * How a file's foreign key reads its cells: each member by castAsReferenced (its own field, compared in the referenced
 * type; an untyped cell as the referenced type, so "01" refers to the integer key 1), with a null taken as the file's
 * own contract says (`isMissing`, per key member): such a row refers to nothing. `asReferenced` only finds the
 * members (as a primary key, so that they are read at all).
 */
export function referencingReader(
  contract: Contract,
  target: ForeignKeyTarget,
): { asReferenced: Contract; isMissing: (k: number, raw: string) => boolean; casts: Cast<unknown>[]; ownValue: boolean[] } {
  const ownColumns = tableRules(contract).columns;
  const own = target.fields.map((label) => ownColumns.find((c) => c.key === normalizeLabel(label))?.rule);
  return {
    asReferenced: {
      files: [],
      schema: { fields: target.fields.map((name) => ({ name })), missingValues: [], primaryKey: target.fields },
      ...(contract.delimiter ? { delimiter: contract.delimiter } : {}),
    },
    isMissing: (k, raw) => (own[k] ? own[k].isMissing(raw) : raw === ''),
    casts: target.referenced.map((field, k) => castAsReferenced(own[k], field)),
    ownValue: target.referenced.map((field, k) => readsAsOwn(own[k], field)),
  };
}

/**
 * Whether castAsReferenced reads a member's cell as the member's own cast does (the same type; or a plain string
 * read as a plain string), so that the check's own value for the cell, when it has one, is the referenced value.
 */
function readsAsOwn(own: FieldRule | undefined, referenced: SchemaField): boolean {
  if (!own) return false;
  const type = referenced.type ?? 'string';
  if (own.type === 'string' && own.field.format === undefined) return type === 'string' && (referenced.format ?? 'default') === 'default';
  return own.type !== 'any' && own.type === type;
}

/**
 * A composite key joins its members' texts, each after its length, so that no two keys join alike; a one-field
 * key is its value (sequential integer ids then keep to UniqueIndex's runs).
 */
export function keyOf(values: unknown[]): unknown {
  if (values.length === 1) return valueKey(values[0]);
  // A loop, not a map: this runs once a row of the referencing and the referenced files.
  const parts: string[] = [];
  for (const value of values) parts.push(String(valueKey(value)));
  return joinKeyParts(parts);
}

/**
 * The foreign keys a check reads as it goes (CsvCheckOptions.referencing), so that the referencing file is parsed
 * once: per record, each key's value as the referenced fields' types, as referringRows reads it in a pass of its own.
 */
export class ReferenceRules {
  /**
   * Per foreign key, its members bound to the header, or undefined when the header lacks one (no row refers). `own`
   * per member: its place among the check's bound columns when the check's value for it is the referenced value, else -1.
   */
  private readonly keys: (
    { members: BoundColumn[]; own: number[]; isMissing: (k: number, raw: string) => boolean; casts: Cast<unknown>[]; values: unknown[] } | undefined
  )[];

  constructor(
    contract: Contract,
    header: string[],
    targets: ForeignKeyTarget[],
    /** The check's bound columns, whose values (RecordRules.values) check() is given. */
    checked: readonly BoundColumn[],
  ) {
    this.keys = targets.map((target) => {
      const { asReferenced, isMissing, casts, ownValue } = referencingReader(contract, target);
      const bound = bindColumns(header, asReferenced);
      const members = target.fields.map((name) => bound.find((b) => b.column.key === normalizeLabel(name)));
      if (!members.every((m) => m !== undefined)) return undefined;
      const own = members.map((m, k) => (ownValue[k] ? checked.findIndex((c) => c.index === m.index) : -1));
      return { members, own, isMissing, casts, values: new Array<unknown>(members.length) };
    });
  }

  /**
   * Reads the record's keys; a key with a null member is skipped (Table Schema). `checked`: the check's values of
   * the record (RecordRules.values): a member the check read as the referenced type is not cast again (a second
   * cast of each key cell was a third of the foreign key's cost in the ranges). Each key goes `into` its list.
   */
  check(row: string[], rowNumber: number, checked: readonly unknown[], into: KeyLists): void {
    for (let t = 0; t < this.keys.length; t++) {
      const key = this.keys[t];
      if (!key) continue;
      const values = key.values;
      let uncastable = false;
      let skipped = false;
      for (let k = 0; k < key.members.length; k++) {
        const raw = row[key.members[k].index];
        const own = key.own[k];
        // INVALID when the cell is missing, not of its type or out of its constraints: read as below. A short row's
        // absent cells keep the last row's values there, so they are never taken.
        if (own !== -1 && raw !== undefined && checked[own] !== INVALID) {
          values[k] = checked[own];
          continue;
        }
        if (raw !== undefined && key.isMissing(k, raw)) {
          skipped = true;
          break;
        }
        const value = raw === undefined ? INVALID : key.casts[k](raw);
        if (value === INVALID) uncastable = true;
        values[k] = value;
      }
      if (!skipped) into.add(t, uncastable ? UNCASTABLE : values, rowNumber);
    }
  }
}

/** Where check() puts each key (ReferenceDigests). */
interface KeyLists {
  add(target: number, values: unknown[] | typeof UNCASTABLE, row: number): void;
}

/** The last ReferenceRules made, by what made it: a thread checks the ranges of one file, one after another. */
let last: { key: string; rules: ReferenceRules } | undefined;

/**
 * The ReferenceRules of a check, as the last check on this thread made them when it had the same contract, header
 * and foreign keys (a range of the same file): each range of a parallel check made its own, with fresh casts whose
 * inline caches start cold, and a range is only about 30,000 rows.
 */
export function referenceRulesFor(contract: Contract, header: string[], targets: ForeignKeyTarget[], checked: readonly BoundColumn[]): ReferenceRules {
  const key = JSON.stringify([contractKey(contract), header, targets, checked.map((c) => c.index)]);
  if (last?.key !== key) last = { key, rules: new ReferenceRules(contract, header, targets, checked) };
  return last.rules;
}
