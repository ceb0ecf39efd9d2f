import { Worker } from 'worker_threads';
import { Problem, ResolvedContract, RULE_WATCH_BYTES } from '@loadline/shared';
import { ForeignKeyRequest, ForeignKeyResponse } from './validationProtocol';

/**
 * Checks open documents' foreign keys on a thread of their own (the validation worker's script): reading a
 * referenced file's keys and checking a document against them are whole-file passes, and on the server's main
 * thread a 100 MB referenced file held up hovers and other documents' diagnostics for seconds. The thread keeps
 * the referenced keys it read (digests) until the server says a file changed. It starts with the first document
 * that has a foreign key; one that dies fails the checks it held, and the next check gets a new thread.
 */
export class ForeignKeyThread {
  private worker?: Worker;
  private readonly waiting = new Map<number, { worker: Worker; resolve: (problems: Problem[]) => void; reject: (error: Error) => void }>();
  /** The open documents' texts the thread holds (sent once per text: a 100 MB buffer is not copied for every check). */
  private readonly sent = new Set<string>();
  private nextId = 0;

  constructor(private readonly script: string) {}

  /** A document's foreign key problems (ForeignKeys.problems, there); `open`: the referenced files' open buffers, by resourceKinds.keyOf. */
  problems(uri: string, text: string, resolved: ResolvedContract, maxProblems: number, open: [string, string][]): Promise<Problem[]> {
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    const unsent = open.filter(([file]) => !this.sent.has(file));
    for (const [file] of unsent) this.sent.add(file);
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { worker, resolve, reject });
      this.post({ id, foreignKeys: { uri, text, resolved, maxProblems, open: unsent } });
    });
  }

  /** A file changed or closed (`key`: resourceKinds.keyOf): the thread forgets its keys and its open text. */
  changed(key: string, uri: string): void {
    this.sent.delete(key);
    this.post({ foreignKeysChanged: uri });
  }

  /** A document closed: the keys only it read can go. */
  forget(uri: string): void {
    this.post({ foreignKeysForget: uri });
  }

  async dispose(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private post(request: ForeignKeyRequest): void {
    // Nothing to tell a thread that has not started (or died): a new one knows nothing yet.
    if ('id' in request || this.worker) (this.worker ?? this.start()).postMessage(request);
  }

  private start(): Worker {
    this.sent.clear();
    const worker = new Worker(this.script, { workerData: { ruleWatch: new SharedArrayBuffer(RULE_WATCH_BYTES) } });
    // An idle thread must not keep the server alive after `exit`.
    worker.unref();
    worker.on('message', (response: ForeignKeyResponse | { ready: true }) => {
      if (!('id' in response)) return;
      const waiter = this.waiting.get(response.id);
      this.waiting.delete(response.id);
      if ('problems' in response) waiter?.resolve(response.problems);
      else waiter?.reject(new Error(response.error));
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
