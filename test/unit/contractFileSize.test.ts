// A contract or schema file above MAX_CONTRACT_FILE_BYTES is refused at the path that names it, without being read.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { URI } from 'vscode-uri';
import { ContractService } from '../../shared/src/contract/contractService';
import { MAX_CONTRACT_FILE_BYTES } from '../../shared/src/contract/fileState';
import { fileStateOnDisk, readFromDisk } from '../../shared/src/contract/readFromDisk';
import { Problem } from '../../shared/src/problem';

const CONFIG = JSON.stringify({ contracts: [{ files: ['*.csv'], schema: 'big.json' }] });
const LIMIT_MIB = MAX_CONTRACT_FILE_BYTES / (1024 * 1024);

/** A service over the disk, as the CLI and the Node server build it, counting the reads of each file. */
function onDisk() {
  const reads = new Map<string, number>();
  const published = new Map<string, Problem[]>();
  const contracts = new ContractService({
    readText: (uri) => {
      reads.set(uri.fsPath, (reads.get(uri.fsPath) ?? 0) + 1);
      return readFromDisk(uri.fsPath);
    },
    fileState: (uri, maxBytes) => fileStateOnDisk(uri.fsPath, maxBytes),
    publishConfigProblems: (uri, problems) => published.set(uri.fsPath, problems),
  });
  return { contracts, reads, published };
}

/** A valid JSON text followed by NULs up to `size` bytes (a sparse file: cheap at any size). */
function padded(file: string, text: string, size: number) {
  fs.writeFileSync(file, text);
  fs.truncateSync(file, size);
}

describe('contract files above the size limit', () => {
  let dir: string;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-size-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a schema file of 3 GiB is never read: an invalid-config at the schema path names its size and the limit', async () => {
    const at = fs.mkdtempSync(path.join(dir, 'schema-'));
    fs.writeFileSync(path.join(at, '.loadline.json'), CONFIG);
    padded(path.join(at, 'big.json'), '{"fields": []}', 3 * 1024 ** 3);
    const s = onDisk();
    assert.equal(await s.contracts.lookup(URI.file(path.join(at, 'a.csv'))), undefined);
    assert.equal(s.reads.get(path.join(at, 'big.json')), undefined, 'the schema file is never read');
    const [problem, ...rest] = s.published.get(path.join(at, '.loadline.json')) ?? [];
    assert.deepEqual(rest, []);
    assert.equal(problem.code, 'invalid-config');
    assert.deepEqual(problem.range.start, { line: 0, character: CONFIG.indexOf('"big.json"') });
    assert.match(problem.message, new RegExp(`it is 3072 MiB, above the ${LIMIT_MIB} MiB that Loadline reads of a contract or schema file`));
  });

  it('a .loadline.json one byte above the limit is a broken contract file, never "no contract", and is never read', async () => {
    const at = fs.mkdtempSync(path.join(dir, 'config-'));
    padded(path.join(at, '.loadline.json'), CONFIG, MAX_CONTRACT_FILE_BYTES + 1);
    const s = onDisk();
    const csv = URI.file(path.join(at, 'a.csv'));
    assert.equal(await s.contracts.lookup(csv), undefined);
    const broken = await s.contracts.brokenFor(csv);
    assert.match(broken?.problem.message ?? 'none', new RegExp(`cannot read .*\\.loadline\\.json: it is ${LIMIT_MIB + 1} MiB, above the ${LIMIT_MIB} MiB`));
    assert.equal(s.reads.get(path.join(at, '.loadline.json')), undefined, 'the config is never read');
  });

  it('a file at the limit exactly is read as any other', async () => {
    const at = fs.mkdtempSync(path.join(dir, 'limit-'));
    padded(path.join(at, '.loadline.json'), CONFIG.replace(', "schema": "big.json"', ''), MAX_CONTRACT_FILE_BYTES);
    const s = onDisk();
    await s.contracts.lookup(URI.file(path.join(at, 'a.csv')));
    assert.equal(s.reads.get(path.join(at, '.loadline.json')), 1);
  });

  // A /proc file says it is empty and then yields without end (/proc/self/pagemap: 8 bytes a page of the address
  // space), so a size check by stat alone let the read run to gigabytes: named by a schema path, or the config a link to it.
  const upToRoot = (at: string) =>
    at
      .split(path.sep)
      .filter(Boolean)
      .map(() => '..')
      .join('/');
  for (const [where, write, unread] of [
    [
      'a schema path',
      (at: string) => fs.writeFileSync(path.join(at, '.loadline.json'), CONFIG.replace('big.json', `${upToRoot(at)}/proc/self/pagemap`)),
      () => '/proc/self/pagemap',
    ],
    [
      'a .loadline.json that is a link',
      (at: string) => fs.symlinkSync('/proc/self/pagemap', path.join(at, '.loadline.json')),
      (at: string) => path.join(at, '.loadline.json'),
    ],
  ] as const) {
    it(`a /proc file with no size but endless content, through ${where}, is refused unread`, async () => {
      const at = fs.mkdtempSync(path.join(dir, 'proc-'));
      write(at);
      const s = onDisk();
      const csv = URI.file(path.join(at, 'a.csv'));
      assert.equal(await s.contracts.lookup(csv), undefined);
      assert.equal(s.reads.get(unread(at)), undefined, 'never read');
      const message = s.published.get(path.join(at, '.loadline.json'))?.[0]?.message ?? (await s.contracts.brokenFor(csv))?.problem.message;
      assert.match(message ?? 'none', /reports a size of 0 yet has content \(a \/proc or \/sys file\)/);
    });
  }

  it('readFromDisk never reads past the size a file had when opened', () => {
    assert.equal(readFromDisk('/proc/self/pagemap'), '');
    const file = path.join(dir, 'plain.json');
    fs.writeFileSync(file, '{"é": 1}');
    assert.equal(readFromDisk(file), '{"é": 1}');
  });

  // The browser build reads through the client, which gives text and no size: the text is measured.
  for (const [name, schemaText, size] of [
    ['ASCII', ' '.repeat(MAX_CONTRACT_FILE_BYTES + 1), LIMIT_MIB + 1],
    ['two-byte characters, fewer than the limit but more bytes', 'é'.repeat(MAX_CONTRACT_FILE_BYTES / 2 + 1), LIMIT_MIB + 1],
  ] as const) {
    it(`without a disk, a schema text above the limit in UTF-8 bytes (${name}) is refused at the path`, async () => {
      const published = new Map<string, Problem[]>();
      const texts: Record<string, string> = {
        '/ws/datapackage.json': JSON.stringify({ resources: [{ name: 'a', path: 'a.csv', schema: 'big.json' }] }),
        '/ws/big.json': schemaText,
      };
      const contracts = new ContractService({
        readText: (uri) => texts[uri.path],
        publishConfigProblems: (uri, problems) => published.set(uri.path, problems),
      });
      assert.equal(await contracts.lookup(URI.parse('memfs:/ws/a.csv')), undefined);
      const [problem] = published.get('/ws/datapackage.json') ?? [];
      assert.match(
        problem?.message ?? 'none',
        new RegExp(`names memfs:/ws/big.json, which is not a readable file \\(it is ${size} MiB, above the ${LIMIT_MIB} MiB`),
      );
    });
  }
});
