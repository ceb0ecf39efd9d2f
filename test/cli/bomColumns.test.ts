// A UTF-8 CSV with a BOM is located as editors and SARIF viewers show it, without the BOM: line-1 columns were one
// too far in every format, while the editor (whose text has no BOM) and a UTF-16 CSV were right (hp26 01).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SMALLEST_PARALLEL_FILE } from '../../shared/src/csv/parallel/parallelCheck';
import { runCli } from '../support/run';

describe('a UTF-8 BOM in a CSV', () => {
  let dir: string;
  const BOM = '\ufeff';
  const where = (args: string[]) => {
    const result = runCli(['validate', '--format', 'json', ...args], { cwd: dir, maxBuffer: 1 << 26 });
    assert.equal(result.status, 1, result.stderr);
    return (JSON.parse(result.stdout) as { file: string; code: string; column: number; endColumn: number }[]).map(({ file: _file, ...problem }) => problem);
  };

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-bom-'));
    fs.writeFileSync(path.join(dir, '.loadline.json'), '{"contracts":[{"files":["*.csv"],"headers":{"id":{"required":true}}}]}');
    fs.writeFileSync(path.join(dir, 'plain.csv'), 'name,name\n1,2\n');
    fs.writeFileSync(path.join(dir, 'bom.csv'), `${BOM}name,name\n1,2\n`);
    // Past the parallel threshold: the first range, checked by a worker thread, starts at the BOM.
    const rows = `${'1,2\n'.repeat(Math.ceil((SMALLEST_PARALLEL_FILE * 1.2) / 4))}`;
    fs.writeFileSync(path.join(dir, 'big-plain.csv'), `name,name\n${rows}`);
    fs.writeFileSync(path.join(dir, 'big-bom.csv'), `${BOM}name,name\n${rows}`);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('gives the same line-1 columns as the same file without it', () => {
    const plain = where(['plain.csv']);
    assert.deepEqual(
      plain.map((p) => [p.code, p.column, p.endColumn]),
      [
        ['missing-label', 1, 10],
        ['duplicate-label', 6, 10],
      ],
    );
    assert.deepEqual(where(['bom.csv']), plain);
  });

  it('is skipped in a file that is not all UTF-8, read as Windows-1252: the first header still binds (hp24 03)', () => {
    fs.mkdirSync(path.join(dir, 'damaged'));
    const contract = { fields: [{ name: 'id', type: 'integer' }, { name: 's' }], primaryKey: ['id'] };
    fs.writeFileSync(path.join(dir, 'damaged', '.loadline.json'), JSON.stringify({ contracts: [{ files: ['*.csv'], schema: contract }] }));
    fs.writeFileSync(path.join(dir, 'damaged', 'plain.csv'), Buffer.from('id,s\nabc,caf\xe9\n', 'latin1'));
    fs.writeFileSync(path.join(dir, 'damaged', 'bom.csv'), Buffer.from('\xef\xbb\xbfid,s\nabc,caf\xe9\n', 'latin1'));
    const plain = where(['damaged/plain.csv']);
    assert.deepEqual(
      plain.map((p) => [p.code, p.column]),
      [
        ['type-error', 1],
        ['encoding', 1],
      ],
    );
    assert.deepEqual(where(['damaged/bom.csv']), plain);
    const inferred = runCli(['infer', 'damaged/bom.csv'], { cwd: dir });
    assert.deepEqual(Object.keys((JSON.parse(inferred.stdout) as { contracts: { headers: object }[] }).contracts[0].headers), ['id', 's']);
  });

  it('does so when worker threads check the file in ranges', () => {
    assert.deepEqual(where(['--workers', '2', 'big-bom.csv']), where(['--workers', '2', 'big-plain.csv']));
  });
});
