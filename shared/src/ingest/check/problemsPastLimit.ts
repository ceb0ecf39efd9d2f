/**
 * How a report of at most `limit` problems lists a log's problems: how many it listed, and of those past the limit
 * (left out, and counted in one closing problem) how many, how many of them are errors, and the first line among
 * them. The CLI and the editor count alike and each words its own closing problem.
 */
export interface ProblemsPastLimit {
  listed: number;
  hidden: number;
  hiddenErrors: number;
  /** The first line of a problem left out, in the caller's numbering; Infinity while none is. */
  firstHiddenLine: number;
}

export const NOTHING_LISTED: ProblemsPastLimit = { listed: 0, hidden: 0, hiddenErrors: 0, firstHiddenLine: Infinity };

/** Problems of one severity in the order a report lists them, in line order: how many, whether errors, and the line of each. */
export interface ProblemRun {
  count: number;
  errors: boolean;
  lineAt: (index: number) => number;
}

/**
 * `tally` after a run of problems: listed while the limit leaves room, the rest counted past it. A run is one
 * problem as a stream finds it (the CLI), or all the problems of one severity (the editor lists the rejects first,
 * then the key repeats): the first hidden line is the least of the runs' first hidden lines.
 */
export function countPastLimit(tally: ProblemsPastLimit, limit: number, run: ProblemRun): ProblemsPastLimit {
  const listed = Math.min(run.count, Math.max(0, limit - tally.listed));
  const hidden = run.count - listed;
  if (hidden === 0) return { ...tally, listed: tally.listed + listed };
  return {
    listed: tally.listed + listed,
    hidden: tally.hidden + hidden,
    hiddenErrors: tally.hiddenErrors + (run.errors ? hidden : 0),
    firstHiddenLine: Math.min(tally.firstHiddenLine, run.lineAt(listed)),
  };
}
