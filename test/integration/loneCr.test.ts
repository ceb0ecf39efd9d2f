// A lone CR ends a log line for ingest as it does for the editor (hp2527 01): line N of the rejects file is line N
// of the text an editor shows, in a dry run, in a load, and in a load stopped after ranges that hold lone CRs and
// then resumed from its checkpoint (whose byte offsets are the ranges' own, cut at a \n).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import {
  assertSameCounts,
  chatEvent,
  checkpointOf,
  ingest,
  ingestInProcess,
  ingestWorkspace,
  loadRejectsPath,
  rejectsOf,
  stopPartWay,
} from '../support/ingestFixtures';
import { runCli } from '../support/run';

const { dir, database, writeLog } = ingestWorkspace();

/** Lines ended by \n, a lone \r and \r\n in turn; every 11th is not JSON, every 13th repeats the first id. */
function mixedLog(lines: number): string {
  const endings = ['\n', '\r', '\r\n', '\r', '\n'];
  let text = '';
  for (let i = 0; i < lines; i++) text += (i % 11 === 5 ? `{"id": "broken ${i}"` : chatEvent(`m${i % 13 === 0 ? 0 : i}`)) + endings[i % endings.length];
  return text;
}

/** The lines as an editor (and LSP) counts them, a last empty line after the final break left out. */
const editorLines = (text: string) => text.replace(/(\r\n|\r|\n)$/, '').split(/\r\n|\r|\n/);

describe('a lone CR in a log, loaded into the local MariaDB', () => {
  it("a load stopped after ranges with lone CRs resumes to a whole run's rejects, each on the editor's line", async () => {
    const text = mixedLog(4000);
    const shown = editorLines(text);
    const file = writeLog('mixed.jsonl', text);
    const whole = writeLog('mixed-whole.jsonl', text);
    const expected = ingest(whole, database().url, ['--range-bytes', '16384']);
    assert.equal(expected.status, 0, expected.stderr);
    assert.equal(expected.report!.lines, shown.length);

    const db = database();
    const first = await ingestInProcess(file, db.url, { rangeBytes: 16384, ...stopPartWay(3) });
    assert.equal(first.cancelled, true);
    assert.ok(first.lines > 0 && first.lines < shown.length, `partly loaded: ${first.lines} lines`);
    assert.ok(fs.existsSync(checkpointOf(file, db.url)));
    const resumed = ingest(file, db.url, ['--resume']);
    assert.equal(resumed.status, 0, resumed.stderr);
    assert.ok(Number(resumed.report!.resumedRanges) >= 1, 'the resume started after committed ranges');
    assertSameCounts(resumed.report!, expected.report!);

    const rejects = fs.readFileSync(loadRejectsPath(file), 'utf8');
    assert.equal(rejects, fs.readFileSync(loadRejectsPath(whole), 'utf8'), 'the resumed rejects file is the whole run’s, byte for byte');
    const rejected = rejectsOf(loadRejectsPath(file));
    assert.equal(rejected.length, shown.filter((l) => l.startsWith('{"id": "broken')).length);
    for (const r of rejected) assert.equal(r.text, shown[r.line - 1], `reject line ${r.line} is the editor's line ${r.line}`);

    const dryRejects = path.join(dir, 'mixed.dry.jsonl');
    const dry = runCli(['ingest', file, '--dry-run', '--json', '--rejects', dryRejects]);
    assert.equal(dry.status, 0, dry.stderr);
    assert.equal(fs.readFileSync(dryRejects, 'utf8'), rejects, 'the dry run rejects the same lines');
  });
});
