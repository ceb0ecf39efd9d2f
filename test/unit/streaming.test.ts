// A file checked in segments (as `loadline validate` streams it) gives exactly the problems of the whole text.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { isUtf8 } from 'node:buffer';
import fc from 'fast-check';
import { Contract } from '../../shared/src/contract/types';
import { CheckStream } from '../../shared/src/csv/check/checkStream';
import { CsvChecker, CsvReport, validateCsv } from '../../shared/src/csv/check/validateCsv';
import { tooLongReason } from '../../shared/src/text/lineLimit';
import { validateCsvFile } from '../../shared/src/csv/validateFile';
import { UniqueIndex } from '../../shared/src/schema/uniqueIndex';
import { hasMultibyteUtf8, isUtf8File } from '../../shared/src/text/isUtf8File';
import { decodeWindows1252 } from '../../shared/src/text/windows1252';
import { FileFeeder, NotUtf8Error, TextSink } from '../../shared/src/csv/fileFeeder';
import { FUZZ_SCALE } from '../support/fuzz';

/** Quoted cells hold line breaks of every kind: they are the cell's own, whatever the file's line endings between records. */
const cell = fc.constantFrom(
  '1',
  '2',
  '3',
  'x',
  '',
  '2020-01-01',
  'true',
  'a@b.io',
  '"1"',
  '"a,b"',
  '"multi\nline"',
  '"multi\r\nline"',
  '"lone\rcr"',
  '""',
  ' ',
);
const lineBreak = fc.constantFrom('\n', '\r\n');
/** Mostly the file's line break between records, now and then another (a file that mixes them). */
const table = fc
  .tuple(
    fc.array(fc.tuple(fc.array(cell, { minLength: 1, maxLength: 4 }), fc.option(fc.constantFrom('\n', '\r\n', '\r'), { freq: 6 })), { maxLength: 30 }),
    lineBreak,
    fc.boolean(),
  )
  .map(([rows, newline, bom]) => (bom ? '\ufeff' : '') + 'a,b,c' + newline + rows.map(([r, other]) => r.join(',') + (other ?? newline)).join(''));
const typedContract = fc.record({
  files: fc.constant(['**']),
  delimiter: fc.constant(','),
  headers: fc.record({
    a: fc.record({ type: fc.constantFrom('integer', 'string', 'date'), constraints: fc.record({ unique: fc.boolean(), required: fc.boolean() }) }),
    b: fc.record({ type: fc.constantFrom('boolean', 'number', 'string'), format: fc.constantFrom(undefined, 'default') }),
  }),
  schema: fc.constantFrom(undefined, { fields: [{ name: 'c' }], primaryKey: ['c'] }, { fields: [{ name: 'a' }, { name: 'c' }], uniqueKeys: [['a', 'c']] }),
}) as fc.Arbitrary<Contract>;

/** The text in chunks of the given sizes through a CheckStream, as the CLI reads a file (a head of 1 character, so that the texts are cut). */
function streamed(text: string, contract: Contract | undefined, sizes: number[], maxPending?: number) {
  const checker = new CsvChecker(contract);
  const stream = new CheckStream(checker, 1, maxPending);
  let at = 0;
  for (let i = 0; at < text.length; i++) {
    const size = sizes[i % sizes.length];
    stream.push(text.slice(at, at + size));
    at += size;
  }
  stream.end();
  return checker.finish();
}

describe('streaming', () => {
  it('segments at any chunk size give the problems of the whole text (typed contracts, keys, quoted newlines, CRLF, BOM)', () => {
    fc.assert(
      fc.property(table, typedContract, fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 5 }), (text, contract, sizes) => {
        const whole = validateCsv(text, contract);
        fc.pre(!whole.problems.some((p) => p.code === 'invalid-csv'));
        assert.deepEqual(streamed(text, contract, sizes), whole);
      }),
      { numRuns: 300 * FUZZ_SCALE },
    );
  });

  it('an untyped contract streamed in any pieces gives the problems and positions of the whole text, malformed quotes too', () => {
    // Runs of quote-free lines between quoted cells (what RecordBreaks.lastBreak skips over), inch marks, text after a
    // closing quote; a quoted line break is the file's own (one that mixes them is read apart, see above).
    const untypedCell = fc.constantFrom('1', 'x', '', ' ', '"a,b"', '"multi\u2028line"', '""', '55" tv', '"q"x', 'a""b');
    const untyped = fc
      .tuple(fc.array(fc.array(untypedCell, { minLength: 1, maxLength: 4 }), { maxLength: 40 }), lineBreak, fc.boolean())
      .map(([rows, newline, bom]) =>
        ((bom ? '\ufeff' : '') + ['a,b,c', ...rows.map((r) => r.join(','))].join(newline) + newline).replaceAll('\u2028', newline),
      );
    const contract: Contract = { files: ['**'], headers: { a: { required: true }, b: {}, c: {} } };
    fc.assert(
      fc.property(untyped, fc.array(fc.integer({ min: 1, max: 60 }), { minLength: 1, maxLength: 5 }), (text, sizes) => {
        assert.deepEqual(streamed(text, contract, sizes), validateCsv(text, contract), JSON.stringify({ text, sizes }));
      }),
      { numRuns: 300 * FUZZ_SCALE },
    );
  });

  it('a \\r at the end of a piece waits for its \\n: a CRLF file cut between them reads as one kind of line ending', () => {
    const text = 'a,b\r\n1,"x\r\ny"\r\n2,\r\n';
    for (let cut = 1; cut < text.length; cut++) {
      assert.deepEqual(streamed(text, undefined, [cut]), validateCsv(text, undefined), `pieces of ${cut}`);
    }
  });

  it('an unclosed quote is fed at maxPending instead of holding the rest of the file', () => {
    const text = `a,b\n1,"open\n${'line that is long\n'.repeat(8)}`;
    const report = streamed(text, undefined, [5], 16);
    assert.deepEqual(report, validateCsv(text, undefined));
    assert.deepEqual(
      report.problems.map((p) => [p.code, p.range.start.line]),
      [['invalid-csv', 1]],
    );
  });

  it("validateCsvFile cuts where papaparse ends records: inch marks among quoted line breaks give the whole text's problems", async () => {
    // A count of quotes took the inch mark for an opening quote, cut inside "two\nlines" and reported an unclosed quote.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-inches-'));
    try {
      const rows = Array.from({ length: 30_000 }, (_, i) => `${i},TV 55" screen,"two\nlines"${i % 1000 === 0 ? ',extra' : ''}`);
      const text = `id,name,note\n${rows.join('\n')}\n`;
      const file = path.join(dir, 'inches.csv');
      fs.writeFileSync(file, text);
      const { encoding, ...report } = await validateCsvFile(file, undefined);
      assert.equal(encoding, 'utf-8');
      assert.deepEqual(report, validateCsv(text, undefined));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('validateCsvFile streams a file from disk, and reads Windows-1252 when the bytes are not UTF-8', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-stream-'));
    try {
      const contract: Contract = { files: ['*'], headers: { id: { type: 'integer', constraints: { unique: true } } } };
      const utf8 = path.join(dir, 'a.csv');
      fs.writeFileSync(utf8, `id,name\n${Array.from({ length: 300_000 }, (_, i) => `${i % 299_999},Zoë ${i}`).join('\n')}\n`);
      const report = await validateCsvFile(utf8, contract);
      assert.equal(report.encoding, 'utf-8');
      assert.equal(report.records, 300_000);
      assert.deepEqual(
        report.problems.map((p) => [p.code, p.range.start.line, p.message]),
        [['unique-error', 300_000, 'Value "0" in id (row 300001) repeats row 2: the column is unique']],
      );
      const latin = path.join(dir, 'b.csv');
      // 0x80 is € in Windows-1252 (a C1 control in Latin-1).
      fs.writeFileSync(latin, Buffer.from('id,name\n1,Zo\xeb\n\x80,y\n', 'latin1'));
      const second = await validateCsvFile(latin, contract);
      assert.equal(second.encoding, 'windows-1252');
      assert.deepEqual(
        second.problems.map((p) => [p.code, p.message]),
        [['type-error', 'Value "€" in id (row 3) is not an integer']],
      );
      await assert.rejects(validateCsvFile(dir, contract), /not a regular file/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('decodeWindows1252', () => {
  it('reads every byte as Windows-1252 (WHATWG), where Latin-1 differs in 0x80-0x9F', () => {
    // The WHATWG index for 0x80-0x9F; 0x81, 0x8D, 0x8F, 0x90 and 0x9D map to the C1 controls of the same code.
    const high = [
      0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d,
      0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
    ];
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const expected = String.fromCharCode(...Array.from(all, (b) => (b >= 0x80 && b <= 0x9f ? high[b - 0x80] : b)));
    assert.equal(decodeWindows1252(all), expected);
    assert.equal(decodeWindows1252(Uint8Array.from([0x80, 0x20, 0x35, 0x93, 0x94])), '€ 5“”');
    assert.equal(decodeWindows1252(Buffer.from('plain')), 'plain');
  });
});

describe('isUtf8File', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-utf8-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  // Characters of 1 to 4 bytes, and bytes that break UTF-8 (a lone continuation, a cut lead, an overlong form).
  const piece = fc.oneof(
    fc.constantFrom('a', 'é', '€', '😀', ',', '\n').map((c) => Buffer.from(c)),
    fc.constantFrom([0x80], [0xe2, 0x82], [0xc0, 0xaf], [0xe9], [0xff]).map((b) => Buffer.from(b)),
  );

  it('agrees with a check of the whole file, whatever block cuts a character', () => {
    let n = 0;
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), fc.integer({ min: 1, max: 9 }), fc.nat(3), (pieces, block, from) => {
        const bytes = Buffer.concat(pieces);
        const file = path.join(dir, `f${n++}`);
        fs.writeFileSync(file, bytes);
        assert.equal(isUtf8File(file, from, block), isUtf8(bytes.subarray(from)), `${bytes.toString('hex')} from ${from} in blocks of ${block}`);
      }),
    );
  });

  /** Bytes through a FileFeeder in pieces of `pieceBytes`, each read cut short at random, to a sink. */
  function fedFrom(bytes: Buffer, pieceBytes: number, shortReads: number[], sink: TextSink): void {
    let reads = 0;
    const read = (buffer: Buffer, offset: number, length: number, position: number) =>
      bytes.copy(buffer, offset, position, position + Math.max(1, Math.min(length, shortReads[reads++ % shortReads.length])));
    const feeder = new FileFeeder(read, 0, bytes.length, 'utf-8', sink, pieceBytes);
    while (feeder.step());
  }

  it("FileFeeder decodes as TextDecoder's fatal mode does, wherever reads and records cut: the same text, or an error for both", () => {
    const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
    const reference = (bytes: Buffer) => {
      try {
        return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
      } catch {
        return TypeError;
      }
    };
    const reads = fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.array(piece, { maxLength: 40 }),
        fc.integer({ min: 4, max: 24 }),
        reads,
        fc.array(fc.nat(), { minLength: 1 }),
        (bom, pieces, size, short, takes) => {
          const bytes = Buffer.concat([...(bom ? [BOM] : []), ...pieces]);
          let text = '';
          let taken = 0;
          try {
            fedFrom(bytes, size, short, {
              // Takes some of each text (none, some, or all of it), as a record's end allows.
              take: (piece) => {
                let done = Math.min(takes[taken++ % takes.length] % (piece.length + 2), piece.length);
                // A record ends between characters, never inside a surrogate pair.
                if (/[\ud800-\udbff]/.test(piece.charAt(done - 1))) done--;
                text += piece.slice(0, done);
                return done;
              },
              end: (rest) => void (text += rest),
            });
          } catch (error) {
            assert.ok(error instanceof NotUtf8Error, String(error));
            text = TypeError as unknown as string;
          }
          assert.deepEqual(text, reference(bytes), bytes.toString('hex'));
        },
      ),
      { numRuns: 300 * FUZZ_SCALE },
    );
  });

  it('FileFeeder decodes a long record for a CheckStream a linear number of times, not once a piece (hp24 04)', () => {
    // A 4 MiB record read 64 KiB at a time: decoded again with every piece, the stream was given 130 M characters.
    const bytes = Buffer.from(`id,s\n1,${'y'.repeat(4 << 20)}`);
    const checker = new CsvChecker(undefined);
    const stream = new CheckStream(checker, 1);
    let given = 0;
    fedFrom(bytes, 64 << 10, [64 << 10], {
      take: (text, now) => ((given += text.length), stream.take(text, now)),
      end: (text) => stream.end(text),
      waits: (length) => stream.waits(length),
      dialect: () => stream.dialect(),
    });
    assert.equal(checker.finish().records, 1);
    assert.ok(given < 4 * bytes.length, `${given} characters given for ${bytes.length} bytes`);
  });

  it('a file fed from its bytes in any pieces (CheckStream.take) gives the problems of the whole text, multibyte characters too', () => {
    // Characters of 2 to 4 bytes, in plain and quoted cells, so that pieces cut them.
    const text = table.map((t) => t.replaceAll('x', 'x€é').replaceAll('multi', 'mü😀lti'));
    fc.assert(
      fc.property(
        text,
        typedContract,
        fc.integer({ min: 4, max: 64 }),
        fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 4 }),
        (csv, contract, size, short) => {
          const whole = validateCsv(csv, contract);
          fc.pre(!whole.problems.some((p) => p.code === 'invalid-csv'));
          const checker = new CsvChecker(contract);
          const stream = new CheckStream(checker, 1);
          fedFrom(Buffer.from(csv), size, short, { take: (piece) => stream.take(piece), end: (rest) => stream.end(rest) });
          assert.deepEqual(checker.finish(), whole, JSON.stringify({ csv, size, short }));
        },
      ),
      { numRuns: 300 * FUZZ_SCALE },
    );
  });

  it('validateCsvFile reads a file once and decodes it as all its bytes say, whatever byte beyond ASCII falls at any offset (property)', async () => {
    // Three 64 KiB pieces of ASCII rows, into which bytes beyond ASCII go: UTF-8 characters, or bytes that are not UTF-8.
    const rows = Array.from({ length: 12_000 }, (_, i) => `${i},name ${i % 97}`).join('\n');
    const ascii = Buffer.from(`id,name\n${rows}\n`);
    const contract: Contract = { files: ['*'], headers: { id: { type: 'integer', constraints: { unique: true } } } };
    const beyond = fc.constantFrom([0x80], [0xe9], [0xff], [0xe2, 0x82], [0xc3, 0xa9], [0xe2, 0x82, 0xac], [0xf0, 0x9f, 0x98, 0x80]);
    const insertion = fc.tuple(fc.integer({ min: 1, max: ascii.length }), beyond);
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(insertion, { minLength: 1, maxLength: 2 }), async (insertions) => {
        let bytes = ascii;
        for (const [at, inserted] of [...insertions].sort((a, b) => b[0] - a[0]))
          bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(inserted), bytes.subarray(at)]);
        const file = path.join(dir, `v${n++}.csv`);
        fs.writeFileSync(file, bytes);
        // Today's rule: UTF-8 when all the bytes are, else Windows-1252.
        const encoding = isUtf8(bytes) ? 'utf-8' : 'windows-1252';
        const text = encoding === 'utf-8' ? bytes.toString('utf8') : decodeWindows1252(bytes);
        assert.deepEqual(await validateCsvFile(file, contract), { ...validateCsv(text, contract), encoding }, JSON.stringify(insertions));
      }),
      { numRuns: 40 * FUZZ_SCALE },
    );
  });

  it('finds a well-formed character of 2 to 4 bytes wherever the blocks cut it', () => {
    let n = 0;
    const multibyte = /[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}/;
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), fc.integer({ min: 4, max: 9 }), (pieces, block) => {
        const bytes = Buffer.concat(pieces);
        const file = path.join(dir, `m${n++}`);
        fs.writeFileSync(file, bytes);
        assert.equal(hasMultibyteUtf8(file, 0, block), multibyte.test(bytes.toString('latin1')), `${bytes.toString('hex')} in blocks of ${block}`);
      }),
    );
  });
});

describe('UniqueIndex', () => {
  it('remembers the first row of each value through growth, for integers and strings alike', () => {
    const index = new UniqueIndex(16);
    for (let i = 0; i < 100_000; i++) assert.equal(index.add(i * 7919, i + 2), 0);
    for (let i = 0; i < 100_000; i++) assert.equal(index.add(`s${i}`, i + 2), 0);
    assert.equal(index.add(0, 999_999), 2);
    assert.equal(index.add(99_999 * 7919, 999_999), 100_001);
    assert.equal(index.add('s77', 999_999), 79);
    assert.equal(index.add(-1, 5), 0);
    assert.equal(index.add(2 ** 40 + 3, 6), 0);
    assert.equal(index.add(2 ** 40 + 3, 7), 6);
  });
});

describe('CheckStream on hostile input', () => {
  /** How many characters the checker parsed for `text` pushed in pieces of `size`. */
  function parsedChars(text: string, size: number): number {
    const checker = new CsvChecker(undefined);
    let parsed = 0;
    const feedComplete = checker.feedComplete.bind(checker);
    checker.feedComplete = (piece: string) => {
      parsed += piece.length;
      return feedComplete(piece);
    };
    const stream = new CheckStream(checker);
    for (let at = 0; at < text.length; at += size) stream.push(text.slice(at, at + size));
    stream.end();
    return parsed;
  }

  it('parses a long record a bounded number of times, however many pieces it comes in (a line full of quotes, a quote left open)', () => {
    const line = `a,b\n${'"a",plain text,'.repeat(40_000)}\n`;
    const open = `a,b\n1,"open${'\nmore text'.repeat(60_000)}`;
    for (const text of [line, open]) {
      const parsed = parsedChars(text, 4096);
      assert.ok(parsed <= 3 * text.length, `${parsed} characters parsed for ${text.length}`);
    }
  });
});

describe('FileFeeder and a record past the limit', () => {
  const LIMIT = 100;
  /** Records longer than LIMIT bytes: a plain cell, or a closed quoted one spanning lines (an unclosed quote is not one). */
  const longRecord = (newline: string) =>
    fc.oneof(
      fc.integer({ min: LIMIT, max: 3 * LIMIT }).map((n) => `9,${'L'.repeat(n)}`),
      fc
        .tuple(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 12 }))
        .map(([w, m]) => `9,"${`${'q'.repeat(w)}${newline}`.repeat(m)}${'Q'.repeat(LIMIT)}"`),
    );
  const file = lineBreak.chain((newline) =>
    fc.tuple(
      fc.constant(newline),
      fc.array(
        fc.oneof(
          { weight: 4, arbitrary: fc.array(cell, { minLength: 1, maxLength: 4 }).map((r) => r.join(',')) },
          { weight: 1, arbitrary: longRecord(newline) },
        ),
        {
          maxLength: 30,
        },
      ),
    ),
  );

  it('passes each one over as one invalid-csv problem at its line, and checks the rest as if its lines were blank (property)', () => {
    fc.assert(
      fc.property(
        file,
        typedContract,
        fc.integer({ min: 4, max: 64 }),
        fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 4 }),
        ([newline, rows], contract, size, short) => {
          const records = ['a,b,c', ...rows];
          const csv = records.join(newline) + newline;
          // The model: each long record's lines blank (not checked), and its problem at its first line (lines as editors count them).
          const lineCount = (record: string) => (record.match(/\r\n|\r|\n/g) ?? []).length;
          let line = 0;
          const tooLong: [number, string, string][] = [];
          const blanked = records.map((record) => {
            const bytes = Buffer.byteLength(record) + newline.length;
            if (bytes > LIMIT) tooLong.push([line, 'invalid-csv', tooLongReason('record', bytes)]);
            line += lineCount(record) + 1;
            return bytes > LIMIT ? newline.repeat(lineCount(record)) : record;
          });
          const whole = validateCsv(blanked.join(newline) + newline, contract);
          fc.pre(!whole.problems.some((p) => p.code === 'invalid-csv'));
          const checker = new CsvChecker(contract);
          const stream = new CheckStream(checker, 1);
          let reads = 0;
          const bytes = Buffer.from(csv);
          const read = (buffer: Buffer, offset: number, length: number, position: number) =>
            bytes.copy(buffer, offset, position, position + Math.max(1, Math.min(length, short[reads++ % short.length])));
          const feeder = new FileFeeder(read, 0, bytes.length, 'utf-8', stream, size, LIMIT);
          while (feeder.step());
          const lines = (report: CsvReport) => report.problems.map((p) => [p.range.start.line, p.code, p.message] as [number, string, string]);
          const expected = [...lines(whole), ...tooLong].sort((a, b) => a[0] - b[0]);
          assert.deepEqual(lines(checker.finish()), expected, JSON.stringify({ csv, size, short }));
        },
      ),
      { numRuns: 300 * FUZZ_SCALE },
    );
  });
});
