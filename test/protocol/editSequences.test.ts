// For any sequence of incremental edits, the server's final diagnostics equal a fresh check of the final text,
// also when checks of the versions between build on each other (shared/src/csv/check/recordMemo.ts).
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Contract } from '../../shared/src/contract/types';
import { validateCsv } from '../../shared/src/csv/check/validateCsv';
import { fuzz } from '../support/fuzz';
import { LspClient, startLanguageServer, stopLanguageServer } from '../support/lspClient';

const CONTRACT: Contract = { files: ['**/*.csv'], headers: { a: { type: 'integer', constraints: { required: true, unique: true } }, b: { required: true } } };
const piece = fc.string({ unit: fc.constantFrom('a', 'b', ',', ';', '"', '\n', '\r\n', '\r', ' ', '1', '2', 'é'), maxLength: 12 });
/** `settle`: wait for this version's diagnostics, so that the next check builds on its check. */
const edit = fc.record({ at: fc.nat(), length: fc.nat({ max: 6 }), text: piece, settle: fc.boolean() });

describe('loadline-ls under random edit sequences', () => {
  let dir: string;
  let client: LspClient;
  let run = 0;

  before(async () => {
    ({ dir, client } = await startLanguageServer({
      workspace: { prefix: 'loadline-edits-', files: { '.loadline.json': JSON.stringify({ contracts: [CONTRACT] }) } },
    }));
  });
  after(() => stopLanguageServer({ dir, client }));

  it('ends on the diagnostics of a fresh check of the final text', async () => {
    await fc.assert(
      fc.asyncProperty(piece, fc.array(edit, { minLength: 1, maxLength: 12 }), async (initial, edits) => {
        const uri = pathToFileURL(path.join(dir, `doc-${run++}.csv`)).href;
        let document = TextDocument.create(uri, 'csv', 1, `a,b\n1,x\n2,y\n${initial}\n3,z\n1,w\n`);
        await client.open(uri, document.getText(), 'csv', 1);
        let final: Awaited<ReturnType<LspClient['nextDiagnostics']>> | undefined;
        for (const [i, { at, length, text, settle }] of edits.entries()) {
          const start = at % (document.getText().length + 1);
          const range = { start: document.positionAt(start), end: document.positionAt(Math.min(start + length, document.getText().length)) };
          document = TextDocument.update(document, [{ range, text }], document.version + 1);
          const version = document.version;
          // Versions edited over before their check ends are never published: wait only where it will be.
          const published = settle || i === edits.length - 1 ? client.nextDiagnostics(uri, (d) => d.version === version) : undefined;
          await client.edit(uri, range, text, version);
          if (published) final = await published;
        }
        const expected = validateCsv(document.getText(), CONTRACT, { fileName: uri }).problems;
        assert.deepEqual(
          final!.diagnostics.map((d) => [d.code, d.message, d.range]),
          expected.map((p) => [p.code, p.message, p.range]),
        );
        await client.close(uri);
      }),
      fuzz(25),
    );
  });
});
