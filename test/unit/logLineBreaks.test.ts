// readRangeLines ends a log line at \n, \r\n and a lone \r, as an editor counts lines: across its reads of 1 MiB,
// after a line past the 16 MiB limit (a CRLF whose CR ends one read and whose LF starts the next is one break),
// in a log of lone CRs alone, and on lines that are not UTF-8. A read that starts where a batch of lines starts
// (its startByte, where checkLogFile's second read starts) yields that batch's lines and all after them.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { MAX_LINE_BYTES } from '../../shared/src/text/lineLimit';
import { readRangeLines } from '../../shared/src/ingest/parse/readRange';
import { fuzz } from '../support/fuzz';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-breaks-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));
const MIB = 1 << 20;

/** Every line readRangeLines yields for `content`: its number, its text (or length past the limit), and whether it is UTF-8. */
async function linesOf(content: string | Buffer) {
  const file = path.join(dir, `log-${Math.random().toString(36).slice(2)}.jsonl`);
  fs.writeFileSync(file, content);
  const lines: { number: number; text: string; tooLong?: number; invalid?: true }[] = [];
  for await (const b of readRangeLines(file, { index: 0, start: 0, end: fs.statSync(file).size }))
    b.lines.forEach((text, i) =>
      lines.push({
        number: b.firstLine + i,
        text: b.tooLong?.index === i ? `${text.length}` : text,
        ...(b.tooLong?.index === i ? { tooLong: b.tooLong.bytes } : {}),
        ...(b.invalidUtf8?.includes(i) ? { invalid: true as const } : {}),
      }),
    );
  return lines;
}

/** The lines of a read of `file` from byte `start`, numbered within that read, and where each of its batches starts. */
async function readFrom(file: string, start: number) {
  const lines: string[] = [];
  const batches: { firstLine: number; startByte: number }[] = [];
  for await (const b of readRangeLines(file, { index: 0, start, end: fs.statSync(file).size })) {
    batches.push({ firstLine: b.firstLine, startByte: b.startByte });
    lines.push(...b.lines.map((text, i) => (b.tooLong?.index === i ? `too long: ${b.tooLong.bytes}` : text)));
  }
  return { lines, batches };
}

/** Asserts that a read from each batch's startByte yields the whole read's lines from that batch's first line on. */
async function assertResumable(content: string | Buffer) {
  const file = path.join(dir, `resume-${Math.random().toString(36).slice(2)}.jsonl`);
  fs.writeFileSync(file, content);
  const whole = await readFrom(file, 0);
  for (const { firstLine, startByte } of whole.batches)
    assert.deepEqual((await readFrom(file, startByte)).lines, whole.lines.slice(firstLine - 1), `from ${startByte}`);
  return whole.batches.length;
}

describe('the line breaks of a log', () => {
  it('ends lines at \\n, \\r\\n and a lone \\r; a CR that ends the file ends its last line', async () => {
    assert.deepEqual(
      (await linesOf('a\rb\r\nc\n\rd\r\re\r')).map((l) => [l.number, l.text]),
      [
        [1, 'a'],
        [2, 'b'],
        [3, 'c'],
        [4, ''],
        [5, 'd'],
        [6, ''],
        [7, 'e'],
      ],
    );
  });

  it('numbers the lines after a too-long line whose CRLF is cut between two reads, and after one ended by a lone CR', async () => {
    // 'first\r' is 6 bytes: the long line's CR is the last byte of a read, its LF the first of the next.
    const long = 'x'.repeat(MAX_LINE_BYTES + 3 * MIB - 7);
    const lines = await linesOf(`first\r${long}\r\nthird\r${long}\rfifth\r`);
    assert.deepEqual(
      lines.map((l) => [l.number, l.text, l.tooLong]),
      [
        [1, 'first', undefined],
        [2, '256', long.length],
        [3, 'third', undefined],
        [4, '256', long.length],
        [5, 'fifth', undefined],
      ],
    );
  });

  it('ends a too-long line at a CR that ends the read in which the line passes the limit', async () => {
    // 17 reads of 1 MiB pass the 16 MiB limit; the 17th ends with the line's lone CR.
    const lines = await linesOf(`${'x'.repeat(17 * MIB - 1)}\rnext\r`);
    assert.deepEqual(
      lines.map((l) => [l.number, l.text, l.tooLong]),
      [
        [1, '256', 17 * MIB - 1],
        [2, 'next', undefined],
      ],
    );
  });

  it('reads a log of lone CRs alone, over many reads, line by line (no line is taken for one over the limit)', async () => {
    const texts = Array.from({ length: 200_000 }, (_, i) => `{"id":${i}}`);
    const lines = await linesOf(texts.join('\r'));
    assert.equal(lines.length, texts.length);
    assert.ok(lines.every((l, i) => l.number === i + 1 && l.text === texts[i]));
  });

  it('splits lines that are not UTF-8 at a lone CR, and marks only the line that holds the bad byte', async () => {
    const lines = await linesOf(Buffer.concat([Buffer.from('ok\r'), Buffer.from([0xff]), Buffer.from('bad\rfine\r\nlast')]));
    assert.deepEqual(
      lines.map((l) => [l.number, l.text, l.invalid ?? false]),
      [
        [1, 'ok', false],
        [2, '\ufffdbad', true],
        [3, 'fine', false],
        [4, 'last', false],
      ],
    );
  });

  it('starts a read again at any batch: over many reads, with every line break, a BOM, lines not UTF-8 and lines too long', async () => {
    const line = fc.tuple(fc.string({ maxLength: 3000, unit: 'grapheme' }), fc.constantFrom('\n', '\r\n', '\r'));
    await fc.assert(
      fc.asyncProperty(fc.boolean(), fc.array(line, { minLength: 1, maxLength: 300 }), async (bom, lines) => {
        const text = lines.map(([t, end]) => t + end).join('');
        assert.ok((await assertResumable(`${bom ? '\ufeff' : ''}${text}`)) >= 1);
      }),
      fuzz(20),
    );
    const long = 'x'.repeat(MAX_LINE_BYTES + 3 * MIB - 7);
    assert.ok((await assertResumable(Buffer.concat([Buffer.from(`first\r${long}\r\nthird\r`), Buffer.from([0xff]), Buffer.from(`${long}\rfifth`)]))) > 3);
  });
});
