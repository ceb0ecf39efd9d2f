import { counted, Problem } from '@loadline/shared';
import { FileEnd, foundIn, isFound, NO_CONTRACT, inCliTerms, printable, RunTotals, warningsOverLimit } from './fileProblems';

// GitHub shows a job's step summary as Markdown and takes at most 1 MiB of it per step: the lists are capped, and
// only what they show is kept while the run goes.
const MOST_FILES_IN_TABLE = 100;
const MOST_FAILING_FILES = 20;
const MOST_PROBLEMS_PER_FILE = 10;

interface Row {
  file: string;
  errors: number;
  warnings: number;
}

/** The run in Markdown: a table of the files checked, then the first problems of each file with errors. */
export class StepSummary {
  private readonly rows: Row[] = [];
  private readonly unchecked: { file: string; why: string }[] = [];
  private readonly failing: { file: string; problems: Problem[]; more: number }[] = [];
  private files = 0;
  private uncheckedFiles = 0;
  private failingFiles = 0;
  private readonly total = { errors: 0, warnings: 0 };

  /** The first problems of each file whose problems are coming, until its end: what a failing file shows. */
  private readonly first = new Map<string, Problem[]>();

  problem(file: string, p: Problem): void {
    let first = this.first.get(file);
    if (!first) this.first.set(file, (first = []));
    if (first.length < MOST_PROBLEMS_PER_FILE && this.failingFiles < MOST_FAILING_FILES) first.push(p);
  }

  add(result: FileEnd): void {
    const { file, unchecked, internalError, unreadable, noContract, brokenContract } = result;
    const problems = this.first.get(file) ?? [];
    this.first.delete(file);
    const row = { file, errors: result.found.error, warnings: result.found.warning };
    // A CSV no contract applies to (its structure passed) is skipped, as in JUnit: a `0 | 0` row would read as a pass.
    const skipped = row.errors > 0 ? undefined : brokenContract ? `its contract file ${brokenContract.file} is broken` : noContract ? NO_CONTRACT : undefined;
    const why = unchecked ?? internalError ?? unreadable ?? skipped;
    this.total.errors += row.errors;
    this.total.warnings += row.warnings;
    if (why) {
      if (this.uncheckedFiles++ < MOST_FILES_IN_TABLE) this.unchecked.push({ file, why });
      return;
    }
    if (this.files++ < MOST_FILES_IN_TABLE) this.rows.push(row);
    if (row.errors > 0 && this.failingFiles++ < MOST_FAILING_FILES) {
      // All the problems found past those shown, with those past --max-problems: the note's count is exact.
      this.failing.push({ file, problems, more: foundIn(result) - problems.filter(isFound).length });
    }
  }

  text(totals: RunTotals): string {
    const overLimit = warningsOverLimit(totals);
    const lines = [
      '## Loadline validate',
      '',
      `${counted(this.files, 'file')} checked: ${counted(this.total.errors, 'error')}, ${counted(this.total.warnings, 'warning')}.`,
      '',
      // The run fails on its warnings alone: the table has no error to say why.
      ...(overLimit ? [`**Failed: ${md(overLimit)}.**`, ''] : []),
      '| File | Errors | Warnings |',
      '| --- | ---: | ---: |',
      ...this.rows.map((r) => `| ${md(r.file)} | ${r.errors} | ${r.warnings} |`),
      ...moreThan(this.files, MOST_FILES_IN_TABLE, 'file'),
      ...(this.unchecked.length > 0 ? ['', ...this.unchecked.map((r) => `- ${md(r.file)}: not checked, ${md(r.why)}`)] : []),
      ...moreThan(this.uncheckedFiles, MOST_FILES_IN_TABLE, 'file', 'not checked'),
    ];
    for (const { file, problems, more } of this.failing) {
      lines.push('', `### ${md(file)}`, '');
      for (const p of problems.map(inCliTerms)) {
        lines.push(`- ${p.range.start.line + 1}:${p.range.start.character + 1} ${p.severity} \`${p.code}\` ${md(p.message)}`);
      }
      if (more > 0) lines.push('', `…and ${counted(more, 'more problem')}.`);
    }
    lines.push(...moreThan(this.failingFiles, MOST_FAILING_FILES, 'file', 'with errors'));
    return lines.join('\n') + '\n\n';
  }
}

const moreThan = (count: number, shown: number, noun: string, after = '') =>
  count > shown ? ['', `…and ${counted(count - shown, `more ${noun}`)}${after ? ` ${after}` : ''}.`] : [];

/**
 * User text as literal Markdown on one line: control characters as escapes (`\n`, `\x1b`, see printable);
 * punctuation that could format, link or end a table cell is escaped, `$` too (GitHub reads `$…$` as math), and so are the `://` of a URL, the `@` of an e-mail address and the dot of
 * `www.`, which GitHub would otherwise turn into live links (autolinks, hp26).
 */
const md = (text: string) =>
  printable(text)
    .replace(/\s+/g, ' ')
    .replace(/[\\`*_{}[\]<>()#+\-!|~&$@]|:(?=\/\/)/g, '\\$&')
    .replace(/(www)\./gi, '$1\\.');
