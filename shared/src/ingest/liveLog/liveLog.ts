import { IngestMapping } from '../../mapping/ingestMapping';
import { mapLine, MappedLine, RowValues } from '../../mapping/mapLine';
import { LineSpan, rejectSpan } from '../../mapping/rejectSpan';
import { valueAt } from '../../mapping/valuePath';
import { duplicateKeyReason } from '../keys/repeatFinder';
import { newTableCollations } from '../parse/keyCollation';
import { rowKey } from '../parse/keyValue';
import { RejectCode } from '../reject';

/** A line that a dry run of the log would reject: where in the text, and the reject's code and reason. */
export interface LogFinding extends LineSpan {
  /** Zero-based, as an editor counts lines (the rejects file's line is one more). */
  line: number;
  code: RejectCode;
  reason: string;
}

/** One distinct line text, mapped once: its row's key when it is a row. */
interface MappedText {
  mapped: MappedLine;
  key?: string;
}

/**
 * A log open in an editor, checked line for line as `loadline ingest --dry-run` checks it (mapLine, then the
 * key's repeats in file order). Each distinct line text is mapped once and kept while the text has it, so an edit
 * maps again only the lines it touched; the key's repeats are found again over the kept keys.
 */
export class LiveLog {
  /** How many line texts were mapped since the log was opened: what an edit cost. */
  mappedLines = 0;
  private known = new Map<string, MappedText>();
  private readonly keyOf: (values: RowValues) => string;

  constructor(readonly mapping: IngestMapping) {
    this.keyOf = rowKey(mapping, newTableCollations(mapping));
  }

  /** The findings of the log's whole text, in line order. */
  check(text: string): LogFinding[] {
    // Ingest reads lines without their \n or \r\n.
    const lines = text.split(/\r?\n/);
    const known = new Map<string, MappedText>();
    const findings: LogFinding[] = [];
    const firstLines = new Map<string, number>();
    const keyRepeats = this.mapping.onDuplicate === 'error';
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      let entry = known.get(line);
      if (!entry) {
        entry = this.known.get(line) ?? this.map(line);
        known.set(line, entry);
      }
      const { mapped, key } = entry;
      if (mapped.kind === 'reject') {
        findings.push({ line: i, code: mapped.code, reason: mapped.reason, ...this.spanOf(line, mapped) });
      } else if (key !== undefined) {
        const first = firstLines.get(key);
        if (first === undefined) firstLines.set(key, i + 1);
        else if (keyRepeats && mapped.kind === 'row') {
          findings.push({ line: i, code: 'duplicate-key', reason: duplicateKeyReason(this.mapping, mapped.values, first), ...this.keySpan(line) });
        }
      }
    }
    this.known = known;
    return findings;
  }

  private map(line: string): MappedText {
    this.mappedLines++;
    const mapped = mapLine(line, this.mapping);
    return mapped.kind === 'row' ? { mapped, key: this.keyOf(mapped.values) } : { mapped };
  }

  private spanOf(line: string, mapped: Extract<MappedLine, { kind: 'reject' }>): LineSpan {
    return rejectSpan(line, mapped.at, mapped.reason);
  }

  /** A repeated key's first column's value, whose path may depend on the line's `when` value. */
  private keySpan(line: string): LineSpan {
    const column = this.mapping.columns.find((c) => c.column === this.mapping.key[0]);
    if (!column) return { start: 0, end: line.length };
    let source = 'path' in column.source ? column.source : undefined;
    if (!source && this.mapping.when && 'byType' in column.source) {
      const kind = valueAt(JSON.parse(line), this.mapping.when.path);
      source = typeof kind === 'string' ? column.source.byType[kind] : undefined;
    }
    return source ? rejectSpan(line, { kind: 'value', path: source.path }) : { start: 0, end: line.length };
  }
}
