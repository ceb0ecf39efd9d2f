import * as fs from 'fs';
import * as path from 'path';
import { Worker } from 'worker_threads';
import { checkRange, Contract, RangeJob, RangeResult, RangeThread, UnreadableFileError } from '@loadline/shared';
import { hasWatchedRule, newRuleWatch, watchRuleTests } from './slowRuleWatchdog';

type Answer = { id: number; result: RangeResult } | { id: number; error: string; unreadable?: string };

/** The worker script beside this one: the bundle in dist/, or the compiled module under out/. */
const SCRIPT = ['check-range-worker.js', 'checkRangeWorker.js'].map((name) => path.join(__dirname, name)).find((file) => fs.existsSync(file))!;

/**
 * The threads of checkFileInParallel for a contract: with no watched rule (hasWatchedRule), the first is the main
 * thread, which would otherwise wait while the others check (and each thread costs its start, about 0.1 s of CPU).
 * Given foreign keys' referenced keys read meanwhile (`keysRead`), the main thread reads them before it takes a second
 * range: the ranges merged after are looked up in them at once, while the other threads check.
 */
export function rangeThreads(contract: Contract | undefined, budgetMs: number, keysRead?: Promise<void>): () => RangeThread {
  let here = !hasWatchedRule(contract);
  return () => {
    if (!here) return rangeThread(budgetMs);
    here = false;
    return hereThread(keysRead);
  };
}

/** Checks ranges on the calling thread, one a turn of the event loop, so that the other threads' answers are heard between them. */
function hereThread(keysRead?: Promise<void>): RangeThread {
  return {
    ...(keysRead ? { ready: () => keysRead } : {}),
    check: (job: RangeJob) =>
      new Promise<RangeResult>((resolve, reject) =>
        setImmediate(() => {
          try {
            resolve(checkRange(job));
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        }),
      ),
    close: () => Promise.resolve(),
  };
}

/**
 * A worker thread that checks ranges of a file for checkFileInParallel; a thread that dies fails the file. A test of
 * a rule on one cell that runs past `budgetMs` ends the thread and fails the file with a SlowRuleError, as on one thread.
 */
function rangeThread(budgetMs: number): RangeThread {
  const ruleWatch = newRuleWatch();
  const worker = new Worker(SCRIPT, { workerData: { ruleWatch } });
  const waiting = new Map<number, { file: string; resolve: (result: RangeResult) => void; reject: (error: Error) => void }>();
  let nextId = 0;
  const failAll = (error: Error) => {
    for (const { reject } of waiting.values()) reject(error);
    waiting.clear();
  };
  const stopWatching = watchRuleTests(ruleWatch, budgetMs, (error) => {
    failAll(error);
    void worker.terminate();
  });
  worker.on('message', (answer: Answer) => {
    const job = waiting.get(answer.id);
    waiting.delete(answer.id);
    if (!job) return;
    if ('error' in answer) job.reject(answer.unreadable === undefined ? new Error(answer.error) : new UnreadableFileError(job.file, answer.unreadable));
    else job.resolve(answer.result);
  });
  worker.on('error', failAll);
  worker.on('exit', (code) => {
    stopWatching();
    failAll(new Error(`a check thread exited with code ${code}`));
  });
  return {
    depth: 2,
    check: (job: RangeJob) =>
      new Promise<RangeResult>((resolve, reject) => {
        const id = nextId++;
        waiting.set(id, { file: job.file, resolve, reject });
        worker.postMessage({ id, job });
      }),
    close: async () => {
      stopWatching();
      await worker.terminate();
    },
  };
}
