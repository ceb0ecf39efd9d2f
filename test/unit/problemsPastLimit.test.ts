// What a log report of at most `limit` problems lists and leaves out (countPastLimit): the CLI counts a stream one
// problem at a time, the editor its rejects then its key repeats as two runs; both must agree on how many are
// hidden, how many of those are errors, and the first hidden line.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countPastLimit, NOTHING_LISTED, ProblemRun, ProblemsPastLimit } from '../../shared/src/ingest/check/problemsPastLimit';

const run = (errors: boolean, lines: number[]): ProblemRun => ({ count: lines.length, errors, lineAt: (i) => lines[i] });
const tallied = (limit: number, runs: ProblemRun[]): ProblemsPastLimit => runs.reduce((tally, r) => countPastLimit(tally, limit, r), NOTHING_LISTED);
/** A stream in line order, one problem a run, as the CLI counts it. */
const streamed = (limit: number, problems: [number, boolean][]) =>
  tallied(
    limit,
    problems.map(([line, error]) => run(error, [line])),
  );

describe('countPastLimit', () => {
  it('lists everything under the limit and at it, hiding nothing', () => {
    assert.deepEqual(tallied(3, [run(true, [1, 2]), run(false, [5])]), { listed: 3, hidden: 0, hiddenErrors: 0, firstHiddenLine: Infinity });
    assert.deepEqual(streamed(3, []), NOTHING_LISTED);
  });

  it('counts the problems past the limit, the errors among them, and the first line left out', () => {
    assert.deepEqual(
      streamed(2, [
        [1, true],
        [2, false],
        [3, false],
        [4, true],
        [9, true],
      ]),
      {
        listed: 2,
        hidden: 3,
        hiddenErrors: 2,
        firstHiddenLine: 3,
      },
    );
  });

  it('the editor lists rejects before repeats: the first hidden line is the least of the two runs, not the first run', () => {
    // Rejects on lines 10 and 20, repeats on 5 and 6, a limit of 1: the reject on 10 is listed; 20, 5 and 6 are not.
    assert.deepEqual(tallied(1, [run(true, [10, 20]), run(false, [5, 6])]), { listed: 1, hidden: 3, hiddenErrors: 1, firstHiddenLine: 5 });
    // Room left after the rejects goes to the repeats.
    assert.deepEqual(tallied(3, [run(true, [10, 20]), run(false, [5, 6])]), { listed: 3, hidden: 1, hiddenErrors: 0, firstHiddenLine: 6 });
  });

  it('a limit of 0 hides everything; the counts agree whether a run comes whole or a problem at a time', () => {
    assert.deepEqual(tallied(0, [run(false, [3, 4])]), { listed: 0, hidden: 2, hiddenErrors: 0, firstHiddenLine: 3 });
    const problems: [number, boolean][] = [
      [1, true],
      [2, true],
      [3, true],
      [4, true],
    ];
    for (const limit of [0, 1, 3, 4, 5]) assert.deepEqual(streamed(limit, problems), tallied(limit, [run(true, [1, 2, 3, 4])]), `limit ${limit}`);
  });
});
