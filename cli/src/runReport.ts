import { Problem, SeverityCounts } from '@loadline/shared';
import { FileProblems, foundIn, isFound, ReportWriter, RunTotals } from './fileProblems';
import { OutputFormat, reportWriter } from './formatProblems';
import type { StepSummary } from './stepSummary';

/** Report text is written in pieces of about this size: a write per problem cost a system call each. */
const WRITE_BYTES = 64 * 1024;

/**
 * The results of one `validate` run as they come, problem by problem: each goes to the report's writer and the
 * step summary, and only the totals stay, so a run's memory does not grow with the problems it finds (hp26).
 */
export class RunReport {
  errors = 0;
  warnings = 0;
  problems = 0;
  /** A contract file could not be used: the config's fault, which CI tells from the data's by the exit code. */
  configBroken = false;
  private totals: RunTotals = { errors: 0, warnings: 0 };
  /** What was found so far in each file whose problems are coming, until its end is pushed. */
  private readonly open = new Map<string, SeverityCounts>();

  private constructor(
    private readonly writer: ReportWriter,
    private readonly output: BufferedOutput,
    private readonly summary: StepSummary | undefined,
  ) {}

  /** `withSummary`: keep what a step summary shows (its code is loaded only then). */
  static async start(format: OutputFormat, out: NodeJS.WritableStream, withSummary: boolean): Promise<RunReport> {
    const summary = withSummary ? new (await import('./stepSummary')).StepSummary() : undefined;
    const output = new BufferedOutput(out);
    return new RunReport(await reportWriter(format, (text) => output.write(text)), output, summary);
  }

  /** One problem of `file`, as the check finds it, in file order; `push` ends the file. */
  problem(file: string, problem: Problem): void {
    let found = this.open.get(file);
    if (!found) this.open.set(file, (found = noProblemsCounted()));
    if (isFound(problem)) found[problem.severity]++;
    this.configBroken ||= problem.code === 'invalid-config' && problem.severity === 'error';
    this.writer.problem(file, problem);
    this.summary?.problem(file, problem);
  }

  /** A file's end (or a whole file's result): its problems not given to `problem` yet, then its outcome. */
  push({ problems, hidden, ...result }: FileProblems): void {
    for (const problem of problems) this.problem(result.file, problem);
    const found = this.open.get(result.file) ?? noProblemsCounted();
    this.open.delete(result.file);
    for (const severity of ['error', 'warning', 'information'] as const) found[severity] += hidden?.[severity] ?? 0;
    const end = { ...result, found };
    this.errors += found.error;
    this.warnings += found.warning;
    this.problems += foundIn(end);
    this.writer.add(end);
    this.summary?.add(end);
    // A file's lines come out when it is done, as a terminal (or a log read as it grows) wants them.
    this.output.flush();
  }

  /** Writes the rest of the report, once every file is in. */
  end(maxWarnings: number | undefined): void {
    this.totals = { errors: this.errors, warnings: this.warnings, maxWarnings };
    this.output.write(this.writer.end(this.totals));
    // Written even when empty: stdout that cannot take the report (a full disk) fails the run whatever the format.
    this.output.flush(true);
  }

  /** The step summary's Markdown, once `end` has given the run's totals. */
  summaryText(): string {
    return this.summary?.text(this.totals) ?? '';
  }
}

const noProblemsCounted = (): SeverityCounts => ({ error: 0, warning: 0, information: 0 });

/** The report's text, written to `out` in pieces of WRITE_BYTES or more, and the rest at `flush`. */
class BufferedOutput {
  private pieces: string[] = [];
  private length = 0;

  constructor(private readonly out: NodeJS.WritableStream) {}

  write(text: string): void {
    this.pieces.push(text);
    this.length += text.length;
    if (this.length >= WRITE_BYTES) this.flush();
  }

  flush(evenEmpty = false): void {
    if (this.length > 0 || evenEmpty) this.out.write(this.pieces.join(''));
    this.pieces = [];
    this.length = 0;
  }
}
