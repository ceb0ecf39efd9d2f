import { FileProblems, countOf, inCliTerms } from './fileProblems';

// GitHub shows a job's step summary as Markdown and takes at most 1 MiB of it per step: the lists are capped.
const MOST_FILES_IN_TABLE = 100;
const MOST_FAILING_FILES = 20;
const MOST_PROBLEMS_PER_FILE = 10;

/** The run in Markdown: a table of the files checked, then the first problems of each file with errors. */
export function stepSummary(results: FileProblems[]): string {
  const rows = results
    .filter((r) => !r.unchecked)
    .map(({ file, problems }) => ({ file, problems, errors: countOf(problems, 'error'), warnings: countOf(problems, 'warning') }));
  const unchecked = results.filter((r) => r.unchecked);
  const failing = rows.filter((r) => r.errors > 0);
  const total = (key: 'errors' | 'warnings') => rows.reduce((sum, r) => sum + r[key], 0);
  const lines = [
    '## Loadline validate',
    '',
    `${rows.length} file${rows.length === 1 ? '' : 's'} checked: ${total('errors')} errors, ${total('warnings')} warnings.`,
    '',
    '| File | Errors | Warnings |',
    '| --- | ---: | ---: |',
    ...rows.slice(0, MOST_FILES_IN_TABLE).map((r) => `| ${md(r.file)} | ${r.errors} | ${r.warnings} |`),
    ...more(rows.length, MOST_FILES_IN_TABLE, 'files'),
    ...(unchecked.length > 0 ? ['', ...unchecked.slice(0, MOST_FILES_IN_TABLE).map((r) => `- ${md(r.file)}: not checked, ${md(r.unchecked!)}`)] : []),
    ...more(unchecked.length, MOST_FILES_IN_TABLE, 'files not checked'),
  ];
  for (const { file, problems } of failing.slice(0, MOST_FAILING_FILES)) {
    lines.push('', `### ${md(file)}`, '');
    for (const p of problems.slice(0, MOST_PROBLEMS_PER_FILE).map(inCliTerms)) {
      lines.push(`- ${p.range.start.line + 1}:${p.range.start.character + 1} ${p.severity} \`${p.code}\` ${md(p.message)}`);
    }
    lines.push(...more(problems.length, MOST_PROBLEMS_PER_FILE, 'problems'));
  }
  lines.push(...more(failing.length, MOST_FAILING_FILES, 'files with errors'));
  return lines.join('\n') + '\n\n';
}

const more = (count: number, shown: number, what: string) => (count > shown ? ['', `…and ${count - shown} more ${what}.`] : []);

/** User text as literal Markdown on one line: punctuation that could format, link or end a table cell is escaped. */
const md = (text: string) => text.replace(/\s+/g, ' ').replace(/[\\`*_{}[\]<>()#+\-!|~&]/g, '\\$&');
