// A check's time budget counts the check, not the copy of a wide contract to its thread nor the compiling of its
// rules (issue 22, class 2): the checker says when it starts checking (`started`), and the budget starts again
// then. Fake checkers on a clock the test drives: counted in simulated milliseconds, never timed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CsvReport } from '../../shared/src/csv/check/validateCsv';
import { Checker, CheckerEvents } from '../../server/src/checkerThread';
import { ValidationWorker } from '../../server/src/validationWorker';
import { ManualClock } from '../support/manualClock';

const BUDGET_MS = 5000;
const REPORT = { problems: [] } as unknown as CsvReport;

/** A checker that loads at once and, given a job, starts checking after `preparingMs` and answers `checkingMs` later. */
function checkerTaking(clock: ManualClock, preparingMs: number, checkingMs: number) {
  return (events: CheckerEvents): Checker => {
    let ended = false;
    clock.setTimeout(() => events.loaded(), 0);
    return {
      run: (id) =>
        clock.setTimeout(() => {
          if (ended) return;
          events.started(id);
          clock.setTimeout(() => !ended && events.answered(id, { report: REPORT }), checkingMs);
        }, preparingMs),
      cancel: () => undefined,
      forget: () => undefined,
      rule: () => undefined,
      end: () => Promise.resolve((ended = true)),
    };
  };
}

/** What one document's check gives after `ms` of simulated time. */
async function outcomeAfter(preparingMs: number, checkingMs: number, ms: number): Promise<string> {
  const clock = new ManualClock();
  const pool = new ValidationWorker({ clock, budgetMs: BUDGET_MS, spawn: checkerTaking(clock, preparingMs, checkingMs) });
  let outcome = 'none yet';
  pool.validate({ text: 'a\n1\n', document: 'wide.csv', options: {} }).then(
    () => (outcome = 'report'),
    (error: Error) => (outcome = error.message),
  );
  for (let passed = 0; passed < ms; passed += 100) {
    clock.advance(100);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  await pool.dispose();
  return outcome;
}

describe('a check budget counts the check', () => {
  it('gives the report of a check that took most of its budget after a contract that took most of one to arrive', async () => {
    assert.equal(await outcomeAfter(BUDGET_MS - 1000, BUDGET_MS - 1000, 3 * BUDGET_MS), 'report');
  });

  it('still stops a check that runs past its budget once started', async () => {
    assert.match(await outcomeAfter(100, 10 * BUDGET_MS, 3 * BUDGET_MS), /longer than 5 s and was stopped/);
  });

  it('gives a checker that copies and compiles a wide contract more than one budget, but stops one that never starts checking', async () => {
    assert.equal(await outcomeAfter(Infinity, 0, 2 * BUDGET_MS), 'none yet');
    assert.match(await outcomeAfter(Infinity, 0, 5 * BUDGET_MS), /longer than 20 s and was stopped/);
  });

  it('gives the report of a check whose contract took longer than a budget to arrive', async () => {
    assert.equal(await outcomeAfter(2 * BUDGET_MS, BUDGET_MS - 1000, 4 * BUDGET_MS), 'report');
  });
});
