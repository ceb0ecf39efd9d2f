import { IngestMapping } from '../../mapping/ingestMapping';
import { ParsedRange, RangeKeySet } from '../parse/parsedRange';

/**
 * A dry run of a CSV with unique sets: what a real run makes of each line (loadInFileOrder), as if the server
 * refused none of them. A value is held by the row the table would hold it in; a line whose key is there is a
 * duplicate ("skip"), a repeat of the key ("error") or that row's update ("update"); a line whose value another
 * row holds repeats it. Keeps every key and value as text: this is the dry run's exact model, not the real run's
 * memory bound.
 */
export class LineByLine {
  /** Each key the table would hold, with the line that put it there and its row's unique values per set. */
  private readonly rows = new Map<string, { line: number; values: (string | undefined)[] }>();
  /** Per unique set, each value the table would hold, with its row's key and the line that put it there. */
  private readonly held: Map<string, { key: string; line: number }>[] = [];
  /** Rejects of a repeat, which a real run may not make when the server refuses the earlier line (a CHECK). */
  assumed = 0;

  constructor(private readonly mapping: IngestMapping) {}

  /** Decides a parsed range's rows in file order: sets its counts and adds its rejects. `sets`: keySetsOf's. */
  range(parsed: ParsedRange, sets: RangeKeySet[]): void {
    const { onDuplicate } = this.mapping;
    /** Per row, per set: the index of its key in the set. */
    const at = parsed.rows.values.map(() => sets.map(() => -1));
    sets.forEach((set, s) => set.rows.forEach((row, i) => (at[row][s] = i)));
    const reject = (row: number, { code, reason }: { code: ParsedRange['rejects'][number]['code']; reason: string }) => {
      parsed.rejects.push({ line: parsed.rowLines[row], fileLine: true, code, reason, text: parsed.rowTexts?.[row] ?? '' });
      parsed.counts.rejected++;
      this.assumed++;
    };
    for (let row = 0; row < parsed.rows.values.length; row++) {
      const key = parsed.rows.keys[row];
      const line = parsed.rowLines[row];
      const there = this.rows.get(key);
      if (there && onDuplicate !== 'update') {
        if (onDuplicate === 'error') reject(row, sets[0].rejectOf(row, there.line));
        else parsed.counts.duplicates++;
        continue;
      }
      const values = sets.map((set, s) => (set.mappingKey || at[row][s] === -1 ? undefined : set.keys[at[row][s]]));
      const repeated = values.findIndex((v, s) => v !== undefined && this.holder(s, v) !== undefined && this.holder(s, v)!.key !== key);
      if (repeated !== -1) {
        reject(row, sets[repeated].rejectOf(at[row][repeated], this.holder(repeated, values[repeated]!)!.line));
        continue;
      }
      if (there) {
        parsed.counts.duplicates++;
        there.values.forEach((old, s) => old !== undefined && this.holder(s, old)?.key === key && this.held[s].delete(old));
      } else parsed.counts.inserted++;
      this.rows.set(key, { line: there?.line ?? line, values });
      values.forEach((v, s) => v !== undefined && (this.held[s] ??= new Map()).set(v, { key, line }));
    }
    parsed.rejects.sort((a, b) => a.line - b.line);
  }

  private holder(set: number, value: string): { key: string; line: number } | undefined {
    return this.held[set]?.get(value);
  }
}
