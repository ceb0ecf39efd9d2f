import { IngestMapping } from '../../mapping/ingestMapping';
import { mapLine, MappedLine, RowValues } from '../../mapping/mapLine';
import { LineSpan } from '../../mapping/rejectSpan';
import { findingSpan } from '../check/findingSpan';
import { duplicateKeyReason } from '../keys/repeatFinder';
import { newTableCollations } from '../parse/keyCollation';
import { rowKey } from '../parse/keyValue';
import { RejectCode } from '../reject';
import { splitLogLines } from '../../text/logLines';

const LONE_CR = /\r(?!\n)/;

/** A line that a dry run of the log would reject: where in the text, and the reject's code and reason. */
export interface LogFinding extends LineSpan {
  /** Zero-based, as an editor counts lines (the rejects file's line is one more). */
  line: number;
  code: RejectCode;
  reason: string;
}

/**
 * A later line that repeats an earlier line's key when the mapping skips or updates repeats: no reject, but the
 * dry run loads only one of the two (skip: the first line's values; update: this line's).
 */
export interface LogKeyRepeat extends LineSpan {
  /** Zero-based, as `LogFinding.line`. */
  line: number;
  /** One-based, as the rejects file counts lines. */
  firstLine: number;
  onDuplicate: 'skip' | 'update';
}

/** An editor's incremental change: `text` in place of `range` (lines and UTF-16 characters, as LSP counts them). */
export interface LineEdit {
  range: { start: Position; end: Position };
  text: string;
}

type Position = { line: number; character: number };

/** One line, mapped: its row's key when it is a row, and where its finding goes once asked. */
interface MappedText {
  mapped: MappedLine;
  key?: string;
  span?: LineSpan;
}

/**
 * A log open in an editor, checked line for line as `loadline ingest --dry-run` checks it (mapLine, then the
 * key's repeats in file order). A new text is compared with the last one: the lines before and after the part an
 * edit changed are kept as they were mapped, and only the lines between are mapped again. The key's repeats are
 * then found again over the kept keys.
 */
export class LiveLog {
  /** How many lines were mapped since the log was opened: what the edits cost. */
  mappedLines = 0;
  /** The last check's lines that repeat a key under skip or update, in line order. */
  repeats: LogKeyRepeat[] = [];
  private lines: string[] = [];
  /** Whether the text holds a lone `\r`: an edit then cannot tell which break it joins to (`\r` + `\n` is one). */
  private loneCr = false;
  private entries: MappedText[] = [];
  private readonly keyOf: (values: RowValues) => string;

  constructor(readonly mapping: IngestMapping) {
    this.keyOf = rowKey(mapping, newTableCollations(mapping));
  }

  /** The findings of the log's whole text, in line order. */
  check(text: string): LogFinding[] {
    // Ingest reads lines without their \n, \r\n or lone \r, as the editor counts them.
    const lines = splitLogLines(text);
    this.entries = this.remap(lines);
    this.lines = lines;
    this.loneCr = LONE_CR.test(text);
    return this.findings();
  }

  /**
   * The findings after `edits` (an editor's incremental changes since the last check, in order), touching only the
   * lines they change; undefined when an edit inserts a `\r` or the text holds a lone one (the lines keep no
   * record of their breaks, and an LF typed after a lone CR makes one break of two): `check` the whole text then.
   */
  edit(edits: readonly LineEdit[]): LogFinding[] | undefined {
    for (const { range, text } of edits) {
      if (this.loneCr || text.includes('\r')) return undefined;
      // Positions past the end are clamped, as the editor's document clamps them.
      const last = this.lines.length - 1;
      const at = ({ line, character }: Position) => (line > last ? { line: last, character: Infinity } : { line, character });
      const [start, end] = [at(range.start), at(range.end)];
      const [from, to] = [start.line, end.line];
      const joined = this.lines[from].slice(0, start.character) + text + this.lines[to].slice(end.character);
      const lines = joined.split('\n');
      this.lines.splice(from, to - from + 1, ...lines);
      this.entries.splice(from, to - from + 1, ...lines.map((line) => this.map(line)));
    }
    return this.findings();
  }

  /** The findings of the lines as they stand: the mapped lines kept, the keys' repeats found again in line order. */
  private findings(): LogFinding[] {
    const { lines } = this;
    const findings: LogFinding[] = [];
    const repeats: LogKeyRepeat[] = [];
    const firstLines = new Map<string, number>();
    const { onDuplicate } = this.mapping;
    for (let i = 0; i < lines.length; i++) {
      const entry = this.entries[i];
      const { mapped, key } = entry;
      if (mapped.kind === 'reject') {
        entry.span ??= findingSpan(this.mapping, lines[i], mapped);
        findings.push({ line: i, code: mapped.code, reason: mapped.reason, ...entry.span });
      } else if (key !== undefined) {
        const first = firstLines.get(key);
        if (first === undefined) firstLines.set(key, i + 1);
        else if (mapped.kind === 'row') {
          entry.span ??= findingSpan(this.mapping, lines[i], mapped);
          if (onDuplicate === 'error')
            findings.push({ line: i, code: 'duplicate-key', reason: duplicateKeyReason(this.mapping, mapped.values, first), ...entry.span });
          else repeats.push({ line: i, firstLine: first, onDuplicate, ...entry.span });
        }
      }
    }
    this.repeats = repeats;
    return findings;
  }

  /** The entries of `lines`: the last text's for the lines before and after the changed part, new ones between. */
  private remap(lines: string[]): MappedText[] {
    const old = this.lines;
    let head = 0;
    while (head < lines.length && head < old.length && lines[head] === old[head]) head++;
    let tail = 0;
    while (tail < lines.length - head && tail < old.length - head && lines[lines.length - 1 - tail] === old[old.length - 1 - tail]) tail++;
    const middle = lines.slice(head, lines.length - tail).map((line) => this.map(line));
    return [...this.entries.slice(0, head), ...middle, ...this.entries.slice(old.length - tail)];
  }

  private map(line: string): MappedText {
    this.mappedLines++;
    const mapped = mapLine(line, this.mapping);
    return mapped.kind === 'row' ? { mapped, key: this.keyOf(mapped.values) } : { mapped };
  }
}
