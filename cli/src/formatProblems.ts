import { Problem } from '@loadline/shared';
import { FileProblems, inCliTerms, printable, problemLine, ReportWriter, uncheckedEntry, warningsOverLimit } from './fileProblems';

export const OUTPUT_FORMATS = ['text', 'json', 'github', 'sarif', 'junit'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/**
 * The writer of the report in `format`. Text, JSON and GitHub annotations are written file by file as the run
 * goes; SARIF and JUnit (loaded only when asked for: `validate`'s start-up stays small) keep a capped part.
 */
export async function reportWriter(format: OutputFormat, write: (text: string) => void): Promise<ReportWriter> {
  if (format === 'sarif') return new (await import('./sarifReport')).SarifReport();
  if (format === 'junit') return new (await import('./junitReport')).JunitReport();
  if (format === 'json') return new JsonReport(write);
  const github = format === 'github';
  const line = github ? githubAnnotation : problemLine;
  return {
    add: (result) => {
      const { file, problems } = result;
      write(problems.map((p) => line(file, inCliTerms(p)) + '\n').join(''));
      // A file not checked has no position: named on a line of its own, never left out as a clean file would be.
      const unchecked = uncheckedEntry(result);
      if (unchecked)
        write(
          github
            ? `::notice file=${escapeProperty(file)},title=${escapeProperty(`loadline ${unchecked.code}`)}::${escapeData(unchecked.message)}\n`
            : `${printable(file)}: ${unchecked.severity} ${unchecked.code} ${printable(unchecked.message)}\n`,
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

  add(result: FileProblems): void {
    const { file, problems } = result;
    // A file not checked is an element with no position: a job's `[]` would read as every file checked and clean.
    const unchecked = uncheckedEntry(result);
    if (unchecked) this.element({ file, ...unchecked });
    for (const p of problems.map(inCliTerms)) {
      const element = {
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
      };
      this.element(element);
    }
  }

  private element(element: object): void {
    this.write((this.empty ? '[\n' : ',\n') + JSON.stringify(element, null, 2).replace(/^/gm, '  '));
    this.empty = false;
  }

  end(): string {
    return this.empty ? '[]\n' : '\n]\n';
  }
}

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
