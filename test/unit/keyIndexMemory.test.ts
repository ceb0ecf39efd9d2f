// The key index's memory (issue 25: a 1 GiB log validated in under 300 MB). Its slots are typed arrays, so what it
// holds is what it allocates: every Uint32Array made with a length is recorded while the index fills. A table that
// grows whole holds its old and new slots at once; one cut into shards never holds more than a shard's twice; and
// a check of a whole log sizes it from the log's first read, so that it is allocated once.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { checkLogFile } from '../../shared/src/ingest/check/checkLogFile';
import { LineFinding } from '../../shared/src/ingest/check/logLineChecker';
import { compileMapping } from '../../shared/src/mapping/compileMapping';
import { UniqueIndex } from '../../shared/src/schema/uniqueIndex';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-keymemory-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The length of each Uint32Array that `run` makes with a length (the index's slots: 3 words a slot). */
async function slotAllocations(run: () => unknown): Promise<number[]> {
  const Original = globalThis.Uint32Array;
  const lengths: number[] = [];
  class Recorded extends Original {
    constructor(...args: unknown[]) {
      super(...(args as [number]));
      if (typeof args[0] === 'number') lengths.push(args[0]);
    }
  }
  globalThis.Uint32Array = Recorded;
  try {
    await run();
  } finally {
    globalThis.Uint32Array = Original;
  }
  return lengths;
}

describe('the key index in memory', () => {
  it('grows a shard at a time: 400,000 keys never allocate more than a small part of the table at once', async () => {
    const keys = 400_000;
    const index = new UniqueIndex(16);
    const lengths = await slotAllocations(() => {
      for (let i = 0; i < keys; i++) assert.equal(index.add(`key-${i}`, i + 1), 0);
    });
    const whole = (keys / 0.8) * 3;
    const largest = Math.max(...lengths);
    assert.ok(largest <= whole / 32, `the largest allocation was ${largest} words, against ${whole} for the whole table`);
    for (const i of [0, 1, 65_537, keys - 1]) assert.equal(index.add(`key-${i}`, keys + 1), i + 1, `key-${i} keeps its first row`);
  });

  it('is sized once by a check of a whole log, from its first read, and still names each first line', async () => {
    const lines = 300_000;
    const file = path.join(dir, 'keys.jsonl');
    // Lines of one length, as the first read sees them; every thousandth repeats the key of 500 lines before.
    const id = (i: number) => `k${String(i % 1000 === 999 ? i - 500 : i).padStart(6, '0')}`;
    const text = Array.from({ length: lines }, (_, i) => JSON.stringify({ id: id(i) })).join('\n');
    fs.writeFileSync(file, `${text}\n`);
    const mapping = compileMapping({ name: 'k', table: 'k', key: 'id', onDuplicate: 'skip', columns: { id: { from: 'id', type: 'string' } } });
    const findings: LineFinding[] = [];
    const lengths = await slotAllocations(() => checkLogFile(file, mapping, (finding) => findings.push(finding)));
    const allocated = lengths.reduce((a, b) => a + b, 0);
    // Room for every line with 5% to spare, at most 80% full: allocated once, with a shard or two grown at most.
    const once = ((lines * 1.05) / 0.8) * 3;
    assert.ok(allocated <= once * 1.1, `${allocated} words allocated in ${lengths.length} arrays, against ${Math.round(once)} for one allocation`);
    assert.equal(findings.length, lines / 1000);
    assert.deepEqual(
      findings.slice(0, 2).map((f) => [f.line, f.firstLine]),
      [
        [1000, 500],
        [2000, 1500],
      ],
    );
  });
});
