import { parentPort, workerData } from 'worker_threads';
import { URI } from 'vscode-uri';
import {
  Contract,
  fileInput,
  fileStateOnDisk,
  mappingColumnAt,
  parseContractFile,
  Problem,
  readFromDisk,
  shareRuleWatch,
  systemThreadId,
  tableRules,
  validateCsvFile,
} from '@loadline/shared';
import { DocumentChecks } from './documentChecks';
import { ForeignKeys } from './services/foreignKeys';
import { keyOf } from './services/resourceKinds';
import {
  ContractFileRequest,
  ContractFileResponse,
  ForeignKeyAnswer,
  ForeignKeyJob,
  ForeignKeyRequest,
  ForeignKeyResponse,
  ProblemsResponse,
  ValidationJob,
  ValidationRequest,
  ValidationResponse,
} from './validationProtocol';

const port = parentPort!;
const answer = (response: ValidationResponse | ContractFileResponse | ForeignKeyResponse | ProblemsResponse) => port.postMessage(response);
const documents = new DocumentChecks();
const shared = workerData as { ruleWatch: SharedArrayBuffer; stopSignal?: SharedArrayBuffer; foreignKeyStops?: SharedArrayBuffer };
shareRuleWatch(shared.ruleWatch, systemThreadId());
/** The id of the job the server wants stopped, written while this thread is busy checking (CheckerThread.cancel). */
const stopSignal = shared.stopSignal && new Int32Array(shared.stopSignal);
/** Thrown between records to abandon a job that the server stopped. */
const STOPPED = new Error('stopped');
/** The contracts the server sent to keep, by contractKey; it says which to drop (CheckerThread). */
const contracts = new Map<string, Contract>();
/** A foreign-key thread's stop flags (ForeignKeyThread): slot `id % length` holds `id` once that job is stopped. */
const foreignKeyStops = shared.foreignKeyStops && new Int32Array(shared.foreignKeyStops);

/** The foreign-key thread's (ForeignKeyThread): the open buffers the server sent, by resourceKinds.keyOf; other files are read from the disk. */
const openTexts = new Map<string, string>();
const foreignKeys = new ForeignKeys({
  readText: (uri) => openTexts.get(keyOf(uri)) ?? (uri.scheme === 'file' ? readFromDisk(uri.fsPath) : undefined),
  // Only a regular file is streamed (a FIFO would block the thread); what is not there says so through readText.
  diskInput: (uri) => (uri.scheme === 'file' && !openTexts.has(keyOf(uri)) && fileStateOnDisk(uri.fsPath) === 'file' ? fileInput(uri.fsPath) : undefined),
});

port.on('message', (request: ValidationRequest | ContractFileRequest | ForeignKeyRequest) => {
  // The server's contract-file and foreign-key threads run this script too: parsing never holds up a check, nor a check a parse.
  if ('foreignKeys' in request || 'resolveReference' in request || 'referencesTo' in request) void answerForeignKeys(request);
  else if ('foreignKeysChanged' in request) {
    const uri = URI.parse(request.foreignKeysChanged);
    openTexts.delete(keyOf(uri));
    foreignKeys.changed(uri);
  } else if ('foreignKeysForget' in request) foreignKeys.forget(request.foreignKeysForget);
  else if ('contractFile' in request) answer({ id: request.id, parsed: parseContractFile(request.contractFile.kind, request.contractFile.text) });
  else if ('mappingColumn' in request) {
    const { text, offset, ingest } = request.mappingColumn;
    answer({ id: request.id, column: mappingColumnAt(text, offset, ingest) });
  } else if ('keepContract' in request) {
    const { key, contract } = request.keepContract;
    contracts.set(key, contract);
    // Compiled now, before any job's budget starts: each later check gets the same object, and its rules with it.
    try {
      tableRules(contract);
    } catch {
      // A contract that cannot compile fails its check instead, which reports why.
    }
  } else if ('dropContract' in request) contracts.delete(request.dropContract);
  else if ('forget' in request) documents.forget(request.forget);
  else void answerJob(request);
});
answer({ ready: true });

async function answerJob({ id, job: sent, contractKey }: { id: number; job: ValidationJob; contractKey?: string }): Promise<void> {
  const checkpoint = () => {
    if (stopSignal && Atomics.load(stopSignal, 0) === id) throw STOPPED;
  };
  try {
    const contract = contractKey === undefined ? sent.contract : contracts.get(contractKey);
    if (contractKey !== undefined && !contract) throw new Error(`the validation worker was not sent the contract ${contractKey}`);
    const job = { ...sent, contract };
    // The budget counts from here: the check, not the copy of its job to this thread.
    answer({ id, started: true });
    if ('text' in job) return answer({ id, report: documents.check(job, checkpoint) });
    const batch = job.streamProblems ? new ProblemBatch((problems) => answer({ id, problems })) : undefined;
    const report = await validateCsvFile(job.file, job.contract, batch ? { ...job.options, onProblems: (problems) => batch.add(problems) } : job.options);
    batch?.send();
    answer({ id, report });
  } catch (error) {
    answer(error === STOPPED ? { id, stopped: true } : { id, error: error instanceof Error ? error.message : String(error) });
  }
}

/** A foreign-key thread's job (ForeignKeyThread); a navigation stops between two records once the server sets its flag. */
async function answerForeignKeys(request: { id: number } & ForeignKeyJob): Promise<void> {
  const { id } = request;
  const checkpoint = () => {
    if (foreignKeyStops && Atomics.load(foreignKeyStops, id % foreignKeyStops.length) === id) throw STOPPED;
  };
  try {
    let found: ForeignKeyAnswer;
    if ('foreignKeys' in request) {
      const { uri, text, resolved, maxProblems, open } = request.foreignKeys;
      for (const [key, held] of open) openTexts.set(key, held);
      found = { problems: await foreignKeys.problems(uri, text, resolved, maxProblems) };
    } else if ('resolveReference' in request) {
      const { uri, text, resolved, label, line, open } = request.resolveReference;
      for (const [key, held] of open) openTexts.set(key, held);
      found = { reference: await foreignKeys.resolve(uri, text, resolved, label, line, undefined, checkpoint) };
    } else {
      const { uri, text, label, line, referrers, includeDeclaration, open } = request.referencesTo;
      for (const [key, held] of open) openTexts.set(key, held);
      found = { rows: await foreignKeys.references(uri, text, label, line, referrers, includeDeclaration, undefined, checkpoint) };
    }
    answer({ id, kind: 'answer', answer: found });
  } catch (error) {
    answer(error === STOPPED ? { id, kind: 'stopped' } : { id, kind: 'error', error: error instanceof Error ? error.message : String(error) });
  }
}

/** Problems sent a thousand to a message: a message per record's problems cost more than their check. */
const BATCH_PROBLEMS = 1000;

class ProblemBatch {
  private problems: Problem[] = [];

  constructor(private readonly post: (problems: Problem[]) => void) {}

  add(problems: Problem[]): void {
    for (const problem of problems) this.problems.push(problem);
    if (this.problems.length >= BATCH_PROBLEMS) this.send();
  }

  send(): void {
    if (this.problems.length > 0) this.post(this.problems);
    this.problems = [];
  }
}
