// A log's diagnostics stop at loadline.maxProblems, as a CSV's do, and one more counts the rest (hp25 04: a log of
// 300,000 bad lines sent 300,000 diagnostics, 63 MB, on every edit, and stalled the editor for seconds).
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { LspClient, startLanguageServer, stopLanguageServer, TEST_SETTINGS } from '../support/lspClient';

const CONFIG = JSON.stringify({
  ingest: [
    {
      name: 'n',
      files: ['*.jsonl'],
      table: 'n',
      key: 'id',
      columns: { id: { from: 'id', type: 'string', required: true }, n: { from: 'n', type: 'integer' } },
    },
  ],
});

describe('loadline-ls on a log with more problems than loadline.maxProblems', () => {
  let dir: string;
  let client: LspClient;

  before(async () => {
    ({ dir, client } = await startLanguageServer({
      workspace: { prefix: 'loadline-log-limit-', files: { '.loadline.json': CONFIG } },
      settings: { ...TEST_SETTINGS, maxProblems: 3 },
    }));
  });
  after(() => stopLanguageServer({ dir, client }));

  it('sends the first rejects and one diagnostic that counts the rest, on the first line not shown', async () => {
    const uri = pathToFileURL(path.join(dir, 'bad.jsonl')).href;
    // Lines 1-5 rejected (n is no integer), line 6 good, lines 7-8 repeat the key of line 6 (information).
    const lines = [...['a', 'b', 'c', 'd', 'e'].map((id) => `{"id":"${id}","n":"x"}`), '{"id":"k"}', '{"id":"k"}', '{"id":"k"}'];
    const published = client.nextDiagnostics(uri);
    await client.open(uri, lines.join('\n') + '\n', 'jsonl');
    const { diagnostics } = await published;
    assert.deepEqual(
      diagnostics.map((d) => [d.range.start.line, d.severity, d.code]),
      [
        [0, 1, 'value-error'],
        [1, 1, 'value-error'],
        [2, 1, 'value-error'],
        [3, 1, 'too-many-problems'],
      ],
    );
    assert.equal(diagnostics[3].message, '4 more problems not shown (limit 3), 2 errors among them; raise loadline.maxProblems to see them');
  });
});
