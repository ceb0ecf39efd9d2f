// Hover over a log line's values and the status bar's request for a log, over a real stdio connection.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { CONTRACT_INFO_REQUEST, ContractInfo } from '../../shared/src/editorProtocol';
import { LspClient, startLanguageServer, stopLanguageServer } from '../support/lspClient';

const CONFIG = `{
  "contracts": [],
  "ingest": [
    {
      "name": "events",
      "files": ["logs/*.jsonl"],
      "table": "events",
      "key": "id",
      "when": { "path": "type", "in": ["click", "view"] },
      "columns": {
        "id": { "from": "id", "type": "string", "required": true, "maxLength": 8 },
        "at": { "from": "ts", "type": "unix-millis", "required": true },
        "what": { "from": { "click": "data.button", "view": "data.page" }, "type": "string" },
        "payload": { "from": "data", "type": "json" },
        "score": { "from": "score", "type": "number" }
      }
    }
  ]
}
`;

const LINES = [
  '{"id":"a1","type":"click","ts":1700000000000,"data":{"button":"ok 😀"}}',
  '{"id":"a2","type":"view","ts":"soon","data":{"page":"/home"}}',
  '{"id":"a3","type":"spam","ts":1700000000000}',
  '{"id":"a1","type":"view","ts":1700000000000,"data":{"page":"/again"},"score":1.50}',
  '{"id":"a4","type":"view","ts":1700000000000,"score":123456789012345678901234567890}',
];

describe('loadline-ls hover and status on JSON-lines logs', () => {
  let dir: string;
  let client: LspClient;
  const uri = () => pathToFileURL(path.join(dir, 'logs', 'app.jsonl')).href;
  const hoverAt = (line: number, token: string) => client.hover(uri(), { line, character: LINES[line].indexOf(token) + 1 });

  before(async () => {
    ({ dir, client } = await startLanguageServer({ workspace: { prefix: 'loadline-log-hover-', files: { '.loadline.json': CONFIG } } }));
    const published = client.nextDiagnostics(uri());
    await client.open(uri(), LINES.join('\n') + '\n', 'jsonl');
    assert.deepEqual(
      (await published).diagnostics.map((d) => [d.range.start.line, d.code]),
      [
        [1, 'value-error'],
        [2, 'unsupported-event'],
        [3, 'duplicate-key'],
      ],
    );
  });
  after(() => stopLanguageServer({ dir, client }));

  it('shows the column a value fills, its SQL type and the value as stored', async () => {
    const hover = await hoverAt(0, '1700000000000');
    assert.equal(hover.contents.value, '**at** ← `ts` · `TIMESTAMP(3)` · `2023-11-14 22:13:20.000`');
    const start = LINES[0].indexOf('1700000000000');
    assert.deepEqual(hover.range, { start: { line: 0, character: start }, end: { line: 0, character: start + 13 } });
    // A path per `when` value, after a surrogate pair: columns in UTF-16 code units.
    assert.equal((await hoverAt(0, '"ok 😀"')).contents.value, '**what** ← `data.button` · `VARCHAR(255)` · `ok 😀`');
    // A key shows the column of its value; the brace of a `json` column's object, that column.
    assert.equal((await hoverAt(0, '"button"')).contents.value, '**what** ← `data.button` · `VARCHAR(255)` · `ok 😀`');
    const brace = { line: 0, character: LINES[0].indexOf('{"button"') };
    assert.equal((await client.hover(uri(), brace)).contents.value, '**payload** ← `data` · `JSON` · `{"button":"ok 😀"}`');
  });

  it('shows a number into DOUBLE as the nearest double, as MariaDB gives it back (hp2527c 01)', async () => {
    assert.equal((await hoverAt(4, '1234567')).contents.value, '**score** ← `score` · `DOUBLE` · `1.2345678901234568e29`');
  });

  it('on a line that repeats a key the mapping skips, says which line keeps its row, and shows nothing as stored (hp2527c 10)', async () => {
    assert.equal(
      (await hoverAt(3, '1.50')).contents.value,
      '**score** ← `score` · `DOUBLE`\n\nSkipped (duplicate-key): line 1 holds this key first, and onDuplicate "skip" keeps its row',
    );
  });

  it("shows a rejected line's reason, beside the column without a stored value", async () => {
    assert.equal(
      (await hoverAt(1, '"soon"')).contents.value,
      '**at** ← `ts` · `TIMESTAMP(3)`\n\nRejected (value-error): wrong type for ts: expected unix milliseconds as a number or a string of digits, got string "soon"',
    );
    assert.equal((await hoverAt(2, '"spam"')).contents.value, 'Rejected (unsupported-event): unsupported type "spam": only click and view events are loaded');
  });

  it('tells the status bar the mapping, where it is declared and how many lines would be rejected', async () => {
    const info = await client.connection.sendRequest<ContractInfo>(CONTRACT_INFO_REQUEST, { uri: uri() });
    assert.deepEqual(info, {
      kind: 'mapping',
      file: pathToFileURL(path.join(dir, '.loadline.json')).href,
      line: 3,
      character: 4,
      label: 'events',
      rejected: 2,
    });
  });
});
