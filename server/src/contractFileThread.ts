import { Worker } from 'worker_threads';
import { ContractFileKind, DeclaredMapping, MappingColumnInfo, mappingColumnAt, parseContractFile, ParseResult, RULE_WATCH_BYTES } from '@loadline/shared';
import { ContractFileRequest, ContractFileResponse } from './validationProtocol';

/** Below this many characters a contract file is parsed in place: in well under 100 ms, sooner than a thread starts. */
const IN_PLACE_CHARS = 256 * 1024;

/**
 * Parses and checks large contract files on a thread of their own (the validation worker's script): a 7 MB
 * .loadline.json took 6.5 s on the server's main thread, and hovers, other documents' diagnostics and shutdown
 * waited for it. A hover's search of a large .loadline.json for its mapping column runs there too: with faults in the
 * config, the search parses the whole text. The thread starts with the first such file. One that dies (out of memory on a huge file) fails
 * the files it held, each with one problem, and the next file gets a new thread.
 */
export class ContractFileThread {
  private worker?: Worker;
  /** Each request's answer, or what it resolves with when the thread dies first. */
  private readonly waiting = new Map<number, { worker: Worker; resolve: (response: ContractFileResponse) => void; died: (reason: string) => void }>();
  private nextId = 0;

  constructor(private readonly script: string) {}

  parse(kind: ContractFileKind, text: string): Promise<ParseResult<unknown>> {
    if (text.length < IN_PLACE_CHARS) return Promise.resolve(parseContractFile(kind, text));
    return this.request(
      (id) => ({ id, contractFile: { kind, text } }),
      (r) => ('parsed' in r ? r.parsed : unread('no parse came')),
      unread,
    );
  }

  /** The mapping column at `offset` of a .loadline.json's text (mappingColumnAt); none if the thread dies. */
  mappingColumnAt(text: string, offset: number, ingest?: DeclaredMapping[]): Promise<MappingColumnInfo | undefined> {
    if (text.length < IN_PLACE_CHARS) return Promise.resolve(mappingColumnAt(text, offset, ingest));
    return this.request(
      (id) => ({ id, mappingColumn: { text, offset, ingest } }),
      (r) => ('column' in r ? r.column : undefined),
      () => undefined,
    );
  }

  private request<T>(message: (id: number) => ContractFileRequest, answer: (response: ContractFileResponse) => T, died: (reason: string) => T): Promise<T> {
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, { worker, resolve: (response) => resolve(answer(response)), died: (reason) => resolve(died(reason)) });
      worker.postMessage(message(id));
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
      this.waiting.get(response.id)?.resolve(response);
      this.waiting.delete(response.id);
    });
    const died = (reason: string) => {
      if (this.worker === worker) this.worker = undefined;
      for (const [id, waiter] of this.waiting) {
        if (waiter.worker !== worker) continue;
        this.waiting.delete(id);
        waiter.died(reason);
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
