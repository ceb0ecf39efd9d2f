// The ingest worker thread: a RangeWorker wired to the parent port, mysql2 and timers.
import { parentPort, workerData } from 'worker_threads';
import { createConnection } from '../load/connect/connection';
import { WorkerConfig } from './protocol';
import { RangeWorker } from './rangeWorkerCore';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
new RangeWorker(parentPort!, workerData as WorkerConfig, { connect: createConnection, sleep });
