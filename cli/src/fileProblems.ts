import { Problem } from '@loadline/shared';

/** One checked file (or a contract file with problems) and what was found in it. */
export interface FileProblems {
  /** Relative to the current folder when below it, else absolute. */
  file: string;
  problems: Problem[];
  /** No contract applied: only the file's CSV structure was checked (a skipped test case in JUnit). */
  noContract?: boolean;
  /** Why the file was not checked at all (a skipped test case in JUnit, with this reason). */
  unchecked?: string;
}

/** The core's words, with the CLI's way to act on them. */
export function inCliTerms(problem: Problem): Problem {
  return problem.code === 'too-many-problems' ? { ...problem, message: `${problem.message}; raise --max-problems to see them` } : problem;
}

/** `file:line:col: severity code message`, 1-based, as terminals and problem matchers read it. */
export const problemLine = (file: string, p: Problem) =>
  `${file}:${p.range.start.line + 1}:${p.range.start.character + 1}: ${p.severity} ${p.code} ${p.message}`;

export const countOf = (problems: Problem[], severity: Problem['severity']) => problems.filter((p) => p.severity === severity).length;
