// In the editor, a contract file that is there but cannot be used never leaves a CSV looking as if no contract
// applied: the CSV gets an error naming the broken file and where it is broken, and the contract file gets its
// own diagnostic. A .loadline.json that cannot be read, a Data Package resource path that names no file or
// leaves the package, and a schema path that leads nowhere.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { VALIDATE_FILES_REQUEST, ValidateFilesResult } from '../../shared/src/editorProtocol';
import { LspClient, startLanguageServer, stopLanguageServer, TEST_SETTINGS } from '../support/lspClient';
import { UNREADABLE_CONFIGS } from '../support/unreadableConfigs';

const uriOf = (file: string) => pathToFileURL(file).href;

describe('broken contract files in the editor', () => {
  let dir: string;
  let client: LspClient;

  before(async () => {
    // The notice on: a broken contract must say so instead of "no contract".
    const settings = { ...TEST_SETTINGS, noContractNotice: true };
    ({ dir, client } = await startLanguageServer({ workspace: { prefix: 'loadline-broken-contracts-' }, settings }));
  });
  after(() => stopLanguageServer({ dir, client }));

  /**
   * Opens `folder`/a.csv (which an integer id would fail) and returns the CSV's diagnostics and those published
   * for the contract file `contract`; asserts the CSV's first one names the broken file and is no "no contract".
   */
  async function openBroken(folder: string, contract: string) {
    const csv = uriOf(path.join(folder, 'a.csv'));
    const onContract = client.nextDiagnostics(uriOf(contract));
    const onCsv = client.nextDiagnostics(csv);
    await client.open(csv, 'id\nx\n');
    const [csvDiagnostics, contractDiagnostics] = await Promise.all([onCsv, onContract]);
    const [first] = csvDiagnostics.diagnostics;
    assert.ok(!csvDiagnostics.diagnostics.some((d) => d.code === 'no-contract'), JSON.stringify(csvDiagnostics.diagnostics));
    assert.equal(first.code, 'invalid-config');
    assert.equal(first.severity, 1);
    assert.ok(first.message.startsWith(`The contract file ${path.basename(contract)} is broken, so this file is checked against no contract`), first.message);
    return { csv: first, contract: contractDiagnostics.diagnostics };
  }

  for (const [name, make, reason] of UNREADABLE_CONFIGS) {
    it(`a .loadline.json that is ${name}: an error on the CSV and one on the config, naming the path and why`, async () => {
      const folder = path.join(dir, name.replace(/\W/g, '-'));
      fs.mkdirSync(folder);
      const config = path.join(folder, '.loadline.json');
      make(config);
      const found = await openBroken(folder, config);
      assert.ok(found.csv.message.includes(`At 1:1: Loadline cannot read ${config}: ${reason}`), found.csv.message);
      assert.equal(found.contract.length, 1);
      assert.equal(found.contract[0].code, 'invalid-config');
      assert.ok(found.contract[0].message.startsWith(`Loadline cannot read ${config}: ${reason}`), found.contract[0].message);
    });
  }

  for (const [name, resourcePath, message] of [
    ['names no file', 'b.csv', 'The resource path "b.csv" names'],
    ['is sub/../a.csv', 'sub/../a.csv', 'The resource path "sub/../a.csv" is absolute or contains ".."'],
    ['leaves the package', '../a.csv', 'The resource path "../a.csv" is absolute or contains ".."'],
  ]) {
    it(`a Data Package resource path that ${name}: at its position, and the CSV says the package is broken`, async () => {
      const folder = path.join(dir, `package-${name.replace(/\W/g, '-')}`);
      fs.mkdirSync(folder);
      fs.writeFileSync(path.join(folder, 'schema.json'), JSON.stringify({ fields: [{ name: 'id', type: 'integer' }] }));
      const dataPackage = path.join(folder, 'datapackage.json');
      fs.writeFileSync(dataPackage, `{\n  "resources": [\n    { "path": ${JSON.stringify(resourcePath)}, "schema": "schema.json" }\n  ]\n}\n`);
      const found = await openBroken(folder, dataPackage);
      assert.ok(found.csv.message.includes(`At 3:15: ${message}`), found.csv.message);
      assert.equal(found.contract.length, 1);
      assert.ok(found.contract[0].message.startsWith(message), found.contract[0].message);
      assert.deepEqual(found.contract[0].range.start, { line: 2, character: 14 });
    });
  }

  it('a schema path that leaves the folder and names no file: the CSV says where the contract is broken', async () => {
    const folder = path.join(dir, 'schema-up', 'project');
    fs.mkdirSync(folder, { recursive: true });
    const config = path.join(folder, '.loadline.json');
    fs.writeFileSync(config, '{\n  "contracts": [\n    { "files": ["*.csv"], "schema": "../shared/schema.json" }\n  ]\n}\n');
    const found = await openBroken(folder, config);
    assert.ok(
      found.csv.message.includes(`At 3:37: The schema "../shared/schema.json" names ${path.join(dir, 'schema-up', 'shared', 'schema.json')}`),
      found.csv.message,
    );
    assert.deepEqual(found.contract[0].range.start, { line: 2, character: 36 });
  });

  it('Validate Workspace: a FIFO, a dangling symlink and a symlink loop named *.csv each get an error, never a hang', async () => {
    const folder = path.join(dir, 'special');
    fs.mkdirSync(folder);
    fs.writeFileSync(path.join(folder, 'ok.csv'), 'id\n1\n');
    execFileSync('mkfifo', [path.join(folder, 'fifo.csv')]);
    fs.symlinkSync('nowhere.csv', path.join(folder, 'dangling.csv'));
    fs.symlinkSync('loop.csv', path.join(folder, 'loop.csv'));
    const cases = [
      ['fifo.csv', 'it is not a regular file'],
      ['dangling.csv', 'it is a symbolic link to nothing'],
      ['loop.csv', 'it is a symbolic link loop'],
    ];
    const published = cases.map(([name]) => client.nextDiagnostics(uriOf(path.join(folder, name))));
    const uris = ['ok.csv', ...cases.map(([name]) => name)].map((name) => uriOf(path.join(folder, name)));
    const result = await client.connection.sendRequest<ValidateFilesResult>(VALIDATE_FILES_REQUEST, { uris });
    assert.equal(result.checked, 1, 'only ok.csv could be checked');
    for (const [i, found] of (await Promise.all(published)).entries()) {
      assert.equal(found.diagnostics.length, 1);
      assert.equal(found.diagnostics[0].code, 'check-failed');
      assert.equal(found.diagnostics[0].severity, 1);
      assert.ok(found.diagnostics[0].message.startsWith(`Loadline could not read this file: ${cases[i][1]}`), found.diagnostics[0].message);
    }
  });
});
