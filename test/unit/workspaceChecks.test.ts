// Validate Workspace's checks from disk and the contract lookup, in-process: no LSP connection, no worker thread.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { URI } from 'vscode-uri';
import { CsvReport } from '../../shared/src/csv/check/validateCsv';
import { Problem } from '../../shared/src/problem';
import { validateFiles } from '../../server/src/handlers/validateFiles';
import { contractInfo } from '../../server/src/services/contractInfo';
import { DEFAULT_SETTINGS } from '../../server/src/services/settings';
import { WorkspaceChecks } from '../../server/src/services/workspaceChecks';

const problem = (severity: Problem['severity']): Problem => ({
  code: 'required',
  severity,
  message: 'x',
  range: { start: { line: 1, character: 0 }, end: { line: 1, character: 1 } },
});

/** Checks over a workspace of texts; every file's report holds one error and one warning. */
function workspace(texts: Record<string, string>, open: string[] = []) {
  const published: [string, number][] = [];
  const checks = new WorkspaceChecks({
    settings: { get: () => Promise.resolve({ ...DEFAULT_SETTINGS, noContractNotice: false }), forget: () => undefined },
    resolvedFor: () => Promise.resolve(undefined),
    brokenFor: () => Promise.resolve(undefined),
    host: {
      readsDisk: false,
      readResource: (uri) => Promise.resolve(texts[uri.toString()]),
      fileState: () => undefined,
      validate: () =>
        Promise.resolve<CsvReport>({
          problems: [problem('error'), problem('warning')],
          records: 1,
          hiddenProblems: 0,
          hiddenBySeverity: { error: 0, warning: 0, information: 0 },
        }),
    },
    isOpen: (uri) => open.includes(uri.toString()),
    publish: (uri, problems) => void published.push([uri, problems.length]),
    log: () => undefined,
  });
  return { checks, published };
}

describe('WorkspaceChecks', () => {
  it('publishes a closed file, leaves an open one to its editor, and counts problems for Validate Workspace', async () => {
    const { checks, published } = workspace({ 'file:///w/a.csv': 'a\n1\n', 'file:///w/b.csv': 'a\n1\n' }, ['file:///w/b.csv']);
    const result = await validateFiles({ uris: ['file:///w/a.csv', 'file:///w/b.csv', 'file:///w/gone.csv'] }, (uri) => checks.check(uri));
    assert.deepEqual(result, { checked: 2, errors: 2, others: 2 });
    assert.deepEqual(published, [['file:///w/a.csv', 2]]);
    assert.ok(checks.has('file:///w/a.csv') && checks.has('file:///w/gone.csv') && !checks.has('file:///w/c.csv'));
  });

  it('follows the file watcher: a deleted file is cleared, a new one checked once the workspace was validated', async () => {
    const { checks, published } = workspace({ 'file:///w/a.csv': 'a\n', 'file:///w/new.csv': 'a\n' });
    await checks.check('file:///w/a.csv');
    checks.filesChanged([{ uri: 'file:///w/new.csv', kind: 'created' }]);
    checks.filesChanged([{ uri: 'file:///w/a.csv', kind: 'deleted' }]);
    assert.deepEqual(published, [
      ['file:///w/a.csv', 2],
      ['file:///w/a.csv', 0],
    ]);
    checks.workspaceValidated();
    checks.filesChanged([{ uri: 'file:///w/new.csv', kind: 'created' }]);
    await new Promise<void>((resolve) => setImmediate(resolve));
    assert.deepEqual(published.at(-1), ['file:///w/new.csv', 2]);
  });
});

describe('contractInfo', () => {
  it('points at the contract in its config, by the URI of its open document when there is one', async () => {
    const configPath = 'file:///w/.loadline.json';
    const text = '{\n  "contracts": [\n    { "files": ["a.csv"] },\n    { "files": ["b.csv"] }\n  ]\n}\n';
    const resolved = { kind: 'contract' as const, index: 1, configPath, contract: { files: ['b.csv'] } };
    const deps = {
      resolvedFor: () => Promise.resolve(resolved),
      brokenFor: () => Promise.resolve(undefined),
      readText: () => Promise.resolve(text),
      openUri: (uri: URI) => `open:${uri.path}`,
    };
    assert.deepEqual(await contractInfo('file:///w/b.csv', deps), { kind: 'contract', file: 'open:/w/.loadline.json', line: 3, character: 4, label: 'b.csv' });
    assert.deepEqual(await contractInfo('file:///w/c.csv', { ...deps, resolvedFor: () => Promise.resolve(undefined) }), { kind: 'none' });
  });
});
