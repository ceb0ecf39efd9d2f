import { normalizeLabel } from '../../contract/normalizeLabel';
import { tableRules } from '../../contract/tableRules';
import { Contract } from '../../contract/types';
import { ProblemCode, Severity } from '../../problem';
import { describeType, describeViolation, quoteValue } from '../../schema/describeFault';
import { valueKey } from '../../schema/fieldRule';
import { joinKeyParts } from '../../schema/joinKeyParts';
import { INVALID } from '../../schema/temporal';
import { UniqueIndex } from '../../schema/uniqueIndex';
import { counted } from '../../text/counted';
import { CurrentRecord } from './currentRecord';
import { describeRepeat, KeyKind } from './describeRepeat';
import { BoundColumn } from '../headers';
import { ProblemSink } from './problemSink';

/** A set of columns that must not repeat together: a unique column, the primary key, or a uniqueKeys entry. */
export interface KeyRule {
  /** Indexes into the row's bound columns. */
  members: number[];
  index: UniqueIndex;
  kind: KeyKind;
  names: string[];
}

/** Decides keys in place of the rules' own indexes (a parallel check's range): the first row of the key, or 0. */
export type KeyDecider = (keySet: number, key: unknown, row: number) => number;

/**
 * What a data record must be, once the header is bound: as long as the header, each bound cell present, typed
 * and within its constraints, and no key repeated. Problems go to the sink, at the current record.
 */
export class RecordRules {
  /** Unique columns, the primary key (unless `withPrimaryKey` is false) and uniqueKeys whose columns are all in the header. */
  readonly keys: KeyRule[];
  /** The cast value of each bound column in the current record (INVALID when it has none). */
  readonly values: unknown[];
  /** The current record's key per key rule (onRecord's `keys`). */
  readonly recordKeys: unknown[] = [];
  /** Nothing typed and no key: a row's check needs its cells only, and its position only for a problem (`passes`). */
  readonly plain: boolean;

  private readonly onKey?: KeyDecider;
  /** Per bound column, how many of it and those after it are required (a short row misses them all). */
  private readonly requiredFrom: number[];
  /** The bound columns whose values are read after a check: all of them for onRecord, else the keys' members. */
  private readonly readValues: number[] | 'all';

  /** `expectedRows`: how many rows to make room for in the uniqueness indexes at once; `allValues`: onRecord reads every value. */
  constructor(
    private readonly contract: Contract | undefined,
    private readonly header: string[],
    private readonly bound: BoundColumn[],
    private readonly ragged: Severity | 'off',
    private readonly sink: ProblemSink,
    private readonly record: CurrentRecord,
    options: { expectedRows: number; withPrimaryKey: boolean; allValues: boolean; onKey?: KeyDecider },
  ) {
    this.onKey = options.onKey;
    this.values = bound.map(() => INVALID);
    this.keys = this.keyRules(options.expectedRows, options.withPrimaryKey);
    this.requiredFrom = new Array<number>(bound.length + 1).fill(0);
    for (let b = bound.length - 1; b >= 0; b--) this.requiredFrom[b] = this.requiredFrom[b + 1] + (bound[b].column.rule.required ? 1 : 0);
    this.readValues = options.allValues ? 'all' : [...new Set(this.keys.flatMap((k) => k.members))];
    this.plain = this.keys.length === 0 && bound.every((b) => !b.column.rule.typed);
  }

  private keyRules(expected: number, withPrimaryKey: boolean): KeyRule[] {
    if (!this.contract) return [];
    const rules = tableRules(this.contract);
    // By label, not a search of the bound columns per name: a key of many columns in a wide file stays linear.
    // Only when there is a key: a wide file without one need not index its columns again.
    let boundAt: Map<string, number> | undefined;
    const memberOf = (name: string) => (boundAt ??= new Map(this.bound.map((b, i) => [b.column.key, i]))).get(normalizeLabel(name)) ?? -1;
    const keys: KeyRule[] = [];
    this.bound.forEach((b, i) => {
      if (b.column.rule.unique) keys.push({ members: [i], index: new UniqueIndex(expected), kind: 'unique', names: [b.column.label] });
    });
    const sets: [KeyRule['kind'], string[]][] = [
      ...(rules.primaryKey.length > 0 && withPrimaryKey ? [['primary-key', rules.primaryKey] as [KeyRule['kind'], string[]]] : []),
      ...rules.uniqueKeys.map((names) => ['unique-keys', names] as [KeyRule['kind'], string[]]),
    ];
    for (const [kind, names] of sets) {
      const members = names.map(memberOf);
      if (members.every((m) => m !== -1)) keys.push({ members, index: new UniqueIndex(expected), kind, names });
    }
    return keys;
  }

  /** Checks the record's cells, then records its keys in `recordKeys`. */
  check(row: string[]): void {
    this.checkCells(row);
    for (let k = 0; k < this.keys.length; k++) this.recordKeys[k] = this.checkKey(this.keys[k], this.keyOf(this.keys[k]));
  }

  /** The record's length and each bound cell: present, typed, within its constraints. Sets `values`. */
  checkCells(row: string[]): void {
    const expected = this.header.length;
    if (this.ragged !== 'off' && row.length !== expected) this.reportRagged(row, expected);
    const bound = this.bound;
    for (let b = 0; b < bound.length; b++) {
      const { index, column } = bound[b];
      // Bound columns are in header order: from here on, the row has none of them.
      if (index >= row.length) return this.pastTheEnd(b);
      const rule = column.rule;
      this.values[b] = INVALID;
      const raw = row[index];
      if (rule.isMissing(raw) || (rule.required && !hasContent(raw))) {
        if (rule.required) this.reportCell(index, 'required', `Missing required value ${column.label} for row ${this.record.row}`);
        continue;
      }
      if (!rule.typed) {
        // A plain string: its text is its value (for the primary key and uniqueKeys).
        this.values[b] = raw;
        continue;
      }
      const value = rule.cast(raw);
      if (value === INVALID) {
        this.reportCell(
          index,
          'type-error',
          `Value ${quoteValue(raw)} in ${column.label} (row ${this.record.row}) is not ${describeType(rule.field)}`,
          rule.type,
        );
        continue;
      }
      const violation = rule.violation(value, raw);
      if (violation) {
        const message = `Value ${quoteValue(raw)} in ${column.label} (row ${this.record.row}) ${describeViolation(violation)}`;
        this.reportCell(index, 'constraint-error', message, violation.constraint);
        continue;
      }
      this.values[b] = value;
    }
  }

  /**
   * Whether checkCells would find nothing in `row`, asked without the record's position, for `plain` rules only (it
   * reads no type): a row that fails is checked again by `check`, at its position. Sets no `values`.
   */
  passes(row: string[]): boolean {
    if (this.ragged !== 'off' && row.length !== this.header.length) return false;
    const bound = this.bound;
    for (let b = 0; b < bound.length; b++) {
      const { index, column } = bound[b];
      if (index >= row.length) return this.requiredFrom[b] === 0;
      const rule = column.rule;
      if (rule.required && (rule.isMissing(row[index]) || !hasContent(row[index]))) return false;
    }
    return true;
  }

  /**
   * The bound columns from `from` on, past the end of a short row: each required one is missing. Once the sink is
   * full they are counted in one step: a row of one cell under 100,000 required columns cost 100,000 problems.
   */
  private pastTheEnd(from: number): void {
    const { bound, values } = this;
    if (this.readValues === 'all') values.fill(INVALID, from);
    else for (const m of this.readValues) if (m >= from) values[m] = INVALID;
    let b = from;
    for (; b < bound.length && !this.sink.full; b++) {
      const { index, column } = bound[b];
      if (column.rule.required) this.reportCell(index, 'required', `Missing required value ${column.label} for row ${this.record.row}`);
    }
    this.sink.countHidden(this.requiredFrom[b], 'error', this.record.end);
  }

  /** The record's key for a key rule, or undefined when a member has no value (the row is left out). */
  keyOf(key: KeyRule): unknown {
    const { members } = key;
    if (members.length === 1) {
      const value = valueKey(this.values[members[0]]);
      return value === INVALID ? undefined : value;
    }
    const parts: string[] = [];
    for (const m of members) {
      const value = this.values[m];
      // A null or invalid member leaves the row out (uniqueKeys skip nulls; the key's own problem is reported).
      if (value === INVALID) return undefined;
      parts.push(String(valueKey(value)));
    }
    return joinKeyParts(parts);
  }

  /** Records the key in the rule's index and reports a repeat; returns the key, for the memo. */
  checkKey(key: KeyRule, digestKey: unknown): unknown {
    if (digestKey === undefined) return undefined;
    const row = this.record.row;
    const first = this.onKey ? this.onKey(this.keys.indexOf(key), digestKey, row) : key.index.add(digestKey, row);
    if (first === 0) return digestKey;
    if (key.kind === 'unique') {
      const index = this.bound[key.members[0]].index;
      const { message, reason } = describeRepeat('unique', key.names, row, first, this.record.cellsNow()[index]);
      this.reportCell(index, 'unique-error', message, reason);
    } else {
      const { code, message, reason } = describeRepeat(key.kind, key.names, row, first, '');
      this.sink.add(code, 'error', message, this.record.start, this.record.end, { reason });
    }
    return digestKey;
  }

  /** A problem on cell `index` of the record, or at the record's end when the record is too short to have it. */
  private reportCell(index: number, code: ProblemCode, message: string, reason?: string): void {
    const { start, end } = index < this.record.length ? this.record.cellSpan(index) : { start: this.record.end, end: this.record.end };
    this.sink.add(code, 'error', message, start, end, { reason });
  }

  private reportRagged(row: string[], expected: number): void {
    const severity = this.ragged as Severity;
    const cells = `Row ${this.record.row} has ${counted(row.length, 'cell')}, the header has ${expected}`;
    if (row.length > expected) {
      this.sink.add('extra-cell', severity, cells, this.record.cellSpan(expected).start, this.record.end);
    } else {
      // Only the names the message shows: a short row of a 100,000-column file must not cost 100,000 labels.
      const count = expected - row.length;
      const named = this.header.slice(row.length, row.length + MAX_NAMED).map((label, i) => label.trim() || `column ${row.length + i + 1}`);
      const end = this.record.end;
      this.sink.add('missing-cell', severity, `${cells}: ${listOf(named, count)} ${count === 1 ? 'is' : 'are'} missing`, end, end);
    }
  }
}

/** At most this many names in a message: a row of a 10,000-column file missing most of them stays one line. */
const MAX_NAMED = 10;

/** "a", "a and b", "a, b and c", "a, b, … and 12 more": the first names of `count`. */
function listOf(names: string[], count: number): string {
  const shown = count > MAX_NAMED ? [...names.slice(0, MAX_NAMED - 1), `${count - MAX_NAMED + 1} more`] : names;
  return shown.length === 1 ? shown[0] : `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}`;
}

/** An empty record, or one of whitespace and delimiters only: not checked. */
export function isBlankRow(row: string[]): boolean {
  for (const cell of row) if (hasContent(cell)) return false;
  return true;
}

/** Not empty and not only whitespace; printable ASCII first characters skip the trim. */
export function hasContent(cell: string): boolean {
  const first = cell.charCodeAt(0);
  return first > 32 && first < 127 ? true : cell.trim() !== '';
}
