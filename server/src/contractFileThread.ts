import { Worker } from 'worker_threads';
import { ContractFileKind, parseContractFile, ParseResult, RULE_WATCH_BYTES } from '@loadline/shared';
import { ContractFileRequest, ContractFileResponse } from './validationProtocol';

/** Below this many characters a contract file is parsed in place: in well under 100 ms, sooner than a thread starts. */
const IN_PLACE_CHARS = 256 * 1024;

/**
 * Parses and checks large contract files on a thread of their own (the validation worker's script): a 7 MB
 * .loadline.json took 6.5 s on the server's main thread, and hovers, other documents' diagnostics and shutdown
 * waited for it. The thread starts with the first such file. One that dies (out of memory on a huge file) fails
 * the files it held, each with one problem, and the next file gets a new thread.
 */
export class ContractFileThread {
  private worker?: Worker;
  private readonly waiting = new Map<number, { worker: Worker; resolve: (result: ParseResult<unknown>) => void }>();
  private nextId = 0;

  constructor(private readonly script: string) {}

  parse(kind: ContractFileKind, text: string): Promise<ParseResult<unknown>> {
    if (text.length < IN_PLACE_CHARS) return Promise.resolve(parseContractFile(kind, text));
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, { worker, resolve });
      worker.postMessage({ id, contractFile: { kind, text } } satisfies ContractFileRequest);
    });
  }

  async dispose(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private start(): Worker {
    const worker = new Worker(this.script, { workerData: { ruleWatch: new SharedArrayBuffer(RULE_WATCH_BYTES) } });
    // An idle thread must not keep the server alive after `exit`.
    worker.unref();
    worker.on('message', (response: ContractFileResponse) => {
      if (!('id' in response)) return;
      this.waiting.get(response.id)?.resolve(response.parsed);
      this.waiting.delete(response.id);
    });
    const died = (reason: string) => {
      if (this.worker === worker) this.worker = undefined;
      for (const [id, waiter] of this.waiting) {
        if (waiter.worker !== worker) continue;
        this.waiting.delete(id);
        waiter.resolve(unread(reason));
      }
    };
    worker.on('error', (error) => died(error.message));
    worker.on('exit', (code) => died(`its thread exited with code ${code}`));
    this.worker = worker;
    return worker;
  }
}

/** The one problem of a file whose thread died before it answered. */
function unread(reason: string): ParseResult<unknown> {
  const at = { line: 0, character: 0 };
  const message = `Loadline could not check this file (${reason}). Simplify it, or split its contracts into folders of their own.`;
  return { ok: false, problems: [{ code: 'invalid-config', severity: 'error', message, range: { start: at, end: at } }] };
}
