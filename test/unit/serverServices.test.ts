// The language server's services in-process: no LSP connection, no worker thread, a clock the test drives.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { URI } from 'vscode-uri';
import { Problem } from '../../shared/src/problem';
import { ContractService } from '../../shared/src/contract/contractService';
import { DEFAULT_SETTINGS, normalizeSettings, SettingsService } from '../../server/src/services/settings';
import { ValidationScheduler } from '../../server/src/services/validationScheduler';
import { ManualClock } from '../support/manualClock';

/** A validation the test finishes by hand, to put edits and closes in the middle of a check. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

function harness() {
  const clock = new ManualClock();
  const versions = new Map<string, number>();
  const checks: { uri: string; version: number; done: ReturnType<typeof deferred<string>> }[] = [];
  const published: [string, number, string][] = [];
  const failed: [string, number, string][] = [];
  const superseded: string[] = [];
  const scheduler = new ValidationScheduler<string>({
    clock,
    versionOf: (uri) => versions.get(uri),
    validate: (uri) => {
      const done = deferred<string>();
      checks.push({ uri, version: versions.get(uri)!, done });
      return done.promise;
    },
    supersede: (uri) => superseded.push(uri),
    publish: (uri, version, result) => published.push([uri, version, result]),
    fail: (uri, version, error) => failed.push([uri, version, (error as Error).message]),
  });
  /** The document `uri` is at `version` (opened or edited), and the editor asks for its check after `debounceMs`. */
  const edit = (uri: string, version: number, debounceMs: number) => {
    versions.set(uri, version);
    scheduler.schedule(uri, debounceMs);
  };
  return { clock, versions, checks, published, failed, superseded, scheduler, edit };
}

describe('ValidationScheduler', () => {
  it('supersedes a running check at the edit, not after the debounce, and publishes nothing of it', async () => {
    const h = harness();
    h.edit('a', 1, 200);
    h.clock.advance(200);
    h.edit('a', 2, 200);
    h.edit('a', 3, 200);
    assert.deepEqual(h.superseded, ['a'], 'once, at the first edit');
    h.checks[0].done.reject(new Error('superseded by a newer text of the document'));
    await settle();
    assert.equal(h.checks.length, 1, 'the next check waits for the debounce');
    h.clock.advance(200);
    assert.deepEqual(
      h.checks.map((c) => c.version),
      [1, 3],
    );
    h.checks[1].done.resolve('v3');
    await settle();
    assert.deepEqual(h.published, [['a', 3, 'v3']]);
    assert.deepEqual(h.failed, []);
  });

  it('supersedes the check of a document closed, or re-checked at the same version (a contract changed)', async () => {
    const h = harness();
    h.versions.set('a', 1).set('b', 1);
    h.scheduler.schedule('a', 0);
    h.scheduler.schedule('b', 0);
    h.clock.advance(0);
    h.scheduler.close('a');
    h.scheduler.schedule('b', 0);
    assert.deepEqual(h.superseded, ['a', 'b']);
    h.checks[1].done.reject(new Error('superseded by a newer text of the document'));
    await settle();
    assert.deepEqual(h.failed, [], "the stale check of b is not b's failure");
    h.clock.advance(0);
    h.checks[2].done.resolve('b again');
    await settle();
    assert.deepEqual(h.published, [['b', 1, 'b again']]);
  });

  it('waits for the debounce after the last edit, then checks once', async () => {
    const h = harness();
    h.edit('a', 1, 200);
    h.clock.advance(150);
    h.edit('a', 2, 200);
    h.clock.advance(150);
    assert.equal(h.checks.length, 0, 'the second edit restarted the wait');
    h.clock.advance(50);
    assert.deepEqual(
      h.checks.map((c) => c.version),
      [2],
    );
    h.checks[0].done.resolve('v2');
    await settle();
    assert.deepEqual(h.published, [['a', 2, 'v2']]);
  });

  it('runs one check per document at a time; an edit during a check is checked next, and the stale result is dropped', async () => {
    const h = harness();
    h.edit('a', 1, 0);
    h.clock.advance(0);
    h.edit('a', 2, 0);
    h.clock.advance(0);
    assert.equal(h.checks.length, 1, 'no second check while the first runs');
    h.checks[0].done.resolve('v1');
    await settle();
    assert.deepEqual(h.published, [], 'v1 is no longer the open version');
    assert.deepEqual(
      h.checks.map((c) => c.version),
      [1, 2],
      'the latest text is checked next',
    );
    h.checks[1].done.resolve('v2');
    await settle();
    assert.deepEqual(h.published, [['a', 2, 'v2']]);
  });

  it('checks different documents independently', () => {
    const h = harness();
    h.versions.set('a', 1).set('b', 1);
    h.scheduler.schedule('a', 0);
    h.scheduler.schedule('b', 0);
    h.clock.advance(0);
    assert.deepEqual(
      h.checks.map((c) => c.uri),
      ['a', 'b'],
    );
  });

  it('reports a crashed check for the current version, and checks again on the next edit', async () => {
    const h = harness();
    h.edit('a', 1, 0);
    h.clock.advance(0);
    h.checks[0].done.reject(new Error('validation worker exited with code 1'));
    await settle();
    assert.deepEqual(h.failed, [['a', 1, 'validation worker exited with code 1']]);
    h.edit('a', 2, 0);
    h.clock.advance(0);
    h.checks[1].done.resolve('ok');
    await settle();
    assert.deepEqual(h.published, [['a', 2, 'ok']]);
  });

  it('publishes nothing for a document closed during its check, even when reopened at the same version', async () => {
    const h = harness();
    h.edit('a', 1, 0);
    h.clock.advance(0);
    h.scheduler.close('a');
    h.scheduler.schedule('a', 1000);
    h.checks[0].done.resolve('old');
    await settle();
    assert.deepEqual(h.published, []);
    h.clock.advance(1000);
    h.checks[1].done.resolve('new');
    await settle();
    assert.deepEqual(h.published, [['a', 1, 'new']]);
  });

  it('cancels the pending check of a closed document', () => {
    const h = harness();
    h.edit('a', 1, 100);
    h.scheduler.close('a');
    h.clock.advance(100);
    assert.equal(h.checks.length, 0);
  });
});

describe('ContractService', () => {
  const at = (p: string) => URI.parse(`memfs:/ws${p}`);
  const config = at('/.loadline.json');
  const valid = JSON.stringify({ contracts: [{ files: ['**/*.csv'], headers: { id: { required: true } } }] });

  /** Files in memory, keyed by URI; reads answer asynchronously, as the browser's client does. */
  function service(files: Map<string, string>) {
    const reads: string[] = [];
    const published: [string, Problem[]][] = [];
    const contracts = new ContractService({
      readText: (uri) => (reads.push(uri.toString()), Promise.resolve(files.get(uri.toString()))),
      publishConfigProblems: (uri, problems) => published.push([uri.toString(), problems]),
    });
    return { contracts, reads, published };
  }
  const files = (entries: [URI, string][] = []) => new Map(entries.map(([uri, text]) => [uri.toString(), text]));

  it('finds, parses and matches once, then answers from its cache', async () => {
    const s = service(files([[config, valid]]));
    const first = await s.contracts.lookup(at('/a/x.csv'));
    assert.deepEqual(Object.keys(first!.contract.headers!), ['id']);
    const walk = [at('/a/.loadline.json'), at('/a/datapackage.json'), config, at('/datapackage.json')];
    assert.deepEqual(s.reads, walk.map(String), 'walks up from the CSV folder, looking for both kinds of contract file');
    await Promise.all([s.contracts.lookup(at('/a/y.csv')), s.contracts.lookup(at('/a/x.csv'))]);
    assert.equal(s.reads.length, 4, 'no folder walk and no read after the first lookup');
  });

  it('matches the globs on the path below the config, whatever the scheme', async () => {
    const s = service(files([[config, JSON.stringify({ contracts: [{ files: ['imports/*.csv'], headers: {} }] })]]));
    assert.equal((await s.contracts.lookup(at('/imports/x.csv')))?.index, 0);
    assert.equal(await s.contracts.lookup(at('/other/x.csv')), undefined);
    assert.equal((await s.contracts.lookup(at('/imports/x.csv')))?.configPath, config.toString());
  });

  it('publishes a broken config once per parse, and clears it when fixed', async () => {
    const contents = files([[config, '{ "contracts": 3 }']]);
    const s = service(contents);
    assert.equal(await s.contracts.lookup(at('/x.csv')), undefined);
    await s.contracts.lookup(at('/x.csv'));
    assert.equal(s.published.length, 1, 'hover and code actions reuse the parse and publish nothing');
    assert.match(s.published[0][1][0].message, /contracts must be array/);
    contents.set(config.toString(), valid);
    await s.contracts.invalidate();
    assert.deepEqual(s.published.at(-1), [config.toString(), []]);
    assert.ok(await s.contracts.lookup(at('/x.csv')));
  });

  it("clears a deleted broken config's problems", async () => {
    const contents = files([[config, '{']]);
    const s = service(contents);
    await s.contracts.lookup(at('/x.csv'));
    contents.delete(config.toString());
    await s.contracts.invalidate();
    assert.deepEqual(s.published.at(-1), [config.toString(), []]);
    assert.equal(await s.contracts.lookup(at('/x.csv')), undefined);
  });

  it('sees a config that appears after an invalidate, and reports on a config document checked directly', async () => {
    const contents = files();
    const s = service(contents);
    assert.equal(await s.contracts.lookup(at('/x.csv')), undefined);
    contents.set(config.toString(), valid);
    assert.equal(await s.contracts.lookup(at('/x.csv')), undefined, 'cached until told');
    await s.contracts.invalidate();
    assert.ok(await s.contracts.lookup(at('/x.csv')));
    contents.set(config.toString(), '[]');
    await s.contracts.check(config);
    assert.equal(s.published.length, 1);
  });

  it('does not publish what a parse that was in flight during an invalidate found', async () => {
    const slow = deferred<string | undefined>();
    const published: string[] = [];
    const contracts = new ContractService({ readText: () => slow.promise, publishConfigProblems: (uri) => published.push(uri.toString()) });
    const check = contracts.check(config);
    await contracts.invalidate();
    slow.resolve('{');
    await check;
    assert.deepEqual(published, [], 'the stale parse reports nothing');
    await contracts.check(config);
    assert.deepEqual(published, [config.toString()], 'a parse after the invalidate reports');
  });
});

describe('settings', () => {
  it('keeps valid settings and replaces each wrong one with its default, saying so', () => {
    const valid = { maxProblems: 5, raggedRows: 'off', debounceMs: 0, noContractNotice: false, keyRepeatNotice: false, inferRows: 50, extraLanguages: ['dsv'] };
    assert.deepEqual(normalizeSettings(valid), {
      settings: valid,
      complaints: [],
    });
    const { settings, complaints } = normalizeSettings({
      maxProblems: 0,
      raggedRows: 'fatal',
      debounceMs: 'abc',
      noContractNotice: 'no',
      keyRepeatNotice: 1,
      inferRows: -1,
      extraLanguages: [3],
    });
    assert.deepEqual(settings, DEFAULT_SETTINGS);
    assert.deepEqual(complaints, [
      'loadline.maxProblems is 0, not a whole number of 1 or more: using 1000',
      'loadline.raggedRows is "fatal", not error, warning, information, off: using "warning"',
      'loadline.debounceMs is "abc", not a whole number from 0 to 10000: using 200',
      'loadline.noContractNotice is "no", not true or false: using true',
      'loadline.keyRepeatNotice is 1, not true or false: using true',
      'loadline.inferRows is -1, not a whole number of 1 or more: using 10000',
      'loadline.extraLanguages is [3], not a list of language ids: using []',
    ]);
    assert.deepEqual(normalizeSettings(null).settings, DEFAULT_SETTINGS);
  });

  it('pulls once per document, forgets on close, and falls back to the defaults when the client never answers', async () => {
    const pulls: string[] = [];
    const logs: string[] = [];
    const answering = new SettingsService({ pull: (uri) => (pulls.push(uri), Promise.resolve({ debounceMs: 7 })), log: (m) => logs.push(m), timeoutMs: 1000 });
    assert.equal((await answering.get('a')).debounceMs, 7);
    await answering.get('a');
    answering.forget('a');
    await answering.get('a');
    assert.deepEqual(pulls, ['a', 'a']);

    const silent = new SettingsService({ pull: () => new Promise(() => undefined), log: (m) => logs.push(m), timeoutMs: 20 });
    assert.deepEqual(await silent.get('b'), DEFAULT_SETTINGS);
    assert.match(logs.at(-1)!, /did not send the settings for b within 20 ms/);
  });

  it('uses pushed settings for a client that cannot be asked', async () => {
    const service = new SettingsService({ log: () => undefined, timeoutMs: 1000 });
    assert.deepEqual(await service.get('a'), DEFAULT_SETTINGS);
    service.changed({ maxProblems: 3 });
    assert.equal((await service.get('a')).maxProblems, 3);
  });
});
