import { countOf, FileProblems, foundIn, ReportWriter, RunTotals } from './fileProblems';
import { OutputFormat, reportWriter } from './formatProblems';
import type { StepSummary } from './stepSummary';

/**
 * The results of one `validate` run as they come, file by file: each goes to the report's writer and the step
 * summary, and only the totals stay, so a run's memory does not grow with the problems it finds (hp26).
 */
export class RunReport {
  errors = 0;
  warnings = 0;
  problems = 0;
  /** A contract file could not be used: the config's fault, which CI tells from the data's by the exit code. */
  configBroken = false;
  private totals: RunTotals = { errors: 0, warnings: 0 };

  private constructor(
    private readonly writer: ReportWriter,
    private readonly out: NodeJS.WritableStream,
    private readonly summary: StepSummary | undefined,
  ) {}

  /** `withSummary`: keep what a step summary shows (its code is loaded only then). */
  static async start(format: OutputFormat, out: NodeJS.WritableStream, withSummary: boolean): Promise<RunReport> {
    const summary = withSummary ? new (await import('./stepSummary')).StepSummary() : undefined;
    return new RunReport(await reportWriter(format, (text) => out.write(text)), out, summary);
  }

  push(result: FileProblems): void {
    this.errors += countOf(result, 'error');
    this.warnings += countOf(result, 'warning');
    this.problems += foundIn(result);
    this.configBroken ||= result.problems.some((p) => p.code === 'invalid-config' && p.severity === 'error');
    this.writer.add(result);
    this.summary?.add(result);
  }

  /** Writes the rest of the report, once every file is in. */
  end(maxWarnings: number | undefined): void {
    this.totals = { errors: this.errors, warnings: this.warnings, maxWarnings };
    this.out.write(this.writer.end(this.totals));
  }

  /** The step summary's Markdown, once `end` has given the run's totals. */
  summaryText(): string {
    return this.summary?.text(this.totals) ?? '';
  }
}
