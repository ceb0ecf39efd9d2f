// An ingest in a child process that reports its progress over IPC, so that a test can SIGKILL it at a
// known point without polling. Usage (fork): ingestChild.js FILE URL RANGE_BYTES, password in MYSQL_PWD.
import { ingestFile } from '../../shared/src/ingest/ingest';
import { parseMysqlUrl } from '../../shared/src/ingest/target';
import { COMPILED_INGEST_WORKER } from './run';

const [file, url, rangeBytes] = process.argv.slice(2);
const send = (message: object) => process.send!(message);

ingestFile({
  file,
  target: parseMysqlUrl(url),
  password: process.env.MYSQL_PWD,
  rangeBytes: Number(rangeBytes),
  workerScript: COMPILED_INGEST_WORKER,
  onProgress: (p) => send({ type: 'progress', rangesDone: p.rangesDone, rangesTotal: p.rangesTotal }),
}).then(
  (report) => send({ type: 'done', report }),
  (error: Error) => send({ type: 'failed', message: error.message }),
);
