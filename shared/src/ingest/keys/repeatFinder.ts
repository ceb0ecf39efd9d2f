import { InputKind } from '../source/inputKind';
import { tableRules } from '../../contract/tableRules';
import { KeyIndex } from './keyIndex';
import { IngestMapping } from '../../mapping/ingestMapping';
import { RowValues } from '../../mapping/mapLine';
import { ParsedRange, RangeKeySet, SentKeys, UniqueRepeat } from '../parse/parsedRange';
import { cutInFileOrder } from './cutInFileOrder';

/** A key that an earlier line of the file already had, and that earlier line (1-based, in the file). */
export interface Repeat {
  /** Which of the range's key sets (`keySetsOf`). */
  set: number;
  /** The key's index in its set. */
  row: number;
  firstLine: number;
  /** The key, as its set sent it: a unique value's holder is looked up by it (Coordinator). */
  key: string;
}

/**
 * Whether a load must find repeats across ranges in file order: the mapping's key with `onDuplicate: "error"`,
 * and a CSV contract's unique columns and uniqueKeys (its primary key is the duplicate key, which the table keeps).
 */
export function findsRepeats(mapping: IngestMapping, input: InputKind): boolean {
  if (mapping.onDuplicate === 'error') return true;
  if (input.kind === 'log') return false;
  const rules = tableRules(input.csv.contract);
  return rules.uniqueKeys.length > 0 || rules.columns.some((c) => c.rule.unique);
}

/** The key sets of a parsed range whose repeats the coordinator finds: the mapping's key first, then a CSV's unique sets. */
export function keySetsOf(parsed: ParsedRange, mapping: IngestMapping): RangeKeySet[] {
  const sets = parsed.uniqueSets ?? [];
  return mapping.onDuplicate === 'error' ? [mappingKeySet(parsed, mapping), ...sets] : sets;
}

function mappingKeySet(parsed: ParsedRange, mapping: IngestMapping): RangeKeySet {
  return {
    mappingKey: true,
    keys: parsed.rows.keys,
    lines: parsed.rowLines,
    rows: parsed.rows.keys.map((_, row) => row),
    rejectOf: (row, firstLine) => ({ code: 'duplicate-key', reason: duplicateKeyReason(mapping, parsed.rows.values[row], firstLine) }),
  };
}

/** The reject reason of a row that repeats the mapping's key of `firstLine` (onDuplicate "error"). */
export function duplicateKeyReason(mapping: IngestMapping, values: RowValues, firstLine: number): string {
  const names = mapping.key.length === 1 ? mapping.key[0] : `(${mapping.key.join(', ')})`;
  const keyValues = mapping.key.map((k) => JSON.stringify(values[mapping.columns.findIndex((c) => c.column === k)]));
  return `duplicate key ${names} ${keyValues.length === 1 ? keyValues[0] : `(${keyValues.join(', ')})`}: the first one is line ${firstLine}`;
}

/**
 * Finds the keys that an earlier line of the file had, across ranges parsed in any order, for every key set.
 * Ranges are decided in file order, each once every earlier one is known, so "earlier" means earlier in the
 * file. Keeps every key seen with its first line, as a digest. Pure bookkeeping: no threads, no I/O.
 */
export class RepeatFinder {
  private readonly firstLines: KeyIndex[] = [];
  private readonly waiting = new Map<number, { lineCount: number; sets: SentKeys[]; linesInFile: boolean }>();
  private next = 0;
  private lineBase = 0;

  /** A parsed range: its line count and its key sets. Returns the ranges this decides, in file order, each with its repeats. */
  add(range: number, lineCount: number, sets: SentKeys[], linesInFile = false): { range: number; repeats: Repeat[] }[] {
    this.waiting.set(range, { lineCount, sets, linesInFile });
    const decided: { range: number; repeats: Repeat[] }[] = [];
    for (let parsed = this.waiting.get(this.next); parsed; parsed = this.waiting.get(this.next)) {
      this.waiting.delete(this.next);
      const repeats: Repeat[] = [];
      const base = parsed.linesInFile ? 0 : this.lineBase;
      parsed.sets.forEach(({ keys, lines }, set) => {
        const index = (this.firstLines[set] ??= new KeyIndex());
        keys.forEach((key, row) => {
          const firstLine = index.add(key, base + lines[row]);
          if (firstLine !== 0) repeats.push({ set, row, firstLine, key });
        });
      });
      decided.push({ range: this.next, repeats });
      this.lineBase += parsed.lineCount;
      this.next++;
    }
    return decided;
  }
}

/**
 * Turns a range's repeats into rejects (one per row, the first set's reason), in line order with the range's
 * other rejects, and leaves the repeated rows out of the load. With `settle` (a real load), the load decides
 * what only the table knows, since the earlier line may be one the server refused, which holds nothing: a repeat
 * of the mapping's key is kept in `parsed.keyRepeats` (settleRepeats), and a repeat of a CSV's unique value in
 * `parsed.uniqueRepeats`, from which on the range loads in file order (cutInFileOrder).
 */
export function rejectRepeats(parsed: ParsedRange, repeats: Repeat[], sets: RangeKeySet[], linesInFile: boolean, settle = false): void {
  const repeated = new Set<number>();
  const keyRepeats: { row: number; reason: string }[] = [];
  const uniqueRepeats: UniqueRepeat[] = [];
  for (const { set, row: at, firstLine, key } of repeats) {
    const keySet = sets[set];
    const row = keySet.rows[at];
    const columns = keySet.columns;
    if (settle && columns) {
      uniqueRepeats.push({ row, set, key, columns, holderLine: firstLine, rejectOf: (line) => keySet.rejectOf(at, line) });
      continue;
    }
    if (repeated.has(row)) continue;
    repeated.add(row);
    const { code, reason } = keySet.rejectOf(at, firstLine);
    if (settle && keySet.mappingKey) {
      keyRepeats.push({ row, reason });
      continue;
    }
    parsed.rejects.push({
      line: parsed.rowLines[row],
      ...(linesInFile ? { fileLine: true } : {}),
      code,
      reason,
      text: parsed.rowTexts?.[row] ?? '',
    });
  }
  if (keyRepeats.length > 0) parsed.keyRepeats = keyRepeats.sort((a, b) => a.row - b.row);
  if (repeated.size > 0) {
    parsed.rejects.sort((a, b) => a.line - b.line);
    parsed.counts.rejected += repeated.size - keyRepeats.length;
    parsed.rows.order = parsed.rows.order.filter((i) => !repeated.has(i));
  }
  const settled = new Set(keyRepeats.map((k) => k.row));
  const contested = uniqueRepeats.filter((u) => !repeated.has(u.row) || settled.has(u.row));
  if (contested.length > 0) cutInFileOrder(parsed, contested);
}
