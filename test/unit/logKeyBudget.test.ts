// A log's key index under a memory budget (shared/src/ingest/keys/budgetedKeys.ts): past the budget its keys spill
// to a private temporary folder and the lines from there are read again, and the check's findings stay exactly
// those of the index held whole in memory; the folder is gone after success, an error, a full disk and Ctrl+C.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { checkLogFile, KeyBudget } from '../../shared/src/ingest/check/checkLogFile';
import { LineFinding } from '../../shared/src/ingest/check/logLineChecker';
import { IngestError } from '../../shared/src/ingest/ingestError';
import { compileMapping } from '../../shared/src/mapping/compileMapping';
import { OnDuplicate } from '../../shared/src/mapping/declaredMapping';
import { fuzz } from '../support/fuzz';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-keybudget-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const mapping = (onDuplicate: OnDuplicate) =>
  compileMapping({
    name: 'ev',
    table: 'ev',
    key: 'id',
    onDuplicate,
    columns: { id: { from: 'id', type: 'string', required: true, maxLength: 12 }, n: { from: 'n', type: 'integer' } },
  });

/** A line of a generated log: a row with a key out of a pool (its size sets how often keys repeat), or a reject. */
const lineOf = (pool: number) =>
  fc.oneof(
    {
      weight: 8,
      arbitrary: fc.record({ key: fc.nat(pool - 1), integer: fc.boolean() }).map(({ key, integer }) => `{"id":"${integer ? key : `k${key}`}","n":1}`),
    },
    { weight: 1, arbitrary: fc.constantFrom('{"id":', '{"id":"x","n":"not a number"}', '{"n":1}', '', '[1]', '{"id":"much too long a key"}') },
  );

/** Sequential integer ids, which the index keeps as runs in memory, then anything. */
const sequential = (count: number) => Array.from({ length: count }, (_, i) => `{"id":"${i + 1}","n":1}`);

const logCase = fc
  .record({
    // 1: every key equal; 3 to 40: keys repeated 3 and more times; 100000: (nearly) all unique.
    pool: fc.constantFrom(1, 3, 40, 100_000),
    onDuplicate: fc.constantFrom<OnDuplicate>('error', 'skip', 'update'),
    // From one shard of the index (192 bytes) to a dozen: the spill starts anywhere from the first keys on.
    budget: fc.integer({ min: 200, max: 3000 }),
    leadingIds: fc.nat(30),
  })
  .chain((c) =>
    fc.array(lineOf(c.pool), { minLength: 1, maxLength: 400, size: 'max' }).map((lines) => ({ ...c, lines: [...sequential(c.leadingIds), ...lines] })),
  );

let run = 0;
async function findingsOf(lines: string[], onDuplicate: OnDuplicate, budget: KeyBudget, onEach?: () => void) {
  const file = path.join(dir, `log-${run++}.jsonl`);
  fs.writeFileSync(file, lines.join('\n') + '\n');
  const found: Array<{ finding: LineFinding; text: string }> = [];
  const counts = await checkLogFile(
    file,
    mapping(onDuplicate),
    (finding, text) => {
      onEach?.();
      found.push({ finding, text });
    },
    budget,
  );
  fs.rmSync(file);
  return { found, counts };
}

describe('the key index under a memory budget', () => {
  it('gives exactly the findings and counts of the index held in memory, with any budget', async () => {
    let spilledCases = 0;
    await fc.assert(
      fc.asyncProperty(logCase, async (c) => {
        const { lines } = c;
        const whole = await findingsOf(lines, c.onDuplicate, {});
        const tempRoot = fs.mkdtempSync(path.join(dir, 'tmp-'));
        let spilled = false;
        const budgeted = await findingsOf(lines, c.onDuplicate, { bytes: c.budget, tempRoot }, () => (spilled ||= fs.readdirSync(tempRoot).length > 0));
        if (spilled) spilledCases++;
        assert.deepEqual(budgeted, whole);
        assert.deepEqual(fs.readdirSync(tempRoot), [], 'the spilled keys are removed');
        fs.rmdirSync(tempRoot);
      }),
      fuzz(120),
    );
    // Most cases spill (a pool of 1 fits any budget), so the property checks the spilled path, not only the other.
    assert.ok(spilledCases > 60, `only ${spilledCases} of 120 cases spilled`);
  });

  it('removes its temporary folder after a check that spilled', async () => {
    const tempRoot = fs.mkdtempSync(path.join(dir, 'tmp-'));
    const seen: string[][] = [];
    const lines = Array.from({ length: 2000 }, (_, i) => `{"id":"k${i % 1500}","n":1}`);
    const { found } = await findingsOf(lines, 'error', { bytes: 1000, tempRoot }, () => seen.push(fs.readdirSync(tempRoot)));
    assert.equal(found.length, 500);
    assert.equal(found[0].finding.severity === 'error' && found[0].finding.reason, 'duplicate key id "k0": the first one is line 1');
    assert.match(seen[0][0], /^loadline-keys-/, 'the repeats were found from spilled keys');
    assert.deepEqual(fs.readdirSync(tempRoot), []);
  });

  it('gives no verdict on a log replaced between its two reads, as a log rotation would (hp25b 03)', async () => {
    const tempRoot = fs.mkdtempSync(path.join(dir, 'tmp-'));
    const file = path.join(dir, 'rotated.jsonl');
    // Line 2 is rejected: a finding of the first read, before the keys spill (after some 60 keys) and settle.
    const lines = Array.from({ length: 2000 }, (_, i) => (i === 1 ? '{"id":"b","n":"x"}' : `{"id":"k${i % 1500}","n":1}`));
    fs.writeFileSync(file, lines.join('\n') + '\n');
    const rotated = path.join(dir, 'rotated.next');
    fs.writeFileSync(rotated, '{"id":"other","n":1}\n'.repeat(3000));
    let replaced = false;
    const replace = () => {
      if (!replaced) fs.renameSync(rotated, file);
      replaced = true;
    };
    await assert.rejects(checkLogFile(file, mapping('error'), replace, { bytes: 1000, tempRoot }), (error: unknown) => {
      assert.ok(error instanceof IngestError && error.data.reason === 'changed', String(error));
      assert.match(error.message, /rotated\.jsonl changed while it was being checked \(it was written to or replaced\)/);
      return true;
    });
    assert.deepEqual(fs.readdirSync(tempRoot), []);
  });

  it('removes it when the check fails', async () => {
    const tempRoot = fs.mkdtempSync(path.join(dir, 'tmp-'));
    const lines = Array.from({ length: 2000 }, (_, i) => `{"id":"k${i % 1500}","n":1}`);
    await assert.rejects(
      findingsOf(lines, 'error', { bytes: 1000, tempRoot }, () => {
        assert.equal(fs.readdirSync(tempRoot).length, 1);
        throw new Error('the reader of the findings failed');
      }),
      /the reader of the findings failed/,
    );
    assert.deepEqual(fs.readdirSync(tempRoot), []);
  });

  it('fails with an output error naming the folder on a full disk, and removes what it wrote', async (t) => {
    const tempRoot = fs.mkdtempSync(path.join(dir, 'full-'));
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', tempRoot], { stdio: 'ignore' });
    } catch {
      return t.skip('mounting a small tmpfs needs root');
    }
    try {
      // 200,000 keys: each of the 16 partitions fills its write buffer before the first pass ends.
      const lines = Array.from({ length: 200_000 }, (_, i) => `{"id":"k${i}","n":1}`);
      await assert.rejects(findingsOf(lines, 'error', { bytes: 1000, tempRoot }), (error: unknown) => {
        assert.ok(error instanceof IngestError && error.kind === 'output', String(error));
        assert.match(error.message, /cannot write the key index's temporary files in .*loadline-keys-.* \(ENOSPC\)/);
        return true;
      });
      assert.deepEqual(fs.readdirSync(tempRoot), []);
    } finally {
      execFileSync('umount', [tempRoot]);
    }
  });

  it('removes it on Ctrl+C and exits as interrupted', async () => {
    const tempRoot = fs.mkdtempSync(path.join(dir, 'tmp-'));
    const file = path.join(dir, 'interrupted.jsonl');
    fs.writeFileSync(file, Array.from({ length: 400_000 }, (_, i) => `{"id":"k${i % 300_000}","n":1}`).join('\n'));
    // The child says when its keys have spilled (a finding of the second pass) and is interrupted then.
    const script = `
      const { checkLogFile } = require(${JSON.stringify(path.resolve(__dirname, '../../shared/src/ingest/check/checkLogFile.js'))});
      const { compileMapping } = require(${JSON.stringify(path.resolve(__dirname, '../../shared/src/mapping/compileMapping.js'))});
      const mapping = compileMapping(${JSON.stringify({ name: 'ev', table: 'ev', key: 'id', onDuplicate: 'error', columns: { id: { from: 'id', type: 'string' } } })});
      let told = false;
      checkLogFile(${JSON.stringify(file)}, mapping, () => { if (!told) { told = true; process.stdout.write('spilled\\n'); } }, { bytes: 100000, tempRoot: ${JSON.stringify(tempRoot)} })
        .then(() => process.stdout.write('finished\\n'));`;
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (data: Buffer) => {
      output += data.toString();
      if (output.includes('spilled') && fs.readdirSync(tempRoot).length > 0) child.kill('SIGINT');
    });
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('exit', (c, s) => resolve([c, s])));
    assert.deepEqual({ code, signal, output }, { code: null, signal: 'SIGINT', output: 'spilled\n' });
    assert.deepEqual(fs.readdirSync(tempRoot), []);
  });
});
