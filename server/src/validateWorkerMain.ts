import { parentPort } from 'worker_threads';
import { validateCsv } from '../../shared/src/csv/validateCsv';
import { ValidationJob } from './validationWorker';

parentPort!.on('message', ({ id, job }: { id: number; job: ValidationJob }) => {
  try {
    parentPort!.postMessage({ id, report: validateCsv(job.text, job.contract, job.options) });
  } catch (error) {
    parentPort!.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
