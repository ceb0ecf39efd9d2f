// Property: keys with NUL, signs, exponents and trailing zeros, over 1 to 50 ranges loaded by two workers into
// the real MariaDB: the rows kept and the counts are those of a model that compares keys by their value
// (test/support/keyCases.ts). Fewer cases than the dry run's (test/unit/keyProperties): each is a real load.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { fuzz } from '../support/fuzz';
import { ingestInProcess, ingestWorkspace, rejectsOf } from '../support/ingestFixtures';
import { expectedOf, keyCase, keyFile, keyMapping } from '../support/keyCases';
import { sql } from '../support/mariadb';

const { database, writeLog } = ingestWorkspace();

describe('keys by value (real MariaDB)', () => {
  it('keeps the first line of each key and counts as the model does, however the file is cut', async () => {
    const db = database();
    let run = 0;
    await fc.assert(
      fc.asyncProperty(keyCase, async (c) => {
        const table = `keys_${run}`;
        const text = keyFile(c.lines);
        const file = writeLog(`keys-${run++}.jsonl`, text);
        const report = await ingestInProcess(file, db.url, {
          mapping: keyMapping(table, c.onDuplicate),
          rangeBytes: Math.ceil(Buffer.byteLength(text) / c.ranges),
          workers: 2,
        });
        const expected = expectedOf(c);
        assert.deepEqual(
          { inserted: report.inserted, duplicates: report.duplicates, rejected: report.rejected },
          { inserted: expected.inserted, duplicates: expected.duplicates, rejected: expected.rejected },
        );
        const notes = sql(`SELECT note FROM ${table} ORDER BY note`, db.name).split('\n').filter(Boolean);
        assert.deepEqual(notes, expected.winners);
        const rejects = report.rejectsFile && fs.existsSync(report.rejectsFile) ? rejectsOf(report.rejectsFile).map((r) => r.line) : [];
        assert.deepEqual(rejects, c.onDuplicate === 'error' ? expected.repeats : []);
      }),
      fuzz(12),
    );
  });
});
