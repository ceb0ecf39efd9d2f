import { FileProblems, countOf, inCliTerms, problemLine } from './fileProblems';

// JUnit XML as GitLab, Jenkins and most CI read it: one suite for the run, one test case per file. A file with
// errors fails; one that no contract applies to (and with no errors in its structure) is skipped.
const SUITE = 'loadline validate';

/** The run as one JUnit test suite. */
export function junitReport(results: FileProblems[]): string {
  const cases = results.map(testCase);
  const failures = cases.filter((c) => c.outcome === 'failure').length;
  const skipped = cases.filter((c) => c.outcome === 'skipped').length;
  const counts = `tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}"`;
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<testsuites name="${SUITE}" ${counts}>\n` +
    `  <testsuite name="${SUITE}" ${counts}>\n` +
    cases.map((c) => c.xml).join('') +
    '  </testsuite>\n' +
    '</testsuites>\n'
  );
}

function testCase({ file, problems, noContract, unchecked }: FileProblems): { outcome: 'failure' | 'skipped' | 'passed'; xml: string } {
  const errors = countOf(problems, 'error');
  const lines = problems.map((p) => problemLine(file, inCliTerms(p)) + '\n').join('');
  const open = `    <testcase name="${xml(file)}" classname="${SUITE}">\n`;
  const close = '    </testcase>\n';
  if (errors > 0) {
    const warnings = countOf(problems, 'warning');
    const message = `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`;
    return { outcome: 'failure', xml: `${open}      <failure message="${message}" type="loadline">${xml(lines)}</failure>\n${close}` };
  }
  const output = lines ? `      <system-out>${xml(lines)}</system-out>\n` : '';
  if (unchecked) return { outcome: 'skipped', xml: `${open}      <skipped message="${xml(unchecked)}"/>\n${close}` };
  if (noContract) return { outcome: 'skipped', xml: `${open}      <skipped message="no contract applies to this file"/>\n${output}${close}` };
  return { outcome: 'passed', xml: `${open}${output}${close}` };
}

// eslint-disable-next-line no-control-regex -- these control characters are the ones XML 1.0 cannot hold.
const NOT_IN_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/**
 * Text as XML 1.0 may hold it, in content or in a quoted attribute: the five special characters escaped, and the
 * characters XML 1.0 cannot hold at all (most C0 controls, lone surrogates, U+FFFE/FFFF) written as U+FFFD.
 */
const xml = (text: string) =>
  text.replace(NOT_IN_XML, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
