import * as fs from 'fs';
import { Worker } from 'worker_threads';
import { childScripts, Contract, CsvCheckOptions, Problem, validateCsvFile } from '@loadline/shared';
import { hasWatchedRule, newRuleWatch, watchRuleTests } from './slowRuleWatchdog';

type FileReport = Awaited<ReturnType<typeof validateCsvFile>>;
type Answer = { id: number; report: FileReport } | { id: number; error: string } | { id: number; started: true } | { id: number; problems: Problem[] };

/**
 * Whether a file is checked on the calling thread: any file under a contract with no watched rule (see
 * hasWatchedRule). Starting the thread was most of a 3-line file's CPU time, and some 0.1 s of any file's.
 */
function checksHere(file: string, contract: Contract | undefined): boolean {
  try {
    return fs.statSync(file).isFile() && !hasWatchedRule(contract);
  } catch {
    // The thread's check says what is wrong with the file or the contract.
    return false;
  }
}

/**
 * Checks files on a worker thread (the language server's validation worker), one at a time. A long check of
 * one cell is synchronous: on the main thread it held off SIGTERM and Ctrl+C until it ended. Here the main
 * thread stays free to take them, and process exit ends the thread. A thread that dies fails its file only.
 * A file streams for as long as it is long, so only one test of a watched rule has a budget: past it, the
 * thread is ended and the next file gets a fresh one.
 */
export class CheckThread {
  private worker?: Worker;
  private watch = newRuleWatch();
  private nextId = 0;

  constructor(private readonly budgetMs: number) {}

  /** `options.onProblems` hears the problems as the thread finds them (they cross in batches), as on this thread. */
  check(file: string, contract: Contract | undefined, options: CsvCheckOptions): Promise<FileReport> {
    if (checksHere(file, contract)) return validateCsvFile(file, contract, options);
    if (!this.worker) this.watch = newRuleWatch();
    const watch = this.watch;
    const worker = (this.worker ??= new Worker(childScripts(__dirname).validateWorker, { workerData: { ruleWatch: watch } }));
    // An uncaught error in the thread is followed by its exit, which fails the file; unheard, it would end the CLI.
    if (worker.listenerCount('error') === 0) worker.on('error', () => undefined);
    const id = this.nextId++;
    // A function cannot cross to the thread: it is told to send the problems instead.
    const { onProblems, ...sent } = options;
    return new Promise((resolve, reject) => {
      const stopWatching = watchRuleTests(watch, this.budgetMs, (error) => {
        if (this.worker === worker) this.worker = undefined;
        settle(error);
        void worker.terminate();
      });
      const settle = (error: Error | undefined, report?: FileReport) => {
        stopWatching();
        worker.off('message', onAnswer);
        worker.off('exit', onExit);
        if (error) reject(error);
        else resolve(report!);
      };
      const onAnswer = (answer: Answer) => {
        if (answer.id === id && 'problems' in answer) return onProblems?.(answer.problems);
        // The thread also says when it starts checking (the server's budget counts from there): only the end settles.
        if (answer.id === id && ('report' in answer || 'error' in answer))
          settle('error' in answer ? new Error(answer.error) : undefined, 'report' in answer ? answer.report : undefined);
      };
      const onExit = (code: number) => {
        if (this.worker === worker) this.worker = undefined;
        settle(new Error(`the check thread exited with code ${code}`));
      };
      worker.on('message', onAnswer);
      worker.on('exit', onExit);
      worker.postMessage({ id, job: { file, contract, options: sent, streamProblems: !!onProblems } });
    });
  }

  async close(): Promise<void> {
    await this.worker?.terminate();
  }
}
