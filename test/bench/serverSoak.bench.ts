// npm run bench:soak — 20,000 open/edit/close cycles against loadline-ls; the server's RSS must not grow
// by 10 MB or more (settings, scheduler state and diagnostics are dropped when a document closes).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient, TEST_SETTINGS } from '../support/lspClient';

const CYCLES = Number(process.env.SOAK_CYCLES ?? 20_000);
const WARM_UP = Math.min(2_000, CYCLES / 10);

const rssMB = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-soak-'));
  fs.writeFileSync(path.join(dir, '.loadline.json'), JSON.stringify({ contracts: [{ files: ['**/*.csv'], headers: { id: { required: true } } }] }));
  const client = new LspClient({ ...TEST_SETTINGS });
  await client.initialize(pathToFileURL(dir).href);
  let baseline = 0;
  const started = Date.now();
  for (let i = 0; i < CYCLES; i++) {
    if (i === WARM_UP) baseline = rssMB(client.pid);
    if (process.env.SOAK_TRACE && i % 4000 === 0) console.log(`  after ${i} cycles: ${rssMB(client.pid).toFixed(1)} MB`);
    // A new URI every cycle: per-document state that is never dropped would show up as growth.
    const uri = pathToFileURL(path.join(dir, process.env.SOAK_SAME_URI ? 'doc.csv' : `doc-${i}.csv`)).href;
    const checked = client.nextDiagnostics(uri, (d) => d.version === 2);
    await client.open(uri, 'id,name\n1,Ann\n', 'csv', 1);
    await client.edit(uri, { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, ',Bob\n', 2);
    await checked;
    const cleared = client.nextDiagnostics(uri, (d) => d.diagnostics.length === 0);
    await client.close(uri);
    await cleared;
  }
  const end = rssMB(client.pid);
  const seconds = (Date.now() - started) / 1000;
  await client.stop();
  fs.rmSync(dir, { recursive: true, force: true });
  const growth = end - baseline;
  console.log(
    `soak: ${CYCLES.toLocaleString('en')} open/edit/close cycles in ${seconds.toFixed(1)} s; server RSS ${baseline.toFixed(1)} MB after ${WARM_UP.toLocaleString('en')} cycles, ` +
      `${end.toFixed(1)} MB at the end: growth ${growth.toFixed(1)} MB (target < 10 MB)`,
  );
  if (growth >= 10) process.exitCode = 1;
}

void main();
