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

/** One line of every class: valid (keys repeated), wrong-typed, too long, missing, out of range, filtered, not JSON, not an object, blank. */
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
  // Rows that load, on three keys: repeats, and first lines that an edit moves or removes.
  { weight: 3, arbitrary: fc.constantFrom('a', 'b', 'c').map((id) => JSON.stringify({ id, type: 'click', data: { n: 1 } })) },
  { weight: 1, arbitrary: fc.constantFrom('{"id":"a","data":{"n":1}', '[1,2]', '', '   ', 'null', '{"id":"b",,}', '{"id":"c","data":{"n":1}} x') },
);

const findings = (text: string, onDuplicate: OnDuplicate, when: boolean, schema: boolean) =>
  new LiveLog(compileMapping(declared(onDuplicate, when, schema))).check(text).map((f) => ({ line: f.line + 1, code: f.code, reason: f.reason }));

type Change =
  | { kind: 'raw'; a: number; b: number; raw: boolean; text: string }
  | { kind: 'split'; a: number }
  | { kind: 'join'; line: number }
  | { kind: 'delete'; line: number }
  | { kind: 'copy'; line: number; to: number };

/** Past any line's end: the document clamps it to the end. */
const END = 1_000_000;

/** The change applied to the document as an editor's didChange says it, in the text the changes before it left. */
function applied(document: StoredDocument, change: Change): LineEdit {
  const length = document.getText().length + 2;
  const lines = document.lineCount;
  let range: LineEdit['range'];
  let text = '';
  if (change.kind === 'raw') {
    const [start, end] = [change.a % length, change.b % length].sort((x, y) => x - y);
    // Past a line's end or the text's (raw), positions are clamped.
    const rawAt = (n: number) => ({ line: n % (lines + 1), character: n % 7 === 0 ? 1000 : n % 40 });
    range = change.raw ? { start: rawAt(start), end: rawAt(start) } : { start: document.positionAt(start), end: document.positionAt(end) };
    text = change.text;
  } else if (change.kind === 'split') {
    const at = document.positionAt(change.a % length);
    range = { start: at, end: at };
    text = '\n';
  } else if (change.kind === 'join') {
    const line = change.line % lines;
    range = { start: { line, character: END }, end: { line: line + 1, character: 0 } };
  } else if (change.kind === 'delete') {
    const line = change.line % lines;
    range = { start: { line, character: 0 }, end: { line: line + 1, character: 0 } };
  } else {
    const to = { line: change.to % lines, character: 0 };
    range = { start: to, end: to };
    text = document.getText({ start: { line: change.line % lines, character: 0 }, end: { line: change.line % lines, character: END } }) + '\n';
  }
  document.edit(range, text);
  return { range, text };
}

/**
 * Undo, as an editor sends it: one change that puts back the text before the last batch (none when there was none),
 * its range the part that differs, widened so that it never falls between a \r and its \n.
 */
function undo(document: StoredDocument, target: string | undefined): LineEdit[] {
  const text = document.getText();
  if (target === undefined || target === text) return [];
  let head = 0;
  while (head < text.length && head < target.length && text[head] === target[head]) head++;
  let tail = 0;
  while (tail < text.length - head && tail < target.length - head && text[text.length - 1 - tail] === target[target.length - 1 - tail]) tail++;
  const inPair = (at: number) => text[at - 1] === '\r' && text[at] === '\n';
  while (head > 0 && inPair(head)) head--;
  while (tail > 0 && inPair(text.length - tail)) tail--;
  const range = { start: document.positionAt(head), end: document.positionAt(text.length - tail) };
  const edit = { range, text: target.slice(head, target.length - tail) };
  document.edit(range, edit.text);
  assert.equal(document.getText(), target);
  return [edit];
}

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

  it("follows an editor's incremental edits to a fresh check's findings and repeats, and to the dry run", async () => {
    // An edit's text: pieces of lines, line breaks (\r\n too, and a lone \r, after which the whole text is read).
    const piece = fc.oneof(line, fc.constantFrom('\n', '\r\n', '\r', '"', '}', '{"id":"a","data":{"n":1}}', ''));
    const change = fc.oneof(
      fc.record({
        kind: fc.constant('raw' as const),
        a: fc.nat(),
        b: fc.nat(),
        raw: fc.boolean(),
        text: fc.array(piece, { maxLength: 3 }).map((parts) => parts.join('')),
      }),
      // A line split in two, two lines joined, a line deleted (it may have held a key's first line), a line copied
      // above another (its key then repeats across the edit, or moves its first line up).
      fc.record({ kind: fc.constant('split' as const), a: fc.nat() }),
      fc.record({ kind: fc.constantFrom('join' as const, 'delete' as const), line: fc.nat() }),
      fc.record({ kind: fc.constant('copy' as const), line: fc.nat(), to: fc.nat() }),
    );
    // A batch of changes (one didChange), or an undo of the last batch: one change back to the text before it.
    const batch = fc.oneof({ weight: 4, arbitrary: fc.array(change, { minLength: 1, maxLength: 3 }) }, { weight: 1, arbitrary: fc.constant('undo' as const) });
    let run = 0;
    let dryRuns = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(line, { maxLength: 20 }),
        fc.array(batch, { maxLength: 8 }),
        fc.boolean(),
        fc.constantFrom<OnDuplicate>('error', 'skip', 'update'),
        fc.boolean(),
        async (lines, batches, crlf, onDuplicate, when) => {
          const mapping = compileMapping(declared(onDuplicate, when));
          const kept = new LiveLog(mapping);
          // The server's document, which applies the editor's changes as LSP counts positions and clamps them.
          const document = new StoredDocument('file:///a.jsonl', 'jsonl', 1, lines.join(crlf ? '\r\n' : '\n'));
          kept.check(document.getText());
          const before: string[] = [];
          for (const changes of batches) {
            const edits = changes === 'undo' ? undo(document, before.pop()) : changes.map((c) => applied(document, c));
            if (changes !== 'undo') before.push(document.getText());
            const text = document.getText();
            const followed = kept.edit(edits) ?? kept.check(text);
            const fresh = new LiveLog(mapping);
            assert.deepEqual(followed, fresh.check(text));
            assert.deepEqual(kept.repeats, fresh.repeats);
          }
          // Not dry run: a split between a surrogate pair's halves (UTF-8 cannot hold one, so the file would hold
          // another text), and a lone \r that ends the text, which the dry run's reader drops and the editor keeps.
          const edited = document.getText();
          if (Buffer.from(edited).toString() !== edited || edited.endsWith('\r')) return;
          dryRuns++;
          const file = path.join(dir, `edited-${run++}.jsonl`);
          fs.writeFileSync(file, edited);
          await dryRunFile({ file, mapping, rejectsFile: `${file}.rejects` });
          const rejects = fs.existsSync(`${file}.rejects`) ? fs.readFileSync(`${file}.rejects`, 'utf8').split('\n').filter(Boolean) : [];
          assert.deepEqual(
            kept.check(edited).map((f) => ({ line: f.line + 1, code: f.code, reason: f.reason })),
            rejects.map((r) => {
              const { line, code, reason } = JSON.parse(r) as { line: number; code: string; reason: string };
              return { line, code, reason };
            }),
          );
        },
      ),
      fuzz(200),
    );
    assert.ok(dryRuns > 100, `only ${dryRuns} edited logs were dry run`);
  });

  it('rejects a line past 16 MiB as the dry run does, unmapped, with its code and reason (hp25 03)', async () => {
    const mapping = compileMapping(declared('error', false));
    const text = ['{"id":"a"}', `{"id":"b","pad":"${'é'.repeat(9 << 20)}"}`, '{"id":"c"}'].join('\n') + '\n';
    const file = path.join(dir, 'too-long.jsonl');
    fs.writeFileSync(file, text);
    await dryRunFile({ file, mapping, rejectsFile: `${file}.rejects` });
    const rejects = fs
      .readFileSync(`${file}.rejects`, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((r) => JSON.parse(r) as { line: number; code: string; reason: string });
    assert.deepEqual(
      new LiveLog(mapping).check(text).map((f) => [f.line + 1, f.code, f.reason]),
      rejects.map((r) => [r.line, r.code, r.reason]),
    );
    assert.deepEqual(
      rejects.filter((r) => r.line === 2).map((r) => r.code),
      ['line-too-long'],
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

  it('never keeps as the first line of a key a line that one change of an edit added and a later one removed', () => {
    const row = (id: string) => JSON.stringify({ id, data: { n: 1 } });
    const live = new LiveLog(compileMapping(declared('error', false)));
    live.check([row('x'), row('a'), row('a')].join('\n'));
    const top = { line: 0, character: 0 };
    // A line with key a pasted above, then taken away again: the text is as it was.
    const findings = live.edit([
      { range: { start: top, end: top }, text: `${row('a')}\n` },
      { range: { start: top, end: { line: 1, character: 0 } }, text: '' },
    ]);
    assert.deepEqual(
      findings?.map((f) => [f.line, f.reason]),
      [[2, 'duplicate key id "a": the first one is line 2']],
    );
  });

  it("returns the same finding objects for the lines an edit left where they were, so that the server's diagnostics for them are kept", () => {
    const live = new LiveLog(compileMapping(declared('skip', false)));
    // Every tenth line too long an id, every tenth a repeat of key a.
    const lines = Array.from({ length: 1000 }, (_, i) =>
      JSON.stringify({ id: i % 10 === 0 ? 'toolong' : i % 10 === 5 ? 'a' : `k${i}`.slice(0, 4), data: { n: i } }),
    );
    const before = live.check(lines.join('\n'));
    const repeatsBefore = live.repeats;
    const at = lines[500].indexOf('toolong');
    const after = live.edit([{ range: { start: { line: 500, character: at }, end: { line: 500, character: at + 7 } }, text: 'k' }]);
    assert.equal(after?.length, before.length - 1);
    assert.deepEqual(
      after?.filter((f, i) => f !== before.filter((g) => g.line !== 500)[i]),
      [],
    );
    assert.equal(live.repeats.length, repeatsBefore.length);
    assert.ok(live.repeats.every((r, i) => r === repeatsBefore[i]));
  });

  it('follows a paste of 150,000 lines in one edit (no spread of them as arguments, which overflowed the stack)', () => {
    const mapping = compileMapping({
      name: 'events',
      table: 'events',
      key: 'id',
      onDuplicate: 'error',
      columns: { id: { from: 'id', type: 'string', required: true } },
    });
    const live = new LiveLog(mapping);
    live.check('{"id":"k7"}\n');
    const pasted = Array.from({ length: 150_000 }, (_, i) => JSON.stringify({ id: `k${i}` })).join('\n');
    const top = { line: 0, character: 0 };
    const followed = live.edit([{ range: { start: top, end: top }, text: `${pasted}\n` }]);
    assert.deepEqual(
      followed?.map((f) => [f.line, f.reason]),
      [[150_000, 'duplicate key id "k7": the first one is line 8']],
    );
  });
});
