import * as fs from 'fs';
import * as path from 'path';

/** The scripts an entry point starts as a process or a thread. */
export interface ChildScripts {
  server: string;
  validateWorker: string;
  ingestWorker: string;
}

/**
 * Where the child scripts are, given the folder of the running entry point (its __dirname): beside it in
 * dist/ (the bundles), or their compiled modules under out/ (tsc), where every entry point sits at
 * out/<package>/src/. Entry points pass these paths down; nothing below them guesses.
 */
export function childScripts(entryDir: string): ChildScripts {
  const bundled = {
    server: path.join(entryDir, 'server.js'),
    validateWorker: path.join(entryDir, 'validate-worker.js'),
    ingestWorker: path.join(entryDir, 'ingest-worker.js'),
  };
  if (fs.existsSync(bundled.ingestWorker)) return bundled;
  const out = path.resolve(entryDir, '..', '..');
  return {
    server: path.join(out, 'server', 'src', 'server.js'),
    validateWorker: path.join(out, 'server', 'src', 'validateWorkerMain.js'),
    ingestWorker: path.join(out, 'shared', 'src', 'ingest', 'run', 'rangeWorker.js'),
  };
}
