// npm run bench (and npm run bench:csv) — `loadline validate` of a 1,000,000-line JSON-lines log against
// `loadline ingest --dry-run` of it (issue 25: validate at least as fast), in alternating pairs, then each once
// more for its peak RSS. The log (the chat log, 1% bad lines, its mapping declared in a .loadline.json) is written
// to a temporary folder and deleted after.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CHAT_DECLARATION } from '../../shared/src/mapping/chatMapping';
import { writeChatLogFile } from '../../shared/src/mapping/genChatLog';
import { CLI } from '../support/run';
import { comparePairs } from './processPairs';

const LINES = Number(process.env.BENCH_LOG_LINES ?? 1_000_000);
const PAIRS = Number(process.env.BENCH_PAIRS ?? 5);

/** Peak RSS of one process, as reportRss prints it. */
function peakRssMB(args: string[], cwd: string): number {
  const result = spawnSync(process.execPath, ['--require', path.join(__dirname, 'reportRss.js'), ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 28 });
  const rss = /LOADLINE_RSS_MB=([\d.]+)/.exec(result.stderr);
  if (!rss) throw new Error(`benchmark process failed: ${args.join(' ')}\n${result.stderr}`);
  return Number(rss[1]);
}

function main(): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-log-bench-'));
  try {
    fs.writeFileSync(path.join(dir, '.loadline.json'), JSON.stringify({ ingest: [{ ...CHAT_DECLARATION, files: ['*.jsonl'] }] }));
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
    comparePairs(
      'validate vs ingest --dry-run',
      { name: 'ingest --dry-run', args: dryRunArgs },
      [{ name: 'validate', args: validateArgs, target: '<= 1.00x' }],
      PAIRS,
    );
    console.log(`  peak RSS: ingest --dry-run ${peakRssMB(dryRunArgs, dir).toFixed(0)} MB, validate ${peakRssMB(validateArgs, dir).toFixed(0)} MB`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main();
