// npm run bench:cluster: the same 1M-line log into the three-node Galera cluster of scripts/galera.sh, with every
// worker on one node (the default) and spread over the nodes (--spread), and into one node of the same settings
// (nodes 2 and 3 shut down), in the same run. Three nodes share this machine's cores, so the cluster is expected
// to be slower: the figure is measured, not assumed.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeChatLogFile } from '../../shared/src/mapping/genChatLog';
import { cluster } from '../support/galera';
import { CLI, REPO_ROOT } from '../support/run';

const LINES = Number(process.env.BENCH_LINES ?? 1_000_000);
/** Runs of each configuration, alternated so that neither gets the warmer caches; the best one counts. */
const RUNS = Number(process.env.BENCH_RUNS ?? 2);
const LOG = path.join(REPO_ROOT, '.cache', 'bench', `cluster-${LINES}.jsonl`);
const galera = (...args: string[]) => execFileSync('bash', [path.join(REPO_ROOT, 'scripts', 'galera.sh'), ...args], { stdio: 'inherit' });

function load(label: string, args: string[] = []): number {
  const database = `bench_${label.replace(/\W+/g, '_')}`;
  cluster.sql(1, `DROP DATABASE IF EXISTS ${database}`);
  const url = cluster.databaseUrl(cluster.url(), database);
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, [CLI, 'ingest', LOG, '--mysql', url, '--json', ...args], {
    env: { ...process.env, MYSQL_PWD: cluster.password() },
    encoding: 'utf8',
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (run.status !== 0) throw new Error(`${label}: ${run.stderr}`);
  const report = JSON.parse(run.stdout) as { inserted: number; rejectsFile?: string; cluster?: { size: number; nodesUsed: string[] } };
  // The bench's own output: a later bench run into this database would be refused an earlier run's rejects file.
  if (report.rejectsFile) fs.rmSync(report.rejectsFile, { force: true });
  const rate = Math.round(LINES / seconds);
  console.log(
    `${label.padEnd(34)} ${seconds.toFixed(1).padStart(6)} s  ${rate.toLocaleString('en').padStart(9)} lines/s  ` +
      `(${report.inserted.toLocaleString('en')} rows; cluster of ${report.cluster?.size ?? 0}, through ${report.cluster?.nodesUsed.length ?? 0} node(s))`,
  );
  cluster.sql(1, `DROP DATABASE IF EXISTS ${database}`);
  return rate;
}

fs.mkdirSync(path.dirname(LOG), { recursive: true });
if (!fs.existsSync(LOG)) writeChatLogFile(LOG, { lines: LINES, seed: 42, badRate: 0.01 });
console.log(`${LINES.toLocaleString('en')} lines, ${(fs.statSync(LOG).size / 1e6).toFixed(0)} MB; ${cluster.status().split('\n').length} nodes`);
const best = (label: string, runs: number[]) => {
  console.log(`${label}: best ${Math.max(...runs).toLocaleString('en')} lines/s of ${runs.length}`);
  return Math.max(...runs);
};
const oneNodeRuns: number[] = [];
const spreadRuns: number[] = [];
for (let run = 0; run < RUNS; run++) {
  const order: [number[], string, string[]][] = [
    [oneNodeRuns, '3-node cluster, one write node', []],
    [spreadRuns, '3-node cluster, --spread', ['--spread']],
  ];
  for (const [runs, label, args] of run % 2 === 0 ? order : order.reverse()) runs.push(load(label, args));
}
const oneNode = best('3-node cluster, one write node', oneNodeRuns);
const spread = best('3-node cluster, --spread', spreadRuns);
galera('stop', '3');
galera('stop', '2');
let single: number;
try {
  single = best(
    '1 node, same settings',
    Array.from({ length: RUNS }, () => load('1 node, same settings')),
  );
} finally {
  galera('restart', '2');
  galera('restart', '3');
}
console.log(
  `cluster / single node: ${(oneNode / single).toFixed(2)}x (one write node), ${(spread / single).toFixed(2)}x (--spread); ` +
    `--spread / one write node: ${(spread / oneNode).toFixed(2)}x`,
);
