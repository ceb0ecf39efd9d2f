import { Worker } from 'worker_threads';
import { CsvReport, ruleBeingTested, RULE_WATCH_BYTES, WatchedRule } from '@loadline/shared';
import { ValidationJob, ValidationRequest, ValidationResponse } from './validationProtocol';

/**
 * V8 grows a busy thread's young generation up to 32 MB and its old generation lazily: a long editing session
 * then looked like a leak in the server's RSS. A small young generation keeps it flat (bench:soak).
 */
const VALIDATOR_HEAP_LIMITS = { maxYoungGenerationSizeMb: 4 };

/** A job's report, why the engine threw, or that it stopped when cancelled. */
export type Outcome = { report: CsvReport } | { error: Error } | { stopped: true };

/** What a checker tells the pool; nothing is told after `end()`. */
export interface CheckerEvents {
  /** It has loaded and listens: a job's time counts from here, as a thread starts slowly on a busy machine. */
  loaded(): void;
  answered(id: number, outcome: Outcome): void;
  /** It died (crashed, ran out of memory, failed to load). */
  died(error: Error): void;
}

/** One checker of the pool, running one job at a time; the pool's tests give it fakes. */
export interface Checker {
  run(id: number, job: ValidationJob): void;
  /**
   * Asks the job to stop between two records; it then answers `stopped`, keeping the thread and its memos. A job
   * busy in one slow rule test does not hear it until that test ends.
   */
  cancel(id: number): void;
  /** The document closed or moved to another checker: drop the record memo of its last check. */
  forget(document: string): void;
  /** The contract rule under test now, when it is one: a check abandoned past its budget names it. */
  rule(): WatchedRule | undefined;
  /** Stops at once, even in the middle of a check. */
  end(): Promise<unknown>;
}

/** A checker on a worker thread, sharing the rule it tests through shared memory so that it reads mid-check. */
export class CheckerThread implements Checker {
  private readonly worker: Worker;
  private readonly watch = new SharedArrayBuffer(RULE_WATCH_BYTES);
  /** The id of the job to stop; -1, no job's, at first. */
  private readonly stopSignal = new Int32Array(new SharedArrayBuffer(4)).fill(-1);
  private ended = false;

  constructor(script: string, events: CheckerEvents) {
    this.worker = new Worker(script, { resourceLimits: VALIDATOR_HEAP_LIMITS, workerData: { ruleWatch: this.watch, stopSignal: this.stopSignal.buffer } });
    this.worker.unref();
    this.worker.on('message', (response: ValidationResponse) => {
      if (this.ended) return;
      if ('ready' in response) events.loaded();
      else
        events.answered(
          response.id,
          'error' in response ? { error: new Error(response.error) } : 'stopped' in response ? { stopped: true } : { report: response.report },
        );
    });
    const died = (error: Error) => {
      if (this.ended) return;
      this.ended = true;
      events.died(error);
    };
    this.worker.on('error', died);
    this.worker.on('exit', (code) => died(new Error(`validation worker exited with code ${code}`)));
  }

  run(id: number, job: ValidationJob): void {
    this.worker.postMessage({ id, job } satisfies ValidationRequest);
  }

  cancel(id: number): void {
    Atomics.store(this.stopSignal, 0, id);
  }

  forget(document: string): void {
    this.worker.postMessage({ forget: document } satisfies ValidationRequest);
  }

  rule(): WatchedRule | undefined {
    return ruleBeingTested(this.watch);
  }

  end(): Promise<number> {
    this.ended = true;
    return this.worker.terminate();
  }
}
