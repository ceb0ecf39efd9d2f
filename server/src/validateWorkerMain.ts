import { parentPort, workerData } from 'worker_threads';
import { mappingColumnAt, parseContractFile, shareRuleWatch, validateCsvFile } from '@loadline/shared';
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

port.on('message', (request: ValidationRequest | ContractFileRequest) => {
  // The server's contract-file thread runs this script too: parsing never holds up a check, nor a check a parse.
  if ('contractFile' in request) answer({ id: request.id, parsed: parseContractFile(request.contractFile.kind, request.contractFile.text) });
  else if ('mappingColumn' in request) {
    const { text, offset, ingest } = request.mappingColumn;
    answer({ id: request.id, column: mappingColumnAt(text, offset, ingest) });
  } else if ('forget' in request) documents.forget(request.forget);
  else void answerJob(request);
});
answer({ ready: true });

async function answerJob({ id, job }: { id: number; job: ValidationJob }): Promise<void> {
  const checkpoint = () => {
    if (stopSignal && Atomics.load(stopSignal, 0) === id) throw STOPPED;
  };
  try {
    const report = 'text' in job ? documents.check(job, checkpoint) : await validateCsvFile(job.file, job.contract, job.options);
    answer({ id, report });
  } catch (error) {
    answer(error === STOPPED ? { id, stopped: true } : { id, error: error instanceof Error ? error.message : String(error) });
  }
}
