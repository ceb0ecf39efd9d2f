import { Worker } from 'worker_threads';
import { childScripts, Contract, RULE_WATCH_BYTES, validateCsvFile } from '@loadline/shared';

type FileReport = Awaited<ReturnType<typeof validateCsvFile>>;
type Answer = { id: number; report: FileReport } | { id: number; error: string };

/**
 * Checks files on a worker thread (the language server's validation worker), one at a time. A long check of
 * one cell is synchronous: on the main thread it held off SIGTERM and Ctrl+C until it ended. Here the main
 * thread stays free to take them, and process exit ends the thread. A thread that dies fails its file only.
 */
export class CheckThread {
  private worker?: Worker;
  private nextId = 0;

  check(file: string, contract: Contract | undefined, options: Parameters<typeof validateCsvFile>[2]): Promise<FileReport> {
    const worker = (this.worker ??= new Worker(childScripts(__dirname).validateWorker, {
      workerData: { ruleWatch: new SharedArrayBuffer(RULE_WATCH_BYTES) },
    }));
    // An uncaught error in the thread is followed by its exit, which fails the file; unheard, it would end the CLI.
    if (worker.listenerCount('error') === 0) worker.on('error', () => undefined);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const settle = (error: Error | undefined, report?: FileReport) => {
        worker.off('message', onAnswer);
        worker.off('exit', onExit);
        if (error) reject(error);
        else resolve(report!);
      };
      const onAnswer = (answer: Answer) => {
        if (answer.id === id) settle('error' in answer ? new Error(answer.error) : undefined, 'report' in answer ? answer.report : undefined);
      };
      const onExit = (code: number) => {
        if (this.worker === worker) this.worker = undefined;
        settle(new Error(`the check thread exited with code ${code}`));
      };
      worker.on('message', onAnswer);
      worker.on('exit', onExit);
      worker.postMessage({ id, job: { file, contract, options } });
    });
  }

  async close(): Promise<void> {
    await this.worker?.terminate();
  }
}
