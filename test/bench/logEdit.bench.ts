// npm run bench:log — a 10,000-line JSON-lines log in the editor: didChange → diagnostics over a real stdio
// connection, and in-process the kept LiveLog against a new one per edit, in alternating pairs.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LiveLog } from '../../shared/src/ingest/liveLog/liveLog';
import { compileMapping } from '../../shared/src/mapping/compileMapping';
import { DeclaredMapping } from '../../shared/src/mapping/declaredMapping';
import { cpuMs } from '../support/processCpu';
import { LspClient, SERVER, TEST_SETTINGS } from '../support/lspClient';

const LINES = Number(process.env.BENCH_LOG_LINES ?? 10_000);
const EDITS = Number(process.env.BENCH_LOG_EDITS ?? 60);

const MAPPING: DeclaredMapping = {
  name: 'events',
  files: ['*.jsonl'],
  table: 'events',
  key: 'id',
  onDuplicate: 'error',
  when: { path: 'type', in: ['click', 'view'] },
  columns: {
    id: { from: 'id', type: 'string', required: true, maxLength: 16 },
    type: { from: 'type', type: 'string', required: true },
    at: { from: 'ts', type: 'unix-seconds', required: true },
    user: { from: 'user.name', type: 'string', maxLength: 40 },
    n: { from: 'data.n', type: 'integer' },
    payload: { from: 'data', type: 'json' },
  },
};

const lineAt = (i: number, n = i) =>
  JSON.stringify({ id: `e${i}`, type: i % 2 ? 'click' : 'view', ts: 1700000000 + i, user: { name: `user ${i % 97}` }, data: { n, tags: ['a', 'b'] } });

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const spread = (xs: number[]) => {
  const s = sorted(xs);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))].toFixed(1);
  return `median ${at(0.5)} ms (p10 ${at(0.1)}, p90 ${at(0.9)})`;
};

/**
 * The servers to time: the built dist/server.js, or BENCH_LOG_SERVERS, paths separated by commas (another tree's
 * dist/server.js, or a script that starts one under `node --cpu-prof`), timed in alternating rounds (A B, B A, …).
 */
const SERVERS = process.env.BENCH_LOG_SERVERS?.split(',') ?? [SERVER];
const ROUNDS = Number(process.env.BENCH_LOG_ROUNDS ?? 1);

/** didChange (one character of one line) → the diagnostics of that version: wall time per edit, and the server's CPU per edit. */
async function lspLatency(server: string): Promise<{ wall: number[]; cpu: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-log-bench-'));
  fs.writeFileSync(path.join(dir, '.loadline.json'), JSON.stringify({ ingest: [MAPPING] }));
  const uri = pathToFileURL(path.join(dir, 'events.jsonl')).href;
  const client = new LspClient({ ...TEST_SETTINGS }, { server });
  await client.initialize(pathToFileURL(dir).href);
  const first = client.nextDiagnostics(uri);
  await client.open(uri, Array.from({ length: LINES }, (_, i) => lineAt(i)).join('\n') + '\n', 'jsonl');
  await first;
  const wall: number[] = [];
  const cpuBefore = cpuMs(client.pid);
  for (let v = 2; v < EDITS + 2; v++) {
    const line = (v * 997) % LINES;
    // The id's last digit: every other edit makes it another line's key (a repeat), the others a new key.
    const at = lineAt(line).indexOf('"type"') - 3;
    const published = client.nextDiagnostics(uri, (d) => d.version === v);
    const started = process.hrtime.bigint();
    await client.edit(uri, { start: { line, character: at }, end: { line, character: at + 1 } }, v % 2 ? 'x' : String((line + 1) % 10), v);
    await published;
    wall.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  const cpu = (cpuMs(client.pid) - cpuBefore) / EDITS;
  await client.stop();
  fs.rmSync(dir, { recursive: true, force: true });
  return { wall, cpu };
}

async function lspRounds(): Promise<void> {
  const load = () => os.loadavg()[0].toFixed(1);
  const loadBefore = load();
  const wall = SERVERS.map((): number[] => []);
  const cpu = SERVERS.map((): number[] => []);
  for (let round = 0; round < ROUNDS; round++) {
    const order = SERVERS.map((_, i) => i);
    if (round % 2) order.reverse();
    for (const i of order) {
      const timed = await lspLatency(SERVERS[i]);
      wall[i].push(...timed.wall);
      cpu[i].push(timed.cpu);
    }
  }
  console.log(
    `LSP didChange -> publishDiagnostics, ${LINES.toLocaleString('en')}-line log, ${EDITS} edits x ${ROUNDS} round(s), load ${loadBefore} -> ${load()}:`,
  );
  SERVERS.forEach((server, i) => {
    console.log(`  ${server}: wall ${spread(wall[i])} (target < 30); server CPU (user + system) per edit ${spread(cpu[i])}`);
  });
}

/** The same edits in-process: A the kept LiveLog (unchanged lines not mapped again), B a new LiveLog per edit. */
function keptAgainstNew(): void {
  const mapping = compileMapping(MAPPING);
  const lines = Array.from({ length: LINES }, (_, i) => lineAt(i));
  const kept = new LiveLog(mapping);
  kept.check(lines.join('\n'));
  const a: number[] = [];
  const b: number[] = [];
  const userA: number[] = [];
  const userB: number[] = [];
  for (let edit = 0; edit < EDITS; edit++) {
    lines[(edit * 997) % LINES] = lineAt((edit * 997) % LINES, edit);
    const text = lines.join('\n');
    for (const [live, wall, user] of edit % 2
      ? ([
          [kept, a, userA],
          [new LiveLog(mapping), b, userB],
        ] as const)
      : ([
          [new LiveLog(mapping), b, userB],
          [kept, a, userA],
        ] as const)) {
      const cpu = process.cpuUsage();
      const started = process.hrtime.bigint();
      live.check(text);
      wall.push(Number(process.hrtime.bigint() - started) / 1e6);
      user.push(process.cpuUsage(cpu).user / 1000);
    }
  }
  console.log(`LiveLog.check, ${LINES.toLocaleString('en')} lines, ${EDITS} alternating pairs (one line edited each time):`);
  console.log(`  A kept LiveLog: wall ${spread(a)}; user CPU ${spread(userA)}; lines mapped ${kept.mappedLines - LINES} for ${EDITS} edits`);
  console.log(`  B new LiveLog:  wall ${spread(b)}; user CPU ${spread(userB)}; lines mapped ${LINES} per edit`);
}

void (async () => {
  keptAgainstNew();
  await lspRounds();
})();
