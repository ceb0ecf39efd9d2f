// The odd corners of the protocol: edits that join CR and LF, a malformed change, documents that are not
// tables, and requests after shutdown.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { validateCsv } from '../../shared/src/csv/check/validateCsv';
import { fuzz } from '../support/fuzz';
import { LspClient, PublishedDiagnostics } from '../support/lspClient';
import { applyEdit, crlfEdit, crlfText, Range, rangeIn } from '../support/lspText';

describe('protocol odds', () => {
  let dir: string;
  let client: LspClient;
  let run = 0;
  const uriOf = (name: string) => pathToFileURL(path.join(dir, name)).href;
  const shape = (d: PublishedDiagnostics) => d.diagnostics.map((x) => [x.code, x.message, x.range]);
  const expected = (text: string, fileName: string) => validateCsv(text, undefined, { fileName }).problems.map((p) => [p.code, p.message, p.range]);

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-odds-'));
    client = new LspClient();
    await client.initialize(pathToFileURL(dir).href);
  });
  after(async () => {
    assert.equal(await client.stop(), 0);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Opens `text`, sends each edit as its own version, and returns the last version's diagnostics. */
  async function edited(uri: string, text: string, edits: { range: Range; text: string }[]): Promise<PublishedDiagnostics> {
    const opened = client.nextDiagnostics(uri);
    await client.open(uri, text);
    await opened;
    const last = client.nextDiagnostics(uri, (d) => d.version === edits.length + 1);
    for (const [i, edit] of edits.entries()) await client.edit(uri, edit.range, edit.text, i + 2);
    return last;
  }

  it('a CR typed before an LF (a literal ^M in Neovim): the next edit lands on the line the client means', async () => {
    const uri = uriOf('cr.csv');
    const at = (line: number, character: number) => ({ line, character });
    const last = await edited(uri, 'a,b\n1,2\n3,4\n', [
      { range: { start: at(0, 3), end: at(0, 3) }, text: '\r' },
      { range: { start: at(2, 0), end: at(2, 3) }, text: '3' },
    ]);
    assert.deepEqual(shape(last), expected('a,b\r\n1,2\n3\n', uri));
    await client.close(uri);
  });

  it('random edits with CR and LF: the diagnostics are those of the client text', async () => {
    await fc.assert(
      fc.asyncProperty(crlfText(10), fc.array(crlfEdit, { minLength: 1, maxLength: 10 }), async (initial, seeds) => {
        const uri = uriOf(`random-${run++}.csv`);
        let text = `a,b\n${initial}\n1,2\n`;
        const edits = seeds.map((seed) => {
          const edit = { range: rangeIn(text, seed), text: seed.text };
          text = applyEdit(text, edit.range, edit.text);
          return edit;
        });
        assert.deepEqual(shape(await edited(uri, `a,b\n${initial}\n1,2\n`, edits)), expected(text, uri));
        await client.close(uri);
      }),
      fuzz(15),
    );
  });

  it('a malformed range: an error in the log, and the last good text keeps its diagnostics, headed by a warning', async () => {
    const uri = uriOf('malformed.csv');
    const opened = client.nextDiagnostics(uri);
    await client.open(uri, 'a,b\n1\n');
    const before = await opened;
    const after = client.nextDiagnostics(uri);
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: -1, character: 0 }, end: { line: 0, character: 2 } }, text: 'x' }],
    });
    const published = await after;
    assert.equal(published.version, 1, 'the last good version');
    assert.equal(published.diagnostics[0].code, 'out-of-sync');
    assert.deepEqual(shape(published).slice(1), shape(before));
    assert.ok(
      client.logs.some((l) => l.includes(`refused the change to ${uri} (version 2): a range that is not two positions`)),
      client.logs.join('\n'),
    );
    const resynced = client.nextDiagnostics(uri, (d) => d.version === 3);
    await client.change(uri, 'a,b\n1,2\n', 3);
    assert.deepEqual((await resynced).diagnostics, [], 'the whole text brings it back in step');
    await client.close(uri);
  });

  it('a document that is not a table gets no diagnostics, hover or code actions', async () => {
    const notes = uriOf('notes.txt');
    let published = false;
    client.nextDiagnostics(notes, () => (published = true), 3000).catch(() => undefined);
    await client.open(notes, 'a,b\n1\n"open', 'plaintext');
    // A CSV opened after it is checked after it: by its diagnostics, the text's would have come.
    const csv = uriOf('after-notes.csv');
    const checked = client.nextDiagnostics(csv);
    await client.open(csv, 'a,b\n1\n');
    await checked;
    assert.equal(published, false);
    assert.equal(await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: notes }, position: { line: 1, character: 0 } }), null);
    const range = { start: { line: 1, character: 0 }, end: { line: 1, character: 1 } };
    assert.deepEqual(await client.codeActions(notes, range, []), []);
    await client.close(notes);
    await client.close(csv);
  });

  it('a hover, definition or references request at a position outside the document has no answer', async () => {
    const csv = uriOf('outside.csv');
    const checked = client.nextDiagnostics(csv);
    await client.open(csv, 'a,b\n1,2\n');
    await checked;
    assert.notEqual(await client.hover(csv, { line: 0, character: 0 }), null, 'the header has a hover');
    for (const position of [
      { line: -1, character: 0 },
      { line: 0, character: -5 },
      { line: 3, character: 0 },
      { line: 1_000_000, character: 0 },
    ]) {
      const at = { textDocument: { uri: csv }, position };
      assert.equal(await client.connection.sendRequest('textDocument/hover', at), null, JSON.stringify(position));
      assert.equal(await client.connection.sendRequest('textDocument/definition', at), null, JSON.stringify(position));
      assert.deepEqual(await client.connection.sendRequest('textDocument/references', { ...at, context: { includeDeclaration: true } }), null);
    }
    await client.close(csv);
  });

  it("a language id named in loadline.extraLanguages (Rainbow CSV's, in VS Code) is checked as CSV", async () => {
    const semicolons = uriOf('semicolons.txt');
    client.settings = { ...client.settings, extraLanguages: ['rainbow semicolons'] };
    const published = client.nextDiagnostics(semicolons);
    await client.open(semicolons, 'a;b\n1\n', 'rainbow semicolons');
    assert.deepEqual(
      (await published).diagnostics.map((d) => d.code),
      ['missing-cell'],
    );
    await client.close(semicolons);
  });

  it('requests after shutdown are refused with InvalidRequest', async () => {
    const other = new LspClient();
    await other.initialize(pathToFileURL(dir).href);
    await other.connection.sendRequest('shutdown');
    const refused = async (method: string, params: unknown) =>
      assert.rejects(other.connection.sendRequest(method, params), (error: { code?: number }) => error.code === -32600);
    await refused('textDocument/hover', { textDocument: { uri: uriOf('x.csv') }, position: { line: 0, character: 0 } });
    await refused('textDocument/codeAction', {
      textDocument: { uri: uriOf('x.csv') },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [] },
    });
    await refused('textDocument/definition', { textDocument: { uri: uriOf('x.csv') }, position: { line: 0, character: 0 } });
    await refused('shutdown', null);
    await other.connection.sendNotification('exit');
    assert.equal(await other.exited, 0);
    other.connection.dispose();
  });
});
