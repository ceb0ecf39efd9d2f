// Validate Workspace (loadline/validateFiles, a file not open) over a real stdio connection, for a CSV holding one
// record past the 16 MiB a record may have: an answer, the record's problem at its line as `loadline validate` and
// ingest give it, and the records after it checked (hp24 06: no answer for a 50 MB record).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { VALIDATE_FILES_REQUEST, ValidateFilesResult } from '../../shared/src/editorProtocol';
import { MAX_LINE_BYTES, tooLongReason } from '../../shared/src/text/lineLimit';
import { LspClient, startLanguageServer, stopLanguageServer, TEST_SETTINGS } from '../support/lspClient';

const CONFIG = JSON.stringify({ contracts: [{ files: ['*.csv'], headers: { id: { type: 'integer', constraints: { unique: true } } } }] });

describe('loadline-ls: Validate Workspace on a record past the 16 MiB a record may have', () => {
  let dir: string;
  let client: LspClient;

  before(async () => {
    ({ dir, client } = await startLanguageServer({
      workspace: { prefix: 'loadline-huge-record-ls-', files: { '.loadline.json': CONFIG } },
      settings: TEST_SETTINGS,
    }));
  });
  after(() => stopLanguageServer({ dir, client }));

  it('answers, with the record at its line and the repeat after it', { timeout: 60_000 }, async () => {
    const body = 'y'.repeat(MAX_LINE_BYTES + 1000);
    fs.writeFileSync(path.join(dir, 'big.csv'), `id,s\n1,x\n2,${body}\n3,x\n1,again\n`);
    const uri = pathToFileURL(path.join(dir, 'big.csv')).href;
    const published = client.nextDiagnostics(uri);
    const result = await client.connection.sendRequest<ValidateFilesResult>(VALIDATE_FILES_REQUEST, { uris: [uri] });
    assert.deepEqual(result, { checked: 1, errors: 2, others: 0 });
    assert.deepEqual(
      (await published).diagnostics.map((d) => [d.range.start.line, d.code, d.message]),
      [
        [2, 'invalid-csv', tooLongReason('record', `2,${body}\n`.length)],
        [4, 'unique-error', 'Value "1" in id (row 5) repeats row 2: the column is unique'],
      ],
    );
  });
});
