import { Problem } from '@loadline/shared';

export type OutputFormat = 'text' | 'json' | 'github';

export interface FileProblems {
  file: string;
  problems: Problem[];
}

/** Renders problems with 1-based lines and columns, the way terminals and CI annotations expect. */
export function formatProblems(results: FileProblems[], format: OutputFormat): string {
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
            message: p.message,
          })),
          null,
          2,
        ) + '\n'
      );
    case 'github':
      return flat.map(({ file, problem }) => githubAnnotation(file, problem) + '\n').join('');
    case 'text':
      return flat
        .map(({ file, problem: p }) => `${file}:${p.range.start.line + 1}:${p.range.start.character + 1}: ${p.severity} ${p.code} ${p.message}\n`)
        .join('');
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

/** The core's words, with the CLI's way to act on them. */
function inCliTerms(problem: Problem): Problem {
  return problem.code === 'too-many-problems' ? { ...problem, message: `${problem.message}; raise --max-problems to see them` } : problem;
}
