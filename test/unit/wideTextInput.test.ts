// A UTF-16 or UTF-32 log, with or without a byte order mark, after 0–4 stray bytes, is named by its encoding, and the
// command the message suggests turns it into the UTF-8 text (run here when iconv is installed).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { explainIngestError } from '../../cli/src/ingestMessages';
import { IngestError } from '../../shared/src/ingest/ingestError';
import { refuseUtf16 } from '../../shared/src/ingest/source/utf16Input';
import { fuzz } from '../support/fuzz';

type Encoding = 'UTF-16LE' | 'UTF-16BE' | 'UTF-32LE' | 'UTF-32BE';

function encode(text: string, encoding: Encoding): Buffer {
  if (encoding === 'UTF-16LE') return Buffer.from(text, 'utf16le');
  if (encoding === 'UTF-16BE') return Buffer.from(text, 'utf16le').swap16();
  const points = [...text].map((c) => c.codePointAt(0)!);
  const bytes = Buffer.alloc(points.length * 4);
  points.forEach((p, i) => (encoding === 'UTF-32LE' ? bytes.writeUInt32LE(p, i * 4) : bytes.writeUInt32BE(p, i * 4)));
  return bytes;
}

const hasIconv = (() => {
  try {
    execFileSync('iconv', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('a UTF-16 or UTF-32 log', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-wide-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  let count = 0;

  /** The encoding named for `bytes`, or undefined; and when named, that the suggested command gives back `text`. */
  function check(bytes: Buffer, text: string): string | undefined {
    const file = path.join(dir, `log${count++}.jsonl`);
    fs.writeFileSync(file, bytes);
    let error: IngestError | undefined;
    try {
      refuseUtf16(file, file, 'logs in UTF-8');
    } catch (thrown) {
      error = thrown as IngestError;
    }
    if (!error) return undefined;
    const message = explainIngestError(error, undefined);
    const command = /for example: (.*)$/.exec(message)?.[1];
    assert.ok(command, message);
    if (hasIconv) {
      fs.rmSync(path.join(dir, 'utf8-copy'), { force: true });
      execFileSync('sh', ['-c', command], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
      assert.equal(fs.readFileSync(path.join(dir, 'utf8-copy'), 'utf8'), text, message);
    }
    return error.data.encoding;
  }

  const LOG = '{"id":"a1","from":"x","type":"message","site_id":"s","timestamp":1700000000,"data":{"message":"hi"}}\n';
  const cases: [string, Buffer, Encoding][] = [
    ['UTF-16BE after a line break', Buffer.concat([Buffer.from('\n'), encode(LOG, 'UTF-16BE')]), 'UTF-16BE'],
    ['UTF-16BE after two line breaks', Buffer.concat([Buffer.from('\n\n'), encode(LOG, 'UTF-16BE')]), 'UTF-16BE'],
    ['UTF-16BE after three line breaks', Buffer.concat([Buffer.from('\n\n\n'), encode(LOG, 'UTF-16BE')]), 'UTF-16BE'],
    ['UTF-32LE after a line break', Buffer.concat([Buffer.from('\n'), encode(LOG, 'UTF-32LE')]), 'UTF-32LE'],
    ['UTF-32BE after a line break', Buffer.concat([Buffer.from('\n'), encode(LOG, 'UTF-32BE')]), 'UTF-32BE'],
    ['UTF-16LE after four line breaks', Buffer.concat([Buffer.from('\n\n\n\n'), encode(LOG, 'UTF-16LE')]), 'UTF-16LE'],
    ['UTF-16LE after an x', Buffer.concat([Buffer.from('x'), encode(LOG, 'UTF-16LE')]), 'UTF-16LE'],
    ['UTF-16LE after a UTF-8 byte order mark', Buffer.concat([Buffer.from('\ufeff'), encode(LOG, 'UTF-16LE')]), 'UTF-16LE'],
    ['UTF-16LE starting with a CJK character', encode(`中${LOG}`, 'UTF-16LE'), 'UTF-16LE'],
  ];
  for (const [name, bytes, encoding] of cases) {
    it(`${name} is named ${encoding}, with a command that works`, () => {
      const text = name.includes('CJK') ? `中${LOG}` : LOG;
      assert.equal(check(bytes, text), encoding);
    });
  }

  /** A character of the BMP other than NUL and the surrogates. */
  const bmp = fc
    .integer({ min: 1, max: 0xffff })
    .filter((c) => c < 0xd800 || c > 0xdfff)
    .map((c) => String.fromCharCode(c));
  const lines = fc
    .array(fc.record({ id: fc.string({ unit: 'grapheme-ascii', maxLength: 8 }), message: fc.string({ unit: bmp, maxLength: 12 }) }), {
      minLength: 1,
      maxLength: 20,
    })
    .map((records) => records.map((r) => JSON.stringify(r) + '\n').join(''));
  /** Bytes an editor or a shell puts before the text: white space and a UTF-8 byte order mark. */
  const stray = fc.array(fc.constantFrom(0x09, 0x0a, 0x0d, 0x20, 0xef, 0xbb, 0xbf), { maxLength: 4 });

  it('random text in each encoding, with or without a mark, after 0–4 stray bytes, is named right (property)', () => {
    fc.assert(
      fc.property(lines, fc.constantFrom<Encoding>('UTF-16LE', 'UTF-16BE', 'UTF-32LE', 'UTF-32BE'), fc.boolean(), stray, (text, encoding, bom, before) => {
        const bytes = Buffer.concat([Buffer.from(before), encode((bom ? '\ufeff' : '') + text, encoding)]);
        assert.equal(check(bytes, text), encoding);
      }),
      fuzz(60),
    );
  });

  it('a hostile file name is one word of the suggested command: it converts that file and runs nothing else', { skip: !hasIconv }, () => {
    const names = ['my log.jsonl', "it's.jsonl", '$HOME.jsonl', 'a;touch pwned.jsonl', '-rf.jsonl', '`touch pwned`.jsonl', 'a"b\\c.jsonl', '$(touch pwned)'];
    for (const name of names) {
      for (const before of ['', '\n']) {
        const folder = fs.mkdtempSync(path.join(dir, 'names-'));
        fs.writeFileSync(path.join(folder, name), Buffer.concat([Buffer.from(before), encode(LOG, 'UTF-16LE')]));
        let error: IngestError | undefined;
        try {
          refuseUtf16(path.join(folder, name), name, 'logs in UTF-8');
        } catch (thrown) {
          error = thrown as IngestError;
        }
        assert.ok(error, name);
        const message = explainIngestError(error, undefined);
        const command = /for example: (.*)$/.exec(message)![1];
        execFileSync('sh', ['-c', command], { cwd: folder, stdio: ['ignore', 'ignore', 'pipe'] });
        assert.equal(fs.readFileSync(path.join(folder, 'utf8-copy'), 'utf8'), LOG, command);
        assert.deepEqual(fs.readdirSync(folder).sort(), [name, 'utf8-copy'].sort(), command);
      }
    }
  });

  it('plain UTF-8 text is never taken for UTF-16 or UTF-32 (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), stray, (text, before) => {
        const clean = text.replace(/\0/g, '');
        assert.equal(check(Buffer.concat([Buffer.from(before), Buffer.from(clean)]), clean), undefined);
      }),
      fuzz(100),
    );
  });
});
