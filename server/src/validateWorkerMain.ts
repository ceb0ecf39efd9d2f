import { parentPort } from 'worker_threads';
import { validateCsv } from '@loadline/shared';
import { ValidationRequest, ValidationResponse } from './validationProtocol';

const port = parentPort!;
const answer = (response: ValidationResponse) => port.postMessage(response);

port.on('message', ({ id, job }: ValidationRequest) => {
  try {
    answer({ id, report: validateCsv(job.text, job.contract, job.options) });
  } catch (error) {
    answer({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
