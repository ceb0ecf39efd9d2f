import { IngestMapping } from '../../mapping/ingestMapping';
import { mapLine, MappedLine, RowValues } from '../../mapping/mapLine';
import { LineSpan } from '../../mapping/rejectSpan';
import { findingSpan } from '../check/findingSpan';
import { duplicateKeyReason } from '../keys/repeatFinder';
import { newTableCollations } from '../parse/keyCollation';
import { rowKey } from '../parse/keyValue';
import { RejectCode } from '../reject';
import { KeyHolder, KeyHolders } from './keyHolders';
import { ReportedLines } from './reportedLines';
import { splitLogLines } from '../../text/logLines';
import { MAX_LINE_BYTES, tooLongReason } from '../../text/lineLimit';

const LONE_CR = /\r(?!\n)/;
const utf8 = new TextEncoder();

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

/** Past this many lines, an array is spliced by copying: a spread of a pasted million lines overflows the stack. */
const MAX_SPREAD = 10_000;

/** `array` with `count` items at `from` replaced by `items` (the same array when short). */
function spliced<T>(array: T[], from: number, count: number, items: T[]): T[] {
  if (items.length <= MAX_SPREAD) {
    array.splice(from, count, ...items);
    return array;
  }
  return array.slice(0, from).concat(items, array.slice(from + count));
}

/** One line, mapped: its row's key when it is a row, and its finding or repeat once asked, kept while they hold. */
/** A line past MAX_LINE_BYTES: the dry run reads only its start, and rejects it unmapped. */
type TooLongLine = { kind: 'reject'; code: 'line-too-long'; reason: string };

interface MappedText extends KeyHolder {
  mapped: MappedLine | TooLongLine;
  key?: string;
  span?: LineSpan;
  finding?: LogFinding;
  repeat?: LogKeyRepeat;
  /** The first line of the key that `finding` or `repeat` names (one-based). */
  named?: number;
}

/**
 * A log open in an editor, checked line for line as `loadline ingest --dry-run` checks it (mapLine, then the
 * key's repeats in file order). An edit maps again only the lines it changed, and finds the first line again only
 * for the keys those lines held or hold (KeyHolders); the lines with something to report stay in line order
 * (ReportedLines). A line's finding is built again only when the line moved or the first line it names did, so
 * that a check returns the same objects for the lines an edit left alone.
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
  private readonly holders = new KeyHolders<MappedText>();
  private readonly reported = new ReportedLines<MappedText>();

  constructor(readonly mapping: IngestMapping) {
    this.keyOf = rowKey(mapping, newTableCollations(mapping));
  }

  /**
   * The findings of the log's whole text, in line order. The text is compared with the last one: the lines before
   * and after the part that changed are kept as they were mapped.
   */
  check(text: string): LogFinding[] {
    // Ingest reads lines without their \n, \r\n or lone \r, as the editor counts them.
    const lines = splitLogLines(text);
    const old = this.lines;
    let head = 0;
    while (head < lines.length && head < old.length && lines[head] === old[head]) head++;
    let tail = 0;
    while (tail < lines.length - head && tail < old.length - head && lines[lines.length - 1 - tail] === old[old.length - 1 - tail]) tail++;
    this.replace(head, old.length - head - tail, lines.slice(head, lines.length - tail));
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
      this.replace(from, to - from + 1, joined.split('\n'));
    }
    return this.findings();
  }

  /** `count` lines at `from` replaced by `lines`: those are mapped, the lines below renumbered, the keys' groups told. */
  private replace(from: number, count: number, lines: string[]): void {
    const added = lines.map((line, i) => this.map(line, from + i));
    for (let i = from; i < from + count; i++) {
      const entry = this.entries[i];
      this.reported.remove(entry);
      // A key's lone line has nothing to report.
      const alone = entry.key === undefined ? undefined : this.holders.remove(entry.key, entry);
      if (alone) this.reported.remove(alone);
    }
    this.lines = spliced(this.lines, from, count, lines);
    this.entries = spliced(this.entries, from, count, added);
    if (count !== lines.length) for (let i = from + lines.length; i < this.entries.length; i++) this.entries[i].line = i;
    for (const entry of added) {
      if (entry.mapped.kind === 'reject') this.reported.add(entry);
      if (entry.key === undefined) continue;
      this.holders.add(entry.key, entry);
      // Every line of a key that two or more lines hold is reported, the first as nothing (it loads).
      if (entry.keys?.holders.size === 2) for (const holder of entry.keys.holders) this.reported.add(holder);
      else if (entry.keys) this.reported.add(entry);
    }
  }

  /** The findings of the lines as they stand, in line order; the kept lines' findings are the objects built before. */
  private findings(): LogFinding[] {
    this.holders.settle();
    const findings: LogFinding[] = [];
    const repeats: LogKeyRepeat[] = [];
    for (const entry of this.reported.inOrder()) {
      if (entry.mapped.kind === 'reject') findings.push(this.rejectOf(entry, entry.mapped));
      else if (entry.mapped.kind === 'row' && entry.keys && entry.keys.first !== entry) {
        const firstLine = entry.keys.first!.line + 1;
        if (this.mapping.onDuplicate === 'error') findings.push(this.duplicateOf(entry, entry.mapped.values, firstLine));
        else repeats.push(this.repeatOf(entry, this.mapping.onDuplicate, firstLine));
      }
    }
    this.repeats = repeats;
    return findings;
  }

  private rejectOf(entry: MappedText, { code, reason }: Extract<MappedLine | TooLongLine, { kind: 'reject' }>): LogFinding {
    if (entry.finding?.line === entry.line) return entry.finding;
    return (entry.finding = { line: entry.line, code, reason, ...this.spanOf(entry) });
  }

  private duplicateOf(entry: MappedText, values: RowValues, firstLine: number): LogFinding {
    if (entry.finding?.line === entry.line && entry.named === firstLine) return entry.finding;
    entry.named = firstLine;
    const reason = duplicateKeyReason(this.mapping, values, firstLine);
    return (entry.finding = { line: entry.line, code: 'duplicate-key', reason, ...this.spanOf(entry) });
  }

  private repeatOf(entry: MappedText, onDuplicate: 'skip' | 'update', firstLine: number): LogKeyRepeat {
    if (entry.repeat?.line === entry.line && entry.named === firstLine) return entry.repeat;
    entry.named = firstLine;
    return (entry.repeat = { line: entry.line, firstLine, onDuplicate, ...this.spanOf(entry) });
  }

  private spanOf(entry: MappedText): LineSpan {
    const { mapped } = entry;
    return (entry.span ??= findingSpan(this.mapping, this.lines[entry.line], mapped.kind === 'reject' && mapped.code === 'line-too-long' ? undefined : mapped));
  }

  private map(line: string, at: number): MappedText {
    this.mappedLines++;
    // UTF-8 takes at most 3 bytes a UTF-16 unit: only a line this long can pass the limit, and is measured.
    const bytes = line.length > MAX_LINE_BYTES / 3 ? utf8.encode(line).length : 0;
    if (bytes > MAX_LINE_BYTES) return { mapped: { kind: 'reject', code: 'line-too-long', reason: tooLongReason('line', bytes) }, line: at };
    const mapped = mapLine(line, this.mapping);
    return mapped.kind === 'row' ? { mapped, line: at, key: this.keyOf(mapped.values) } : { mapped, line: at };
  }
}
