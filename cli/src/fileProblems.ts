import { counted, Problem, SeverityCounts } from '@loadline/shared';

/** One checked file (or a contract file with problems) and what was found in it. */
export interface FileProblems {
  /** Relative to the current folder when below it, else absolute. */
  file: string;
  problems: Problem[];
  /** Problems past --max-problems, not listed but counted: the run's counts and exit code stay exact. */
  hidden?: SeverityCounts;
  /** No contract applied: only the file's CSV structure was checked (a skipped test case in JUnit). */
  noContract?: boolean;
  /** No contract applied because a contract file on the CSV's way up is broken: that file and its first problem. */
  brokenContract?: { file: string; problem: Problem };
  /** Why the file was not checked at all (a skipped test case in JUnit, with this reason). */
  unchecked?: string;
  /** The check failed for a fault of Loadline's own (exit 3): its message, for the reports (a JUnit error, a SARIF notification). */
  internalError?: string;
  /** The file (or a path named on the command line) could not be read (exit 2): why, for the reports, as an internal error is. */
  unreadable?: string;
}

/** Why a file with `noContract` counts as skipped, not passed (JUnit, the step summary). */
export const NO_CONTRACT = 'no contract applies to this file';

/**
 * A file not checked for a reason that is no fault (a log no mapping matches): the code and words of its entry in
 * every report, at severity information, so that a job tells it from a file checked and clean. The exit code is unchanged.
 */
export const uncheckedEntry = ({ unchecked }: Pick<FileProblems, 'unchecked'>) =>
  unchecked === undefined ? undefined : { severity: 'information' as const, code: 'unchecked', message: `not checked: ${unchecked}` };

/** What the whole run found, for a report's end. */
export interface RunTotals {
  errors: number;
  warnings: number;
  /** `--max-warnings`: more warnings than this fail the run. */
  maxWarnings?: number;
}

/** Why the run fails on its warnings alone, or undefined: every report says it, as the exit code does. */
export const warningsOverLimit = ({ warnings, maxWarnings }: RunTotals) =>
  maxWarnings !== undefined && warnings > maxWarnings ? `${counted(warnings, 'warning')}, more than --max-warnings ${maxWarnings} allows` : undefined;

/** A file's end in a report: its outcome, and what was found in it, whether given to `problem` or past the cap. */
export interface FileEnd extends Omit<FileProblems, 'problems' | 'hidden'> {
  found: SeverityCounts;
}

/**
 * A report written as the run goes, so that its memory does not grow with the problems found: each problem is
 * given to `problem` as the check finds it, in file order, then the file's end to `add`; `end` gives the rest of the report's text.
 */
export interface ReportWriter {
  problem(file: string, problem: Problem): void;
  add(end: FileEnd): void;
  end(totals: RunTotals): string;
}

/** The core's words, with the CLI's way to act on them. */
export function inCliTerms(problem: Problem): Problem {
  return problem.code === 'too-many-problems' ? { ...problem, message: `${problem.message}; raise --max-problems to see them` } : problem;
}

// eslint-disable-next-line no-control-regex -- the characters that end or rewrite a terminal line.
const CONTROL = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/g;
const ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
/**
 * Text on one line of a terminal or a log: control characters as escapes (`\n`, `\x1B`), so that a file name
 * or a cell with a line break cannot forge a problem line (hp26).
 */
export const printable = (text: string) =>
  text.replace(
    CONTROL,
    (c) => ESCAPES[c] ?? (c.charCodeAt(0) <= 0xff ? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}` : `\\u${c.charCodeAt(0).toString(16)}`),
  );

/** `file:line:col: severity code message`, 1-based, as terminals and problem matchers read it, always one line. */
export const problemLine = (file: string, p: Problem) =>
  `${printable(file)}:${p.range.start.line + 1}:${p.range.start.character + 1}: ${p.severity} ${p.code} ${printable(p.message)}`;

/** A problem found, not the `too-many-problems` note that says how many more were found past the cap. */
export const isFound = (p: Problem) => p.code !== 'too-many-problems';

/** All the file's problems, listed or past the cap. */
export const foundIn = ({ found }: FileEnd) => found.error + found.warning + found.information;
