import { Problem } from '@loadline/shared';
import { FileEnd, inCliTerms, printable, problemLine, ReportWriter, uncheckedEntry, warningsOverLimit } from './fileProblems';

export const OUTPUT_FORMATS = ['text', 'json', 'github', 'sarif', 'junit'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/**
 * The writer of the report in `format`. Text, JSON and GitHub annotations are written problem by problem as the
 * run goes; SARIF and JUnit (loaded only when asked for: `validate`'s start-up stays small) keep a capped part.
 */
export async function reportWriter(format: OutputFormat, write: (text: string) => void): Promise<ReportWriter> {
  if (format === 'sarif') return new (await import('./sarifReport')).SarifReport();
  if (format === 'junit') return new (await import('./junitReport')).JunitReport();
  if (format === 'json') return new JsonReport(write);
  const github = format === 'github';
  const line = github ? githubAnnotation : problemLine;
  return {
    problem: (file, p) => write(line(file, inCliTerms(p)) + '\n'),
    add: ({ file, ...result }) => {
      // Text says why a file was not read on stderr, once; an annotation is what a GitHub job shows, so the file must
      // have one. A log no mapping matches is no fault: a line of the report in text too, never left out as a clean file is.
      const failure = github ? notChecked(result) : uncheckedEntry(result);
      if (!failure) return;
      const title = escapeProperty(`loadline ${failure.code}`);
      write(
        github
          ? `::${GITHUB_LEVEL[failure.severity]} file=${escapeProperty(file)},title=${title}::${escapeData(failure.message)}\n`
          : `${printable(file)}: ${failure.severity} ${failure.code} ${printable(failure.message)}\n`,
      );
    },
    // A run failed by its warnings alone has no error annotation of its own; text says it on stderr.
    end: (totals) => {
      const overLimit = github ? warningsOverLimit(totals) : undefined;
      return overLimit ? `::error::${escapeData(overLimit)}\n` : '';
    },
  };
}

/** One JSON array, written an element at a time, as `JSON.stringify(all, null, 2)` would write it whole. */
class JsonReport implements ReportWriter {
  private empty = true;

  constructor(private readonly write: (text: string) => void) {}

  problem(file: string, problem: Problem): void {
    const p = inCliTerms(problem);
    this.element({
      file,
      line: p.range.start.line + 1,
      column: p.range.start.character + 1,
      endLine: p.range.end.line + 1,
      endColumn: p.range.end.character + 1,
      severity: p.severity,
      code: p.code,
      ...(p.reason ? { reason: p.reason } : {}),
      ...(p.data ? { data: p.data } : {}),
      message: p.message,
    });
  }

  add({ file, ...result }: FileEnd): void {
    const failure = notChecked(result);
    // A file not read (or not checked) is an element with no position: a job's `[]` would read as a clean run.
    if (failure) this.element({ file, ...failure });
  }

  end(): string {
    return this.empty ? '[]\n' : '\n]\n';
  }

  private element(element: object): void {
    this.write((this.empty ? '[\n' : ',\n') + JSON.stringify(element, null, 2).replace(/^/gm, '  '));
    this.empty = false;
  }
}

/**
 * Why a file has no problems of its own to show: it could not be read, or the check failed on it (JUnit's error
 * types), both errors; or it was not checked for no fault (a log no mapping matches), information.
 */
const notChecked = ({ unreadable, internalError, unchecked }: Omit<FileEnd, 'file'>) =>
  unreadable !== undefined
    ? { severity: 'error' as const, code: 'unreadable', message: unreadable }
    : internalError !== undefined
      ? { severity: 'error' as const, code: 'internal-error', message: internalError }
      : uncheckedEntry({ unchecked });

const GITHUB_LEVEL = { error: 'error', warning: 'warning', information: 'notice' } as const;

// https://docs.github.com/actions/reference/workflow-commands-for-github-actions: data and properties escape differently.
// The runner unescapes only %25, %0D, %0A (and %3A, %2C in properties): any other control character (ESC, which
// would color the log) is shown as an escape (`\x1b`), as in the text output.
const escapeData = (s: string) => printable(s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'));
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

function githubAnnotation(file: string, p: Problem): string {
  const props = [
    `file=${escapeProperty(file)}`,
    `line=${p.range.start.line + 1}`,
    `col=${p.range.start.character + 1}`,
    `endLine=${p.range.end.line + 1}`,
    `endColumn=${p.range.end.character + 1}`,
    `title=${escapeProperty(`loadline ${p.code}`)}`,
  ];
  return `::${GITHUB_LEVEL[p.severity]} ${props.join(',')}::${escapeData(p.message)}`;
}
