import { normalizeLabel } from '../../contract/normalizeLabel';
import { tableRules } from '../../contract/tableRules';
import { Contract, ForeignKeyTarget } from '../../contract/types';
import { valueKey } from '../../schema/fieldRule';
import { joinKeyParts } from '../../schema/joinKeyParts';
import { castAsReferenced } from '../../schema/castAsReferenced';
import { Cast, INVALID } from '../../schema/temporal';
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
): { asReferenced: Contract; isMissing: (k: number, raw: string) => boolean; casts: Cast<unknown>[] } {
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
  };
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
  /** Per foreign key, its members bound to the header, or undefined when the header lacks one (no row refers). */
  private readonly keys: ({ members: BoundColumn[]; isMissing: (k: number, raw: string) => boolean; casts: Cast<unknown>[]; values: unknown[] } | undefined)[];

  constructor(
    contract: Contract,
    header: string[],
    targets: ForeignKeyTarget[],
    /** A row's key: its values as the referenced types (valid during the call), or UNCASTABLE. */
    private readonly onReference: (target: number, row: number, values: unknown[] | typeof UNCASTABLE) => void,
  ) {
    this.keys = targets.map((target) => {
      const { asReferenced, isMissing, casts } = referencingReader(contract, target);
      const bound = bindColumns(header, asReferenced);
      const members = target.fields.map((name) => bound.find((b) => b.column.key === normalizeLabel(name)));
      return members.every((m) => m !== undefined) ? { members: members, isMissing, casts, values: new Array<unknown>(members.length) } : undefined;
    });
  }

  /** Reads the record's keys; a key with a null member is skipped (Table Schema). */
  check(row: string[], rowNumber: number): void {
    for (let t = 0; t < this.keys.length; t++) {
      const key = this.keys[t];
      if (!key) continue;
      const values = key.values;
      let uncastable = false;
      let skipped = false;
      for (let k = 0; k < key.members.length; k++) {
        const raw = row[key.members[k].index];
        if (raw !== undefined && key.isMissing(k, raw)) {
          skipped = true;
          break;
        }
        const value = raw === undefined ? INVALID : key.casts[k](raw);
        if (value === INVALID) uncastable = true;
        values[k] = value;
      }
      if (!skipped) this.onReference(t, rowNumber, uncastable ? UNCASTABLE : values);
    }
  }
}
