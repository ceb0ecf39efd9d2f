import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { describe, it } from 'node:test';
import { chatEvent, ingest, ingestWorkspace } from '../support/ingestFixtures';
import { localMariadb } from '../support/mariadb';
import { runCli } from '../support/run';

const { database, writeLog } = ingestWorkspace();

const LINES = [chatEvent('a'), chatEvent('b'), chatEvent('c')].join('\n') + '\n';
const utf16be = (text: string) => Buffer.from(text, 'utf16le').swap16();
/** `text` (ASCII here) in UTF-32, each character one 4-byte unit, after a byte order mark when `bom`. */
function utf32(text: string, order: 'LE' | 'BE', bom: boolean): Buffer {
  const units = [...(bom ? '\ufeff' : ''), ...text].map((c) => c.codePointAt(0)!);
  const bytes = Buffer.alloc(units.length * 4);
  units.forEach((unit, i) => (order === 'LE' ? bytes.writeUInt32LE(unit, i * 4) : bytes.writeUInt32BE(unit, i * 4)));
  return bytes;
}

/** The fix for UTF-16 after one stray byte: `tail` drops it before iconv reads the rest. */
const STRAY_FIX = (from: string) => `without the 1 stray byte before its text, for example: tail -c \\+2 \\S+ \\| iconv -f ${from} -t UTF-8`;

describe('ingest messages', () => {
  const cases: [string, Buffer, string][] = [
    ['UTF-16LE with a BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(LINES, 'utf16le')]), 'iconv -f UTF-16 -t UTF-8'],
    ['UTF-16LE without a BOM', Buffer.from(LINES, 'utf16le'), 'iconv -f UTF-16LE -t UTF-8'],
    ['UTF-16BE without a BOM', utf16be(LINES), 'iconv -f UTF-16BE -t UTF-8'],
    ['UTF-32LE with a BOM', utf32(LINES, 'LE', true), 'iconv -f UTF-32 -t UTF-8'],
    ['UTF-32LE without a BOM', utf32(LINES, 'LE', false), 'iconv -f UTF-32LE -t UTF-8'],
    ['UTF-32BE with a BOM', utf32(LINES, 'BE', true), 'iconv -f UTF-32 -t UTF-8'],
    ['UTF-32BE without a BOM', utf32(LINES, 'BE', false), 'iconv -f UTF-32BE -t UTF-8'],
    // A stray byte before the mark or the text, and text whose first character is not ASCII (h23).
    ['UTF-16LE with a BOM after a line break', Buffer.concat([Buffer.from('\n\xff\xfe', 'latin1'), Buffer.from(LINES, 'utf16le')]), STRAY_FIX('UTF-16')],
    ['UTF-16BE with a BOM after a space', Buffer.concat([Buffer.from(' \xfe\xff', 'latin1'), utf16be(LINES)]), STRAY_FIX('UTF-16')],
    ['UTF-16LE without a BOM after a line break', Buffer.concat([Buffer.from('\n'), Buffer.from(LINES, 'utf16le')]), STRAY_FIX('UTF-16LE')],
    ['UTF-16LE without a BOM, starting with a CJK character', Buffer.from(`中${LINES}`, 'utf16le'), 'iconv -f UTF-16LE -t UTF-8'],
  ];
  for (const [name, bytes, fix] of cases) {
    it(`a ${name} log gets one message naming the encoding and the fix, in a real run and a dry run`, () => {
      const db = database();
      const file = writeLog(`${name.replace(/\W+/g, '-')}.jsonl`, bytes);
      for (const result of [ingest(file, db.url), runCli(['ingest', file, '--dry-run', '--json'])]) {
        assert.equal(result.status, 2, result.stdout);
        const message = result.stderr.trim();
        assert.equal(message.split('\n').length, 1, message);
        assert.match(
          message,
          new RegExp(`${name.split(' ')[0]}; Loadline reads logs in UTF-8: save it as UTF-8${fix.startsWith('without') ? ' ' : ', for example: '}${fix}`),
        );
        assert.doesNotMatch(message, /not valid UTF-8/);
        assert.equal(fs.existsSync(`${file}.rejects.jsonl`), false, 'no rejects file');
      }
    });
  }

  it('onDuplicate "update": the report counts updated lines, and its accounting line says lines = inserted + updated + duplicates + rejected + blank', () => {
    const db = database();
    const file = writeLog('updates.jsonl', [chatEvent('a'), chatEvent('b'), chatEvent('a', { data: { message: 'again' } }), '', '{'].join('\n') + '\n');
    const json = ingest(file, db.url, ['--on-duplicate', 'update']);
    assert.equal(json.status, 0, json.stderr);
    const { lines, inserted, updated, duplicates, rejected, blank } = json.report as Record<string, number>;
    assert.deepEqual({ lines, inserted, updated, duplicates, rejected, blank }, { lines: 5, inserted: 2, updated: 1, duplicates: 0, rejected: 1, blank: 1 });
    const text = runCli(['ingest', file, '--mysql', database().url, '--on-duplicate', 'update'], {
      env: { ...process.env, MYSQL_PWD: localMariadb().password },
    });
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /\n {2}updated {5}1\n {2}duplicates {2}0\n/);
    assert.match(text.stdout, /every line accounted for: lines = inserted \+ updated \+ duplicates \+ rejected \+ blank/);
  });
});
