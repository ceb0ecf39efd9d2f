import { noProblemsCounted, Problem, ProblemCode, Range, Severity, SeverityCounts } from '../../problem';
import { clip } from '../../schema/describeFault';
import { counted } from '../../text/counted';
import { LineCursor } from '../../text/lineCursor';

/** The problems of a check and how many records it checked. */
export interface ProblemReport {
  problems: Problem[];
  /** Data records checked, blank ones excluded. */
  records: number;
  /** Problems past maxProblems, counted but not returned. */
  hiddenProblems: number;
  /** The same by severity: a run's error and warning counts stay exact past the cap. */
  hiddenBySeverity: SeverityCounts;
}

/** The longest message a problem carries. */
const MESSAGE_CHARS = 1000;

/**
 * Collects problems up to the cap; past it, only counts, so huge files stay cheap. Offsets are within the
 * current segment; lines count from the start of the file. With `onProblems`, the problems kept are given to it at
 * each `flush` (sorted, unless in found order) and leave the sink: a check of a million problems holds none of them.
 */
export class ProblemSink {
  /** The problems kept; when they are streamed (onProblems), those not yet given to it. */
  private problems: Problem[] = [];
  /** Problems given to onProblems so far. */
  private flushed = 0;
  private lines = new LineCursor('');
  private segment = '';
  private shift = 0;
  private lineBase = 0;
  private hidden = 0;
  private readonly hiddenBySeverity = noProblemsCounted();
  private firstHidden?: Range;

  constructor(
    private readonly max: number,
    private readonly onProblems?: (problems: Problem[]) => void,
  ) {}

  get count(): number {
    return this.flushed + this.problems.length;
  }

  /** The problems shown since `count` was `from` (not streamed: the memo keeps them all). */
  since(from: number): Problem[] {
    return this.problems.slice(from - this.flushed);
  }

  /**
   * Gives the problems kept so far to onProblems, in position order: the caller flushes where no later problem can
   * come before them (between records, between a parallel check's ranges).
   */
  flush(foundOrder = false): void {
    if (!this.onProblems || this.problems.length === 0) return;
    const problems = foundOrder ? this.problems : sortByPosition(this.problems);
    this.flushed += problems.length;
    this.problems = [];
    this.onProblems(problems);
  }

  /** A problem found by an earlier check, at its position then; the cap applies as to any other. */
  addProblem(problem: Problem): void {
    if (this.count >= this.max) {
      this.hidden++;
      this.hiddenBySeverity[problem.severity]++;
      this.firstHidden ??= problem.range;
    } else this.problems.push(problem);
  }

  /** Problems counted past the cap by an earlier check, the first of them at `first`. */
  addHidden(counts: SeverityCounts, first: Range): void {
    for (const severity of ['error', 'warning', 'information'] as const) {
      this.hidden += counts[severity];
      this.hiddenBySeverity[severity] += counts[severity];
    }
    this.firstHidden ??= first;
  }

  /** Past the cap: what is added now is only counted. */
  get full(): boolean {
    return this.count >= this.max;
  }

  /** `count` problems of `severity` past the cap, the first of them at `offset`. */
  countHidden(count: number, severity: Severity, offset: number): void {
    if (count === 0) return;
    this.hidden += count;
    this.hiddenBySeverity[severity] += count;
    this.firstHidden ??= this.range(offset, offset);
  }

  /** Problems added so far, shown or not. */
  get total(): number {
    return this.count + this.hidden;
  }

  /** The problems added since `count` was `from`, taken out of the report. */
  takeFrom(from: number): Problem[] {
    return from === this.count ? [] : this.problems.splice(from - this.flushed);
  }

  /** A piece of a file: its first line is `line` (0-based) of the file. */
  startAtLine(line: number): void {
    this.lineBase = line;
  }

  /** Lines passed over unread (a record too long): the next segment starts that many lines lower. */
  passLines(lines: number): void {
    this.lineBase += lines;
  }

  /** `shift`: where the parsed body starts in the segment (1 after a BOM). */
  beginSegment(segment: string, shift: number): void {
    this.segment = segment;
    this.lines = new LineCursor(segment);
    this.shift = shift;
  }

  /** Counts the lines of the segment's first `length` characters (all by default), where the next one goes on. */
  endSegment(length = this.segment.length): void {
    this.lineBase += this.lines.positionAt(length).line;
    this.segment = '';
    this.lines = new LineCursor('');
  }

  skipSegment(segment: string): void {
    this.beginSegment(segment, 0);
    this.endSegment();
  }

  lineOf(offset: number): number {
    return this.lineBase + this.lines.lineAt(offset + this.shift);
  }

  add(code: ProblemCode, severity: Severity, message: string, start: number, end: number, extra: { header?: string; reason?: string } = {}): void {
    if (this.count >= this.max) {
      this.hidden++;
      this.hiddenBySeverity[severity]++;
      this.firstHidden ??= this.range(start, end);
      return;
    }
    // A header label of any length may stand in many messages: each stays within MESSAGE_CHARS.
    const problem: Problem = { code, severity, message: clip(message, MESSAGE_CHARS), range: this.range(start, end) };
    if (extra.header !== undefined) problem.header = extra.header;
    if (extra.reason !== undefined) problem.reason = extra.reason;
    this.problems.push(problem);
  }

  /** An error at line 0, character 0 of the file, whichever segment was last. */
  addAtFileStart(code: ProblemCode, message: string, header: string): void {
    this.lineBase = 0;
    this.beginSegment('', 0);
    this.add(code, 'error', message, 0, 0, { header });
  }

  /** `foundOrder`: as found, for a parallel check that merges ranges and applies the cap as one check would. */
  report(records: number, foundOrder = false): ProblemReport {
    this.flush(foundOrder);
    // Header problems are found out of order (missing headers last); editors and CLIs read top to bottom.
    const problems = foundOrder ? this.problems : sortByPosition(this.problems);
    if (this.hidden > 0) {
      problems.push({
        code: 'too-many-problems',
        severity: 'information',
        // The adapters say how to raise the limit (a setting, a flag).
        message: `${counted(this.hidden, 'more problem')} not shown (limit ${this.max})`,
        range: this.firstHidden!,
      });
    }
    this.flush(true);
    return { problems: this.problems, records, hiddenProblems: this.hidden, hiddenBySeverity: { ...this.hiddenBySeverity } };
  }

  private range(start: number, end: number): Range {
    const at = (offset: number) => {
      const position = this.lines.positionAt(offset + this.shift);
      return { line: position.line + this.lineBase, character: position.character };
    };
    return { start: at(start), end: at(end) };
  }
}

/** Stable: problems at one position keep the order they were found in. */
const sortByPosition = (problems: Problem[]) =>
  problems.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
