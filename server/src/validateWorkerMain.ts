import { parentPort, workerData } from 'worker_threads';
import { parseContractFile, shareRuleWatch, validateCsvFile } from '@loadline/shared';
import { DocumentChecks } from './documentChecks';
import { ContractFileRequest, ContractFileResponse, ValidationJob, ValidationRequest, ValidationResponse } from './validationProtocol';

const port = parentPort!;
const answer = (response: ValidationResponse | ContractFileResponse) => port.postMessage(response);
const documents = new DocumentChecks();
shareRuleWatch((workerData as { ruleWatch: SharedArrayBuffer }).ruleWatch);

port.on('message', (request: ValidationRequest | ContractFileRequest) => {
  // The server's contract-file thread runs this script too: parsing never holds up a check, nor a check a parse.
  if ('contractFile' in request) answer({ id: request.id, parsed: parseContractFile(request.contractFile.kind, request.contractFile.text) });
  else if ('forget' in request) documents.forget(request.forget);
  else void answerJob(request);
});
answer({ ready: true });

async function answerJob({ id, job }: { id: number; job: ValidationJob }): Promise<void> {
  try {
    const report = 'text' in job ? documents.check(job) : await validateCsvFile(job.file, job.contract, job.options);
    answer({ id, report });
  } catch (error) {
    answer({ id, error: error instanceof Error ? error.message : String(error) });
  }
}
