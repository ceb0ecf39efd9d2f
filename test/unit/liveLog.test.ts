// A log open in the editor (LiveLog) against `loadline ingest --dry-run` of the same text: the same lines, codes
// and reasons; and an edit maps again only the lines it touched.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { dryRunFile } from '../../shared/src/ingest/dryRun';
import { LogLineChecker } from '../../shared/src/ingest/check/logLineChecker';
import { LineEdit, LiveLog } from '../../shared/src/ingest/liveLog/liveLog';
import { compileMapping } from '../../shared/src/mapping/compileMapping';
import { DeclaredMapping, OnDuplicate } from '../../shared/src/mapping/declaredMapping';
import { StoredDocument } from '../../server/src/storedDocument';
import { fuzz } from '../support/fuzz';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-live-log-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A JSON Schema that some generated lines break: a note of "four", an n above 2. */
const SCHEMA = { properties: { note: { not: { const: 'four' } }, data: { properties: { n: { maximum: 2 } } } } };

const declared = (onDuplicate: OnDuplicate, when: boolean, schema = false): DeclaredMapping => ({
  name: 'events',
  table: 'events',
  key: 'id',
  onDuplicate,
  ...(when ? { when: { path: 'type', in: ['click', 'view'] } } : {}),
  ...(schema ? { schema: SCHEMA } : {}),
  columns: {
    id: { from: 'id', type: 'string', required: true, maxLength: 4 },
    n: { from: 'data.n', type: 'integer', required: true },
    at: { from: 'ts', type: 'unix-seconds' },
    note: { from: 'note', type: 'string', maxLength: 3 },
  },
});

/** One line of every class: valid, wrong-typed, too long, missing, out of range, filtered, not JSON, not an object, blank. */
const line = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .record({
        id: fc.constantFrom('a', 'b', 'c', '😀', 'toolong', 7, null, undefined),
        type: fc.constantFrom('click', 'view', 'spam', undefined),
        data: fc.oneof(fc.constant(undefined), fc.record({ n: fc.constantFrom(1, -2, '3', 'warm', 1.5, null, undefined, 2 ** 70) })),
        ts: fc.constantFrom(1700000000, -5, 'x', undefined),
        note: fc.constantFrom('ok', '😀😀', '😀😀😀😀', 'four', undefined),
      })
      .map((event) => JSON.stringify(event)),
  },
  { weight: 1, arbitrary: fc.constantFrom('{"id":"a","data":{"n":1}', '[1,2]', '', '   ', 'null', '{"id":"b",,}', '{"id":"c","data":{"n":1}} x') },
);

const findings = (text: string, onDuplicate: OnDuplicate, when: boolean, schema: boolean) =>
  new LiveLog(compileMapping(declared(onDuplicate, when, schema))).check(text).map((f) => ({ line: f.line + 1, code: f.code, reason: f.reason }));

describe('a log in the editor, line for line as the dry run', () => {
  // Each line ends in \n, \r\n or a lone \r (the last one in none, too), and the dry run cuts the file into ranges
  // of any size: line N is the same line for the loader and for the editor, whether the editor keeps a lone CR (an
  // LSP client may) or, as VS Code does, gives every line the document's one line ending.
  it('flags exactly the lines the dry run rejects, with its codes and reasons, whatever ends each line', async () => {
    let run = 0;
    const codes = new Set<string>();
    const ending = fc.constantFrom('\n', '\n', '\r\n', '\r');
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(line, ending), { maxLength: 30 }),
        fc.constantFrom('', '\n', '\r\n', '\r'),
        fc.constantFrom<OnDuplicate>('error', 'skip', 'update'),
        fc.boolean(),
        fc.boolean(),
        fc.integer({ min: 1, max: 200 }),
        async (ended, last, onDuplicate, when, schema, rangeBytes) => {
          const file = path.join(dir, `log-${run++}.jsonl`);
          const text = ended.map(([l, end], i) => l + (i === ended.length - 1 ? last : end)).join('');
          fs.writeFileSync(file, text);
          const rejectsFile = `${file}.rejects`;
          await dryRunFile({ file, mapping: compileMapping(declared(onDuplicate, when, schema)), rejectsFile, rangeBytes });
          const rejects = fs.existsSync(rejectsFile) ? fs.readFileSync(rejectsFile, 'utf8').split('\n').filter(Boolean) : [];
          const expected = rejects.map((r) => {
            const { line, code, reason } = JSON.parse(r) as { line: number; code: string; reason: string };
            return { line, code, reason };
          });
          assert.deepEqual(findings(text, onDuplicate, when, schema), expected);
          const asVsCodeGivesIt = text.replace(/\r\n|\r/g, '\n');
          assert.deepEqual(findings(asVsCodeGivesIt, onDuplicate, when, schema), expected);
          for (const r of expected) codes.add(r.code);
        },
      ),
      fuzz(60),
    );
    assert.ok(codes.has('schema-error'), 'no line broke the schema');
  });

  it("says which line wins for the same repeats as loadline validate's checker, under skip and update", () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), fc.constantFrom<OnDuplicate>('skip', 'update'), fc.boolean(), (lines, onDuplicate, when) => {
        const mapping = compileMapping(declared(onDuplicate, when));
        const live = new LiveLog(mapping);
        live.check(lines.join('\n'));
        const checker = new LogLineChecker(mapping);
        const expected = lines.flatMap((text, i) => {
          const finding = checker.check(i + 1, text);
          return finding?.severity === 'information' ? [[i + 1, finding.firstLine, finding.onDuplicate]] : [];
        });
        assert.deepEqual(
          live.repeats.map((r) => [r.line + 1, r.firstLine, r.onDuplicate]),
          expected,
        );
      }),
      fuzz(60),
    );
  });

  it('maps again only the lines an edit touched, and finds a repeated key across the edit', () => {
    const live = new LiveLog(compileMapping(declared('error', false)));
    const lines = Array.from({ length: 1000 }, (_, i) => JSON.stringify({ id: `k${i}`.slice(0, 4), data: { n: i } }));
    assert.deepEqual(live.check(lines.join('\n')), []);
    assert.equal(live.mappedLines, 1000);
    // One line edited to repeat line 1's key: one line mapped, and the repeat found.
    lines[500] = JSON.stringify({ id: 'k0', data: { n: 500 } });
    const repeated = live.check(lines.join('\n'));
    assert.equal(live.mappedLines, 1001);
    assert.deepEqual(
      repeated.map((f) => [f.line, f.code, f.reason]),
      [[500, 'duplicate-key', 'duplicate key id "k0": the first one is line 1']],
    );
    // A line inserted above: the others are not mapped again, and the repeat names the first line where it now is.
    lines.unshift('{"id":"new","data":{"n":0}}');
    assert.deepEqual(
      live.check(lines.join('\n')).map((f) => [f.line, f.reason]),
      [[501, 'duplicate key id "k0": the first one is line 2']],
    );
    assert.equal(live.mappedLines, 1002);
  });

  it("follows an editor's incremental edits to the findings of a fresh check, mapping only the lines they touch", () => {
    // An edit's text: pieces of lines, line breaks (\r\n too, and a lone \r, after which the whole text is read).
    const piece = fc.oneof(line, fc.constantFrom('\n', '\r\n', '\r', '"', '}', '{"id":"a","data":{"n":1}}', ''));
    const edit = fc.record({ a: fc.nat(), b: fc.nat(), raw: fc.boolean(), text: fc.array(piece, { maxLength: 3 }).map((parts) => parts.join('')) });
    fc.assert(
      fc.property(fc.array(line, { maxLength: 20 }), fc.array(fc.array(edit, { maxLength: 3 }), { maxLength: 6 }), fc.boolean(), (lines, batches, crlf) => {
        const mapping = compileMapping(declared('error', true));
        const kept = new LiveLog(mapping);
        // The server's document, which applies the editor's changes as LSP counts positions and clamps them.
        const document = new StoredDocument('file:///a.jsonl', 'jsonl', 1, lines.join(crlf ? '\r\n' : '\n'));
        kept.check(document.getText());
        for (const batch of batches) {
          const edits: LineEdit[] = batch.map(({ a, b, raw, text }) => {
            const length = document.getText().length + 2;
            const [start, end] = [a % length, b % length].sort((x, y) => x - y);
            // Each change's positions are in the text the changes before it left; past a line's end or the text's
            // (raw), they are clamped.
            const rawAt = (n: number) => ({ line: n % (document.lineCount + 1), character: n % 7 === 0 ? 1000 : n % 40 });
            const range = raw ? { start: rawAt(start), end: rawAt(start) } : { start: document.positionAt(start), end: document.positionAt(end) };
            document.edit(range, text);
            return { range, text };
          });
          const text = document.getText();
          const followed = kept.edit(edits) ?? kept.check(text);
          assert.deepEqual(followed, new LiveLog(mapping).check(text));
        }
      }),
      fuzz(200),
    );
  });

  it('maps only the lines an incremental edit touches', () => {
    const live = new LiveLog(compileMapping(declared('error', false)));
    const lines = Array.from({ length: 1000 }, (_, i) => JSON.stringify({ id: `k${i}`.slice(0, 4), data: { n: i } }));
    live.check(lines.join('\n'));
    const at = lines[500].indexOf('k500');
    const repeated = live.edit([{ range: { start: { line: 500, character: at }, end: { line: 500, character: at + 4 } }, text: 'k0' }]);
    assert.equal(live.mappedLines, 1001);
    assert.deepEqual(
      repeated?.map((f) => [f.line, f.code, f.reason]),
      [[500, 'duplicate-key', 'duplicate key id "k0": the first one is line 1']],
    );
  });
});
