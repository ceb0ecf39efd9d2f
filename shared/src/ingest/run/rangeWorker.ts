// The ingest worker thread: a RangeWorker wired to the parent port, mysql2 and timers. The thread starts while the
// run is planned (EarlyWorkers), so its config is the first message, not its workerData.
import { parentPort } from 'worker_threads';
import { createConnection } from '../load/connect/connection';
import { WorkerConfig } from './protocol';
import { RangeWorker } from './rangeWorkerCore';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
parentPort!.once('message', (config: WorkerConfig) => new RangeWorker(parentPort!, config, { connect: createConnection, sleep }));
