// A contract file that is broken never leaves a CSV saying "No contract" (hover, the status bar's contract info),
// and a Table Schema with a syntax error never leaves a CSV checked by its header rules alone without a word:
// the CSV gets one error on row 1 naming the schema, where it is broken, and that its typed checks are off.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { CONTRACT_INFO_REQUEST, ContractInfo } from '../../shared/src/editorProtocol';
import { LspClient, PublishedDiagnostics, TEST_SETTINGS } from '../support/lspClient';

const uriOf = (file: string) => pathToFileURL(file).href;
/** A Table Schema with a syntax error at 3:1 (a second comma). */
const CSV = 'id\nx\n';
const BROKEN_SCHEMA = '{\n  "fields": [{ "name": "id", "type": "integer" }],\n,}\n';

describe('broken contract files, hover and the contract info', () => {
  let dir: string;
  let client: LspClient;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-broken-schemas-'));
    client = new LspClient({ ...TEST_SETTINGS, noContractNotice: true });
    await client.initialize(uriOf(dir));
  });
  after(async () => {
    assert.equal(await client.stop(), 0);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A folder with `files` written in it, and its a.csv (which an integer id would fail) opened: its diagnostics. */
  async function openIn(name: string, files: Record<string, string>): Promise<{ csv: string; diagnostics: PublishedDiagnostics['diagnostics'] }> {
    const folder = path.join(dir, name);
    fs.mkdirSync(folder);
    // On disk too: a Data Package resource path must name a file.
    for (const [file, text] of Object.entries({ ...files, 'a.csv': CSV })) fs.writeFileSync(path.join(folder, file), text);
    const csv = uriOf(path.join(folder, 'a.csv'));
    const published = client.nextDiagnostics(csv);
    await client.open(csv, CSV);
    return { csv, diagnostics: (await published).diagnostics };
  }

  const info = (uri: string) => client.connection.sendRequest<ContractInfo>(CONTRACT_INFO_REQUEST, { uri });
  const hoverText = async (uri: string) => (await client.hover(uri, { line: 1, character: 0 })).contents.value;

  for (const [name, file, text, at] of [
    ['a .loadline.json with a syntax error', '.loadline.json', '{\n  "contracts": [\n    { "files": ["*.csv"] }\n  ]\n  x\n}\n', 'At 5:3'],
    ['a .loadline.json of the wrong shape', '.loadline.json', '{\n  "contracts": { "files": ["*.csv"] }\n}\n', 'At 2:16'],
    ['a datapackage.json with a syntax error', 'datapackage.json', '{\n  "resources": [\n    { "path": "a.csv" } x\n  ]\n}\n', 'At 3:25'],
  ]) {
    it(`${name}: hover and the contract info name it and where it is broken, never "No contract"`, async () => {
      const { csv, diagnostics } = await openIn(name.replace(/\W/g, '-'), { [file]: text });
      assert.equal(diagnostics[0].code, 'invalid-config');
      const hover = await hoverText(csv);
      assert.ok(!hover.includes('No contract'), hover);
      assert.ok(hover.includes(`The contract file \`${file}\` is broken, so no contract checks this file until it is fixed. ${at}: `), hover);
      const found = await info(csv);
      assert.equal(found.kind, 'broken');
      const [line, character] = at
        .slice(3)
        .split(':')
        .map((n) => Number(n) - 1);
      assert.deepEqual(
        { ...found.broken, problem: undefined },
        { file: uriOf(path.join(dir, name.replace(/\W/g, '-'), file)), line, character, problem: undefined },
      );
      assert.ok(found.broken!.problem.length > 0);
    });
  }

  for (const [name, contract] of [
    ['a contract', { '.loadline.json': JSON.stringify({ contracts: [{ files: ['*.csv'], schema: 'schema.json' }] }) }],
    ['a Data Package resource', { 'datapackage.json': JSON.stringify({ resources: [{ path: 'a.csv', schema: 'schema.json' }] }) }],
  ] as const) {
    it(`a Table Schema with a syntax error, named by ${name}: one error on row 1 of the CSV, in hover and in the contract info`, async () => {
      const folder = `schema-of-${name.replace(/\W/g, '-')}`;
      const { csv, diagnostics } = await openIn(folder, { ...contract, 'schema.json': BROKEN_SCHEMA });
      const onCsv = diagnostics.filter((d) => d.code === 'invalid-config');
      assert.equal(onCsv.length, 1, JSON.stringify(diagnostics));
      assert.equal(onCsv[0].severity, 1);
      assert.equal(onCsv[0].range.start.line, 0);
      assert.match(
        onCsv[0].message,
        /^The Table Schema schema\.json is broken, so this file's typed checks \(types, formats, constraints\) are off until it is fixed\. At 3:1: /,
      );
      assert.match(onCsv[0].message, /Fix the syntax/);
      const hover = await hoverText(csv);
      assert.ok(hover.includes('The Table Schema `schema.json` is broken, so the typed checks are off until it is fixed. At 3:1: '), hover);
      const found = await info(csv);
      assert.equal(found.kind, name === 'a contract' ? 'contract' : 'data-package');
      assert.equal(found.broken?.file, uriOf(path.join(dir, folder, 'schema.json')));
      assert.deepEqual([found.broken?.line, found.broken?.character], [2, 0]);
    });
  }
});
