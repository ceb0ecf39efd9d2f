import { parentPort, workerData } from 'worker_threads';
import { shareRuleWatch, validateCsvFile } from '@loadline/shared';
import { DocumentChecks } from './documentChecks';
import { ValidationJob, ValidationRequest, ValidationResponse } from './validationProtocol';

const port = parentPort!;
const answer = (response: ValidationResponse) => port.postMessage(response);
const documents = new DocumentChecks();
shareRuleWatch((workerData as { ruleWatch: SharedArrayBuffer }).ruleWatch);

port.on('message', (request: ValidationRequest) => {
  if ('forget' in request) documents.forget(request.forget);
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
