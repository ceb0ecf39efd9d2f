import { parentPort, workerData } from 'worker_threads';
import { Contract, mappingColumnAt, parseContractFile, shareRuleWatch, tableRules, validateCsvFile } from '@loadline/shared';
import { DocumentChecks } from './documentChecks';
import { ContractFileRequest, ContractFileResponse, ValidationJob, ValidationRequest, ValidationResponse } from './validationProtocol';

const port = parentPort!;
const answer = (response: ValidationResponse | ContractFileResponse) => port.postMessage(response);
const documents = new DocumentChecks();
const shared = workerData as { ruleWatch: SharedArrayBuffer; stopSignal?: SharedArrayBuffer };
shareRuleWatch(shared.ruleWatch);
/** The id of the job the server wants stopped, written while this thread is busy checking (CheckerThread.cancel). */
const stopSignal = shared.stopSignal && new Int32Array(shared.stopSignal);
/** Thrown between records to abandon a job that the server stopped. */
const STOPPED = new Error('stopped');
/** The contracts the server sent to keep, by contractKey; it says which to drop (CheckerThread). */
const contracts = new Map<string, Contract>();

port.on('message', (request: ValidationRequest | ContractFileRequest) => {
  // The server's contract-file thread runs this script too: parsing never holds up a check, nor a check a parse.
  if ('contractFile' in request) answer({ id: request.id, parsed: parseContractFile(request.contractFile.kind, request.contractFile.text) });
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
    const report = 'text' in job ? documents.check(job, checkpoint) : await validateCsvFile(job.file, job.contract, job.options);
    answer({ id, report });
  } catch (error) {
    answer(error === STOPPED ? { id, stopped: true } : { id, error: error instanceof Error ? error.message : String(error) });
  }
}
