import { parentPort } from 'worker_threads';
import { validateCsv, validateCsvFile } from '@loadline/shared';
import { ValidationRequest, ValidationResponse } from './validationProtocol';

const port = parentPort!;
const answer = (response: ValidationResponse) => port.postMessage(response);

port.on('message', (request: ValidationRequest) => void answerJob(request));

async function answerJob({ id, job }: ValidationRequest): Promise<void> {
  try {
    const report = 'text' in job ? validateCsv(job.text, job.contract, job.options) : await validateCsvFile(job.file, job.contract, job.options);
    answer({ id, report });
  } catch (error) {
    answer({ id, error: error instanceof Error ? error.message : String(error) });
  }
}
