// An ingest in a child process that reports its progress over IPC, so that a test can SIGKILL it at a
// known point without polling. Usage (fork): ingestChild.js FILE URL RANGE_BYTES [declared|csv], password in
// MYSQL_PWD. With `declared` the log loads through its mapping in .loadline.json, with `csv` through its contract.
import { findCsvMapping, findMapping } from '../../shared/src/ingest/source/findMapping';
import { ingestFile } from '../../shared/src/ingest/ingestFile';
import { parseMysqlUrl } from '../../shared/src/ingest/load/connect/target';
import { COMPILED_INGEST_WORKER } from './run';

const [file, url, rangeBytes, mode] = process.argv.slice(2);
const send = (message: object) => process.send!(message);

async function run() {
  const source = mode === 'csv' ? await findCsvMapping(file) : mode === 'declared' ? await findMapping(file) : undefined;
  return ingestFile({
    file,
    target: parseMysqlUrl(url),
    password: process.env.MYSQL_PWD,
    rangeBytes: Number(rangeBytes),
    workerScript: COMPILED_INGEST_WORKER,
    ...(source ? { mapping: source.mapping } : {}),
    ...(source && 'input' in source ? { input: source.input } : {}),
    onProgress: (p) => send({ type: 'progress', rangesDone: p.rangesDone, rangesTotal: p.rangesTotal }),
  });
}

run().then(
  (report) => send({ type: 'done', report }),
  (error: Error) => send({ type: 'failed', message: error.message }),
);
