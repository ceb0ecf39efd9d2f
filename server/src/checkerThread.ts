import { Worker } from 'worker_threads';
import { contractKey, CsvReport, ruleBeingTested, RULE_WATCH_BYTES, WatchedRule } from '@loadline/shared';
import { ValidationJob, ValidationRequest, ValidationResponse } from './validationProtocol';

/**
 * V8 grows a busy thread's young generation up to 32 MB and its old generation lazily: a long editing session
 * then looked like a leak in the server's RSS. A small young generation keeps it flat (bench:soak).
 */
const VALIDATOR_HEAP_LIMITS = { maxYoungGenerationSizeMb: 4 };
/** Contracts a thread keeps compiled; the one used longest ago goes first (the engine caches as many rules, tableRules). */
const KEPT_CONTRACTS = 16;

/** A job's report, why the engine threw, or that it stopped when cancelled. */
export type Outcome = { report: CsvReport } | { error: Error } | { stopped: true };

/** What a checker tells the pool; nothing is told after `end()`. */
export interface CheckerEvents {
  /** It has loaded and listens: a job's time counts from here, as a thread starts slowly on a busy machine. */
  loaded(): void;
  /** It has the job and its contract, compiled: the check's budget counts from here. */
  started(id: number): void;
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
  /** The contractKeys of the contracts the thread keeps, the one used longest ago first. */
  private readonly kept = new Set<string>();

  constructor(script: string, events: CheckerEvents) {
    this.worker = new Worker(script, { resourceLimits: VALIDATOR_HEAP_LIMITS, workerData: { ruleWatch: this.watch, stopSignal: this.stopSignal.buffer } });
    this.worker.unref();
    this.worker.on('message', (response: ValidationResponse) => {
      if (this.ended) return;
      if ('ready' in response) events.loaded();
      else if ('started' in response) events.started(response.id);
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

  /**
   * A contract known by its rulesKey crosses to the thread once: then jobs name it. One built by hand (no rulesKey)
   * goes with each job, as its key would be its whole text.
   */
  run(id: number, job: ValidationJob): void {
    const { contract, ...rest } = job;
    if (contract?.rulesKey === undefined) {
      this.post({ id, job });
      return;
    }
    const key = contractKey(contract);
    if (!this.kept.delete(key)) {
      this.post({ keepContract: { key, contract } });
      if (this.kept.size >= KEPT_CONTRACTS) {
        const oldest = this.kept.values().next().value!;
        this.kept.delete(oldest);
        this.post({ dropContract: oldest });
      }
    }
    this.kept.add(key);
    this.post({ id, job: rest, contractKey: key });
  }

  private post(request: ValidationRequest): void {
    this.worker.postMessage(request);
  }

  cancel(id: number): void {
    Atomics.store(this.stopSignal, 0, id);
  }

  forget(document: string): void {
    this.post({ forget: document });
  }

  rule(): WatchedRule | undefined {
    return ruleBeingTested(this.watch);
  }

  end(): Promise<number> {
    this.ended = true;
    return this.worker.terminate();
  }
}
