// The server's document store against the client's text (a plain string edited by LSP position rules), for
// random edits in which CR and LF are typed apart and joined; and a malformed range, refused whole.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentStore } from '../../server/src/documentStore';
import { fuzz } from '../support/fuzz';
import { applyEdit, crlfEdit, crlfText, linesOf, rangeIn } from '../support/lspText';

describe('the document store', () => {
  it('a CR typed before an LF makes one line break, and the next edit lands where the client put it', () => {
    const store = new DocumentStore(() => assert.fail('not malformed'));
    let document = store.create('file:///a.csv', 'csv', 1, 'a\nb\n');
    document = store.update(document, [{ range: { start: { line: 0, character: 1 }, end: { line: 0, character: 1 } }, text: '\r' }], 2);
    assert.equal(document.lineCount, 3);
    document = store.update(document, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 1 } }, text: 'X' }], 3);
    assert.equal(document.getText(), 'a\r\nX\n');
  });

  it('random edits with CR and LF give the client text, line by line', () => {
    fc.assert(
      fc.property(crlfText(12), fc.array(crlfEdit, { minLength: 1, maxLength: 20 }), (initial, edits) => {
        const store = new DocumentStore(() => assert.fail('not malformed'));
        let document = store.create('file:///a.csv', 'csv', 1, initial);
        let client = initial;
        for (const [i, seeds] of edits.entries()) {
          const range = rangeIn(client, seeds);
          // One notification may carry several changes, each against the text the one before left.
          const second = rangeIn(applyEdit(client, range, seeds.text), { from: seeds.to, to: seeds.to });
          client = applyEdit(applyEdit(client, range, seeds.text), second, seeds.text);
          document = store.update(
            document,
            [
              { range, text: seeds.text },
              { range: second, text: seeds.text },
            ],
            i + 2,
          );
          // Every offset and position as a fresh document of the client's text gives them, read before or after the
          // text (the store joins a big document's pieces only when its text is read).
          const fresh = TextDocument.create('file:///b.csv', 'csv', 1, client);
          if (i % 2 === 0) assert.equal(document.getText(), client);
          for (let offset = 0; offset <= client.length + 1; offset++) {
            const position = fresh.positionAt(offset);
            assert.deepEqual(document.positionAt(offset), position);
            assert.equal(document.offsetAt(position), fresh.offsetAt(position));
            assert.equal(
              document.offsetAt({ line: position.line, character: position.character + 1 }),
              fresh.offsetAt({ line: position.line, character: position.character + 1 }),
            );
          }
          assert.equal(document.getText(range), fresh.getText(range));
          assert.equal(document.getText(), client);
          assert.equal(document.lineCount, linesOf(client).length);
        }
      }),
      fuzz(300),
    );
  });

  it('a malformed range is refused whole: the last good text and version stay, and the document is stale until its whole text comes', () => {
    const refused: string[] = [];
    const store = new DocumentStore((uri, version, reason) => refused.push(`${uri} ${String(version)} ${reason}`));
    const uri = 'file:///a.csv';
    const good = store.create(uri, 'csv', 1, 'a\n1\n');
    const at = (line: number, character: number) => ({ line, character });
    const malformed = [
      { range: { start: at(-1, 0), end: at(0, 0) }, text: 'x' },
      { range: { start: at(1, 0), end: at(0, 0) }, text: 'x' },
      { range: { start: at(0, 0.5), end: at(0, 1) }, text: 'x' },
      { range: null, text: 'x' },
      { range: { start: at(0, 0) }, text: 'x' },
      { range: { start: at(0, 0), end: at(0, 0) } },
    ];
    for (const change of malformed) {
      const kept = store.update(good, [{ range: { start: at(0, 0), end: at(0, 0) }, text: 'ok' }, change as never], 2);
      assert.equal(kept, good);
    }
    assert.equal(refused.length, malformed.length);
    assert.match(refused[0], /^file:\/\/\/a\.csv 2 a range that is not two positions/);
    assert.match(refused[1], /start comes after its end/);
    assert.ok(store.staleReason(uri));
    assert.equal(store.update(good, [{ range: { start: at(0, 0), end: at(0, 0) }, text: 'x' }], 3), good, 'ranged edits wait for the whole text');
    const whole = store.update(good, [{ text: 'b\n2\n' }], 4);
    assert.equal(whole.getText(), 'b\n2\n');
    assert.equal(whole.version, 4);
    assert.equal(store.staleReason(uri), undefined);
  });
});
