import { counted, Problem } from '@loadline/shared';
import { FileEnd, foundIn, isFound, NO_CONTRACT, inCliTerms, problemLine, ReportWriter, RunTotals, warningsOverLimit } from './fileProblems';

// JUnit XML as GitLab, Jenkins and most CI read it: one suite for the run, one test case per file. A file with
// errors fails; one under a broken contract file is an error that names the fault; one that no contract applies
// to (and with no errors in its structure) is skipped. More warnings than --max-warnings fail a test case of their own.
const SUITE = 'loadline validate';
/** The most problem lines the report lists, over all its test cases: its memory stays bounded whatever a run finds. */
const MOST_LINES = 25_000;

type Outcome = 'failure' | 'error' | 'skipped' | 'passed';

/** The run as one JUnit test suite: its test cases are kept as XML as files come in, then counted at the end. */
export class JunitReport implements ReportWriter {
  private readonly cases: string[] = [];
  private readonly outcomes: Record<Outcome, number> = { failure: 0, error: 0, skipped: 0, passed: 0 };
  private linesLeft = MOST_LINES;
  /** Per file whose problems are coming: its lines listed so far, the problems found among them, and whether one was left out. */
  private readonly listing = new Map<string, { lines: string; found: number; cut: boolean }>();

  problem(file: string, p: Problem): void {
    let listing = this.listing.get(file);
    if (!listing) this.listing.set(file, (listing = { lines: '', found: 0, cut: false }));
    if (this.linesLeft <= 0) return void (listing.cut = true);
    this.linesLeft--;
    listing.lines += problemLine(file, inCliTerms(p)) + '\n';
    if (isFound(p)) listing.found++;
  }

  add(result: FileEnd): void {
    const { outcome, xml } = this.testCase(result);
    this.outcomes[outcome]++;
    this.cases.push(xml);
  }

  end(totals: RunTotals): string {
    const message = warningsOverLimit(totals);
    if (message) {
      this.cases.push(
        `    <testcase name="--max-warnings ${totals.maxWarnings}" classname="${SUITE}">\n      <failure message="${message}" type="loadline"/>\n    </testcase>\n`,
      );
      this.outcomes.failure++;
    }
    const { failure, error, skipped } = this.outcomes;
    const counts = `tests="${this.cases.length}" failures="${failure}" errors="${error}" skipped="${skipped}"`;
    return (
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
      `<testsuites name="${SUITE}" ${counts}>\n` +
      `  <testsuite name="${SUITE}" ${counts}>\n` +
      this.cases.join('') +
      '  </testsuite>\n' +
      '</testsuites>\n'
    );
  }

  private testCase(result: FileEnd): { outcome: Outcome; xml: string } {
    const { file, noContract, brokenContract, unchecked, internalError, unreadable } = result;
    const errors = result.found.error;
    const lines = this.listed(result);
    const open = `    <testcase name="${attr(file)}" classname="${SUITE}">\n`;
    const close = '    </testcase>\n';
    if (internalError) return { outcome: 'error', xml: `${open}      <error message="${attr(internalError)}" type="internal-error"/>\n${close}` };
    if (unreadable) return { outcome: 'error', xml: `${open}      <error message="${attr(unreadable)}" type="unreadable"/>\n${close}` };
    // Whatever the data's own problems: a contract that cannot be used is the run's fault (exit 2), as a JUnit error.
    if (brokenContract) {
      const fault = problemLine(brokenContract.file, brokenContract.problem);
      const message = `its contract cannot be read: the contract file ${brokenContract.file} is broken`;
      return { outcome: 'error', xml: `${open}      <error message="${attr(message)}" type="invalid-config">${xml(`${fault}\n${lines}`)}</error>\n${close}` };
    }
    if (errors > 0) {
      const warnings = result.found.warning;
      const message = `${counted(errors, 'error')}, ${counted(warnings, 'warning')}`;
      return { outcome: 'failure', xml: `${open}      <failure message="${message}" type="loadline">${xml(lines)}</failure>\n${close}` };
    }
    const output = lines ? `      <system-out>${xml(lines)}</system-out>\n` : '';
    if (unchecked) return { outcome: 'skipped', xml: `${open}      <skipped message="${attr(unchecked)}"/>\n${close}` };
    if (noContract) return { outcome: 'skipped', xml: `${open}      <skipped message="${NO_CONTRACT}"/>\n${output}${close}` };
    return { outcome: 'passed', xml: `${open}${output}${close}` };
  }

  /**
   * The file's problems as lines, while the report had room for them; past it, how many were left out: all the
   * problems found but not listed, with those past --max-problems.
   */
  private listed(result: FileEnd): string {
    const listing = this.listing.get(result.file) ?? { lines: '', found: 0, cut: false };
    this.listing.delete(result.file);
    const more = listing.cut ? foundIn(result) - listing.found : 0;
    const note =
      more > 0 ? `…and ${counted(more, 'more problem')}, left out: the report lists at most ${MOST_LINES}. Run with --format text to see them all.\n` : '';
    return listing.lines + note;
  }
}

// eslint-disable-next-line no-control-regex -- these control characters are the ones XML 1.0 cannot hold.
const NOT_IN_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/**
 * Text as XML 1.0 may hold it, in content: the five special characters escaped, and the characters XML 1.0 cannot
 * hold at all (most C0 controls, lone surrogates, U+FFFE/FFFF) written as U+FFFD.
 */
const xml = (text: string) =>
  text.replace(NOT_IN_XML, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
/** Text in a quoted attribute: tab, line feed and carriage return as references, which a reader keeps (a raw one reads as a space). */
const attr = (text: string) => xml(text).replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
