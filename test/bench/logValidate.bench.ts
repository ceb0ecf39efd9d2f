// npm run bench (and npm run bench:csv) — `loadline validate` of a 1,000,000-line JSON-lines log against
// `loadline ingest --dry-run` of it (issue 25: validate at least as fast), in alternating pairs, with the
// peak RSS of each. The log (the chat log, 1% bad lines, its mapping declared in a .loadline.json) is written
// to a temporary folder and deleted after. BENCH_GIB_LOG=1 instead validates one log of 1 GiB, for its wall
// time, lines per second and peak RSS (issue 25: under 300 MB); BENCH_LOG_MIB=<n> does so for a log of n MiB (a
// quicker knob), BENCH_PAIRS times (default once). BENCH_BASE_CLI=<other tree>/dist/cli.js runs that build too,
// alternating with this one: its validate (and dry run) in the pairs, its validate in the sized runs.
// BENCH_DENSE_LOG=1 validates a 1 GiB log of short lines with unique keys (`{"id":"k<i>","n":1}`, 45 million
// keys, so its key index spills to disk) for its peak RSS; BENCH_DENSE_LOG_MIB=<n> for n MiB. Slow: minutes.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CHAT_DECLARATION } from '../../shared/src/mapping/chatMapping';
import { writeChatLogFile } from '../../shared/src/mapping/genChatLog';
import { CLI } from '../support/run';
import { comparePairs, runProcess } from './processPairs';

const LINES = Number(process.env.BENCH_LOG_LINES ?? 1_000_000);
const PAIRS = process.env.BENCH_PAIRS;
const BASE_CLI = process.env.BENCH_BASE_CLI;
const SIZED_MIB = process.env.BENCH_GIB_LOG === '1' ? 1024 : Number(process.env.BENCH_LOG_MIB ?? 0);
const DENSE_MIB = process.env.BENCH_DENSE_LOG === '1' ? 1024 : Number(process.env.BENCH_DENSE_LOG_MIB ?? 0);
const RSS_TARGET_MB = 300;

/** The chat log's lines that make `mib` MiB, from the size of a sample of the same seed. */
function linesForMib(dir: string, mib: number): number {
  const sample = path.join(dir, 'sample.jsonl');
  writeChatLogFile(sample, { lines: 10_000, seed: 25, badRate: 0.01 });
  const bytesPerLine = fs.statSync(sample).size / 10_000;
  fs.rmSync(sample);
  return Math.ceil((mib * 2 ** 20) / bytesPerLine);
}

/** A log of `mib` MiB of short lines, each with a key of its own and the last one repeating an early one. */
function writeDenseLog(dir: string, mib: number): { log: string; lines: number } {
  const folder = path.join(dir, 'dense');
  fs.mkdirSync(folder);
  fs.writeFileSync(
    path.join(folder, '.loadline.json'),
    JSON.stringify({
      ingest: [
        {
          name: 'ev',
          files: ['*.jsonl'],
          table: 'ev',
          key: ['id'],
          onDuplicate: 'error',
          columns: { id: { from: 'id', type: 'string', required: true }, n: { from: 'n', type: 'integer' } },
        },
      ],
    }),
  );
  const log = path.join(folder, `dense-${mib}mib.jsonl`);
  const fd = fs.openSync(log, 'w');
  let bytes = 0;
  let lines = 0;
  while (bytes < mib * 2 ** 20) {
    const batch = Array.from({ length: 100_000 }, (_, i) => `{"id":"k${lines + i}","n":1}\n`).join('');
    bytes += fs.writeSync(fd, batch);
    lines += 100_000;
  }
  fs.writeSync(fd, '{"id":"k12345","n":2}\n');
  fs.closeSync(fd);
  return { log, lines: lines + 1 };
}

/** `loadline validate` of one log of `mib` MiB: streamed, it must stay under RSS_TARGET_MB whatever the log's size. */
function sized(dir: string, mib: number, dense: boolean): void {
  const { log, lines } = dense ? writeDenseLog(dir, mib) : chatLog(dir, mib);
  const gib = fs.statSync(log).size / 2 ** 30;
  console.log(
    `\nLog validate: ${lines.toLocaleString('en')} ${dense ? 'short lines of unique keys' : 'chat lines'}, ${gib.toFixed(2)} GiB, ${os.availableParallelism()} cores`,
  );
  const clis = [{ name: 'validate', cli: CLI }, ...(BASE_CLI ? [{ name: 'validate (BENCH_BASE_CLI)', cli: BASE_CLI }] : [])];
  for (let round = 0; round < Number(PAIRS ?? 1); round++) {
    for (const { name, cli } of clis) {
      const load = os.loadavg()[0].toFixed(1);
      const { wallMs, userMs, rssMb } = runProcess([cli, 'validate', '--format', 'json', log], dir);
      console.log(
        `  ${name.padEnd(26)} wall ${(wallMs / 1000).toFixed(1)} s, user CPU ${(userMs / 1000).toFixed(1)} s, ` +
          `${Math.round(lines / (wallMs / 1000)).toLocaleString('en')} lines/s, peak RSS ${rssMb.toFixed(0)} MB (target < ${RSS_TARGET_MB}), load ${load}`,
      );
    }
  }
}

function chatLog(dir: string, mib: number): { log: string; lines: number } {
  const lines = linesForMib(dir, mib);
  const log = path.join(dir, `chat-${mib}mib.jsonl`);
  writeChatLogFile(log, { lines, seed: 25, badRate: 0.01 });
  return { log, lines };
}

function main(): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-log-bench-'));
  try {
    fs.writeFileSync(path.join(dir, '.loadline.json'), JSON.stringify({ ingest: [{ ...CHAT_DECLARATION, files: ['*.jsonl'] }] }));
    if (DENSE_MIB > 0) return sized(dir, DENSE_MIB, true);
    if (SIZED_MIB > 0) return sized(dir, SIZED_MIB, false);
    const log = path.join(dir, `chat-${LINES}.jsonl`);
    writeChatLogFile(log, { lines: LINES, seed: 25, badRate: 0.01 });
    const rejects = path.join(dir, 'rejects.jsonl');
    // The dry run will not replace its rejects file: each run removes it first (a node -e step, in the same process).
    const dryRun = ['-e', `require('fs').rmSync(${JSON.stringify(rejects)},{force:true});process.argv.splice(1,0,'x');require(${JSON.stringify(CLI)})`];
    const dryRunArgs = [...dryRun, 'ingest', '--dry-run', log, '--rejects', rejects];
    const validateArgs = [CLI, 'validate', '--format', 'json', log];
    const mib = fs.statSync(log).size / 2 ** 20;
    console.log(
      `\nLog validate: ${LINES.toLocaleString('en')} chat lines, ${mib.toFixed(1)} MiB, ${os.availableParallelism()} cores, load ${os.loadavg()[0].toFixed(1)}`,
    );
    const base = BASE_CLI
      ? [
          { name: 'validate (BENCH_BASE_CLI)', args: [BASE_CLI, ...validateArgs.slice(1)] },
          { name: 'ingest --dry-run (BENCH_BASE_CLI)', args: dryRunArgs.map((a) => a.replace(JSON.stringify(CLI), JSON.stringify(BASE_CLI))) },
        ]
      : [];
    comparePairs(
      'validate vs ingest --dry-run',
      { name: 'ingest --dry-run', args: dryRunArgs },
      [{ name: 'validate', args: validateArgs, target: '<= 1.00x' }, ...base],
      Number(PAIRS ?? 5),
    );
    console.log(`  load after the pairs ${os.loadavg()[0].toFixed(1)}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main();
