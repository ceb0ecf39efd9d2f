import { Problem } from '@loadline/shared';
import { FileProblems, inCliTerms, problemLine } from './fileProblems';

export const OUTPUT_FORMATS = ['text', 'json', 'github', 'sarif', 'junit'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** The report in `format`. SARIF and JUnit are loaded only when asked for: `validate`'s start-up stays small. */
export async function formatReport(results: FileProblems[], format: OutputFormat): Promise<string> {
  if (format === 'sarif') return (await import('./sarifReport')).sarifReport(results);
  if (format === 'junit') return (await import('./junitReport')).junitReport(results);
  return formatProblems(results, format);
}

/** Renders problems with 1-based lines and columns, the way terminals and CI annotations expect. */
function formatProblems(results: FileProblems[], format: 'text' | 'json' | 'github'): string {
  const flat = results.flatMap(({ file, problems }) => problems.map((problem) => ({ file, problem: inCliTerms(problem) })));
  switch (format) {
    case 'json':
      return (
        JSON.stringify(
          flat.map(({ file, problem: p }) => ({
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
          })),
          null,
          2,
        ) + '\n'
      );
    case 'github':
      return flat.map(({ file, problem }) => githubAnnotation(file, problem) + '\n').join('');
    case 'text':
      return flat.map(({ file, problem }) => problemLine(file, problem) + '\n').join('');
  }
}

const GITHUB_LEVEL = { error: 'error', warning: 'warning', information: 'notice' } as const;

// https://docs.github.com/actions/reference/workflow-commands-for-github-actions: data and properties escape differently.
const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
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
