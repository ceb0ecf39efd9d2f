// The diagnostics the editor receives for a large enum have a bounded size (issue 22, class 1): a 20,000-value enum
// with 1,000 bad rows once sent 260 MB, each message listing the whole enum.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { LanguageServer, startLanguageServer, stopLanguageServer } from '../support/lspClient';

const CODES = Array.from({ length: 20_000 }, (_, i) => `REGION-${String(i).padStart(5, '0')}`);
const BAD_ROWS = 1_000;
/** What 1,000 diagnostics of a few hundred bytes each take, with room; the unbounded messages took 260 MB. */
const MOST_BYTES = 2 * 1024 * 1024;
const LONGEST_MESSAGE = 300;

describe('loadline-ls with a 20,000-value enum and 1,000 bad rows', () => {
  let server: LanguageServer;

  before(async () => {
    const config = { contracts: [{ files: ['codes/*.csv'], schema: 'codes.schema.json' }] };
    const schema = { fields: [{ name: 'code', type: 'string', constraints: { enum: CODES } }] };
    server = await startLanguageServer({
      workspace: { prefix: 'loadline-enum-ls-', files: { '.loadline.json': JSON.stringify(config), 'codes.schema.json': JSON.stringify(schema) } },
    });
  });
  after(() => stopLanguageServer(server));

  it('publishes one short diagnostic per bad row, naming the count and the first values, in under 2 MB', async () => {
    const uri = pathToFileURL(path.join(server.dir, 'codes', 'c.csv')).href;
    const published = server.client.nextDiagnostics(uri, () => true, 120_000);
    const rows = Array.from({ length: BAD_ROWS }, (_, i) => `BAD-${i}`);
    await server.client.open(uri, `code\n${CODES[7]}\n${rows.join('\n')}\n`);
    const params = await published;
    const bytes = Buffer.byteLength(JSON.stringify(params));
    assert.ok(bytes < MOST_BYTES, `${bytes.toLocaleString('en-US')} bytes of diagnostics`);
    const { diagnostics } = params;
    assert.equal(diagnostics.length, BAD_ROWS);
    assert.deepEqual(new Set(diagnostics.map((d) => d.code)), new Set(['constraint-error']));
    const longest = Math.max(...diagnostics.map((d) => d.message.length));
    assert.ok(longest <= LONGEST_MESSAGE, `a message of ${longest} characters`);
    assert.equal(
      diagnostics[0].message,
      'Value "BAD-0" in code (row 3) is not one of the 20,000 allowed values, such as "REGION-00000", "REGION-00001", "REGION-00002", "REGION-00003", "REGION-00004" (enum)',
    );
    assert.match(diagnostics[BAD_ROWS - 1].message, /^Value "BAD-999" in code \(row 1002\) is not one of the 20,000 allowed values/);
    await server.client.close(uri);
  });
});
