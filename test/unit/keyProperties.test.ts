// Property: keys with NUL, signs, exponents and trailing zeros, over 1 to 50 ranges, counted by a dry run as a
// model that compares keys by their value counts them (test/support/keyCases.ts).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { dryRunFile } from '../../shared/src/ingest/dryRun';
import { fuzz } from '../support/fuzz';
import { expectedOf, keyCase, keyFile, keyMapping } from '../support/keyCases';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-keys-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('keys by value (dry run)', () => {
  it('counts and rejects repeats as a model that compares keys by value, however the file is cut', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(keyCase, async (c) => {
        const file = path.join(dir, `keys-${run++}.jsonl`);
        const text = keyFile(c.lines);
        fs.writeFileSync(file, text);
        const rejectsFile = `${file}.rejects`;
        const report = await dryRunFile({
          file,
          mapping: keyMapping('keys', c.onDuplicate),
          rangeBytes: Math.ceil(Buffer.byteLength(text) / c.ranges),
          rejectsFile,
        });
        const expected = expectedOf(c);
        assert.deepEqual(
          { inserted: report.inserted, duplicates: report.duplicates, rejected: report.rejected },
          { inserted: expected.inserted, duplicates: expected.duplicates, rejected: expected.rejected },
        );
        const rejects = fs.existsSync(rejectsFile) ? fs.readFileSync(rejectsFile, 'utf8').split('\n').filter(Boolean) : [];
        assert.deepEqual(
          rejects.map((r) => (JSON.parse(r) as { line: number }).line),
          c.onDuplicate === 'error' ? expected.repeats : [],
        );
      }),
      fuzz(100),
    );
  });
});
