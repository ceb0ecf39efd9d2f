import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { compileMapping } from '../../shared/src/mapping/compileMapping';
import { dryRunFile } from '../../shared/src/ingest/dryRun';
import { previewIngest } from '../../shared/src/ingest/previewIngest';

describe('previewIngest of a log', () => {
  it('rejects each line with the code and reason the dry run writes to its rejects file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-preview-'));
    const file = path.join(dir, 'events.jsonl');
    const lines = [
      Buffer.from('{"id":"a","n":1}'),
      Buffer.from('{"id":"b","n":'),
      Buffer.from([0x7b, 0x22, 0x69, 0x64, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]),
      Buffer.from('[1,2]'),
      Buffer.from('{"id":"c","n":"warm"}'),
      Buffer.from('{"n":2}'),
    ];
    fs.writeFileSync(file, Buffer.concat(lines.flatMap((l) => [l, Buffer.from('\n')])));
    const mapping = compileMapping({ name: 'e', table: 'e', key: 'id', columns: { id: { from: 'id' }, n: { from: 'n', type: 'integer' } } });
    const rejectsFile = path.join(dir, 'rejects.jsonl');

    const preview = await previewIngest(file, mapping);
    await dryRunFile({ file, mapping, rejectsFile });
    const written = fs
      .readFileSync(rejectsFile, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { line: number; code: string; reason: string });

    assert.deepEqual(
      preview.rejects.map((r) => r.code),
      ['invalid-json', 'encoding-error', 'not-an-object', 'value-error', 'required'],
    );
    assert.deepEqual(
      preview.rejects,
      written.map(({ line, code, reason }) => ({ line, code, reason })),
    );
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
