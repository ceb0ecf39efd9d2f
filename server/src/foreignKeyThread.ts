import { Worker } from 'worker_threads';
import { KeyRow, Problem, ResolvedContract, RULE_WATCH_BYTES } from '@loadline/shared';
import { Cancellation, CancelledError, ForeignKeysOffThread, Resolution } from './services/foreignKeys';
import { FOREIGN_KEY_STOPS, ForeignKeyAnswer, ForeignKeyJob, ForeignKeyResponse } from './validationProtocol';

/** A request the thread holds: what it reads (resourceKinds.keyOf), and how to ask it again once one of those changes. */
interface Waiter {
  worker: Worker;
  reads: Set<string>;
  ask: () => ForeignKeyJob;
  resolve: (answer: ForeignKeyAnswer) => void;
  reject: (error: Error) => void;
}

/**
 * Runs open documents' foreign keys on a thread of its own (the validation worker's script): reading a referenced
 * file's keys, checking a document against them, and finding the row a reference leads to or the rows that refer
 * to a key are whole-file passes, and on the server's main thread a 100 MB referenced file held up hovers and
 * other documents' diagnostics for seconds. The server runs two: one checks, one navigates (Go to Definition,
 * Find References, hover), so that a definition over a huge file never holds up a check. The thread keeps the
 * referenced keys it read (digests) until the server says a file changed. A request the client cancels is stopped
 * between two records (a shared flag the thread reads, as it reads no message while it works); one whose files
 * change while it runs is asked again, so that its answer is never read from an old text. It starts with the first
 * request; one that dies fails the requests it held, and the next request gets a new thread.
 */
export class ForeignKeyThread implements ForeignKeysOffThread {
  private worker?: Worker;
  private readonly waiting = new Map<number, Waiter>();
  /** The open documents' texts the thread holds (sent once per text: a 100 MB buffer is not copied for every request). */
  private readonly sent = new Set<string>();
  /** Slot `id % length` holds `id` once that request is stopped; the thread reads it before each record. */
  private stops: Int32Array<ArrayBufferLike> = new Int32Array(0);
  /** From 1: a slot's 0 stops no request. */
  private nextId = 1;

  constructor(private readonly script: string) {}

  /** A document's foreign key problems (ForeignKeys.problems, there); `open`: the referenced files' open buffers, by resourceKinds.keyOf. */
  async problems(uri: string, text: string, resolved: ResolvedContract, maxProblems: number, open: [string, string][]): Promise<Problem[]> {
    const answer = await this.ask([], () => ({ foreignKeys: { uri, text, resolved, maxProblems, open: this.unsent(open) } }));
    if (!('problems' in answer)) throw new Error('the foreign-key thread answered a check with no problems');
    return answer.problems;
  }

  /** Where the referencing cell (its column `label`, on 0-based `line`) leads (ForeignKeys.resolve, there). */
  async resolve(
    request: { uri: string; text: string; resolved: ResolvedContract; label: string; line: number },
    reads: string[],
    open: () => [string, string][],
    token?: Cancellation,
  ): Promise<Resolution | undefined> {
    const answer = await this.ask(reads, () => ({ resolveReference: { ...request, open: this.unsent(open()) } }), token);
    if (!('reference' in answer)) throw new Error('the foreign-key thread answered a definition with no reference');
    return answer.reference;
  }

  /** The rows of `referrers` that refer to the key cell (ForeignKeys.references, there). */
  async references(
    request: { uri: string; text: string; label: string; line: number; referrers: { uri: string; resolved: ResolvedContract }[]; includeDeclaration: boolean },
    reads: string[],
    open: () => [string, string][],
    token?: Cancellation,
  ): Promise<KeyRow[]> {
    const answer = await this.ask(reads, () => ({ referencesTo: { ...request, open: this.unsent(open()) } }), token);
    if (!('rows' in answer)) throw new Error('the foreign-key thread answered Find References with no rows');
    return answer.rows;
  }

  /** A file changed or closed (`key`: resourceKinds.keyOf): the thread forgets its keys and its open text; the requests that read it are asked again. */
  changed(key: string, uri: string): void {
    this.sent.delete(key);
    if (!this.worker) return;
    this.worker.postMessage({ foreignKeysChanged: uri });
    // Collected first: the requests asked again join `waiting`.
    for (const [id, waiter] of [...this.waiting].filter(([, held]) => held.reads.has(key))) {
      this.stop(id);
      this.waiting.delete(id);
      this.post(waiter);
    }
  }

  /** A document closed: the keys only it read can go. */
  forget(uri: string): void {
    this.worker?.postMessage({ foreignKeysForget: uri });
  }

  async dispose(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private ask(reads: string[], ask: () => ForeignKeyJob, token?: Cancellation): Promise<ForeignKeyAnswer> {
    if (token?.isCancellationRequested) return Promise.reject(new CancelledError());
    return new Promise<ForeignKeyAnswer>((resolve, reject) => {
      const cancelled = token?.onCancellationRequested(() => {
        for (const [id, waiter] of this.waiting) {
          if (waiter.ask !== ask) continue;
          this.stop(id);
          this.waiting.delete(id);
          reject(new CancelledError());
        }
      });
      const done =
        <T>(settle: (value: T) => void) =>
        (value: T) => {
          cancelled?.dispose();
          settle(value);
        };
      this.post({ reads: new Set(reads), ask, resolve: done(resolve), reject: done(reject) });
    });
  }

  private post(waiter: Omit<Waiter, 'worker'>): void {
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    this.waiting.set(id, { ...waiter, worker });
    worker.postMessage({ id, ...waiter.ask() });
  }

  /** The open buffers the thread does not hold yet, from now on held. */
  private unsent(open: [string, string][]): [string, string][] {
    const unsent = open.filter(([file]) => !this.sent.has(file));
    for (const [file] of unsent) this.sent.add(file);
    return unsent;
  }

  private stop(id: number): void {
    Atomics.store(this.stops, id % this.stops.length, id);
  }

  private start(): Worker {
    this.sent.clear();
    const stops = new SharedArrayBuffer(FOREIGN_KEY_STOPS * Int32Array.BYTES_PER_ELEMENT);
    this.stops = new Int32Array(stops);
    const worker = new Worker(this.script, { workerData: { ruleWatch: new SharedArrayBuffer(RULE_WATCH_BYTES), foreignKeyStops: stops } });
    // An idle thread must not keep the server alive after `exit`.
    worker.unref();
    worker.on('message', (response: ForeignKeyResponse | { ready: true }) => {
      if (!('id' in response)) return;
      const waiter = this.waiting.get(response.id);
      // A request stopped (cancelled, or asked again) has left `waiting`: its answer goes nowhere.
      if (!waiter) return;
      this.waiting.delete(response.id);
      if (response.kind === 'answer') waiter.resolve(response.answer);
      else if (response.kind === 'error') waiter.reject(new Error(response.error));
      else waiter.reject(new Error('the foreign-key thread stopped a request that the server did not stop'));
    });
    const died = (reason: string) => {
      if (this.worker === worker) this.worker = undefined;
      for (const [id, waiter] of this.waiting) {
        if (waiter.worker !== worker) continue;
        this.waiting.delete(id);
        waiter.reject(new Error(`the foreign-key check stopped: ${reason}`));
      }
    };
    worker.on('error', (error) => died(error.message));
    worker.on('exit', (code) => died(`its thread exited with code ${code}`));
    this.worker = worker;
    return worker;
  }
}
