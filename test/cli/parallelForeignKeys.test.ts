// `loadline validate` of a file above the parallel threshold with foreign keys (issue 27): the main thread reads the
// referenced keys before its second range, each range's keys are looked up as it is merged and the orphans listed are
// worded before the check ends; with 2 threads the report is the one-thread check's, with or without a watched rule.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SMALLEST_PARALLEL_FILE } from '../../shared/src/csv/parallel/parallelCheck';
import { runCli } from '../support/run';

const SITES = 50;
const BAYS = 40;

describe('loadline validate --workers with foreign keys', () => {
  let dir: string;
  const cli = (args: string[]) => runCli(args, { cwd: dir, maxBuffer: 1 << 26 });

  /** A package whose parcels refer to a warehouse by (site, bay) and to a sender by id; `watched` adds a pattern rule. */
  function writePackage(folder: string, watched: boolean): void {
    fs.mkdirSync(path.join(dir, folder));
    for (const file of ['warehouses.csv', 'senders.csv', 'parcels.csv']) fs.copyFileSync(path.join(dir, file), path.join(dir, folder, file));
    const note = watched ? { name: 'note', constraints: { pattern: '[a-z ]*[0-9]*' } } : { name: 'note' };
    const resources = [
      { name: 'warehouses', path: 'warehouses.csv', schema: { fields: [{ name: 'site' }, { name: 'bay', type: 'integer' }], primaryKey: ['site', 'bay'] } },
      { name: 'senders', path: 'senders.csv', schema: { fields: [{ name: 'id', type: 'integer' }], primaryKey: 'id' } },
      {
        name: 'parcels',
        path: 'parcels.csv',
        schema: {
          fields: [{ name: 'id', type: 'integer' }, { name: 'site' }, { name: 'bay', type: 'integer' }, { name: 'sender', type: 'integer' }, note],
          primaryKey: 'id',
          foreignKeys: [
            { fields: ['site', 'bay'], reference: { resource: 'warehouses', fields: ['site', 'bay'] } },
            { fields: 'sender', reference: { resource: 'senders', fields: 'id' } },
          ],
        },
      },
    ];
    fs.writeFileSync(path.join(dir, folder, 'datapackage.json'), JSON.stringify({ resources }));
  }

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-parallel-fk-cli-'));
    const warehouses = ['site,bay'];
    for (let s = 0; s < SITES; s++) for (let b = 0; b < BAYS; b++) warehouses.push(`S${s},${b}`);
    fs.writeFileSync(path.join(dir, 'warehouses.csv'), `${warehouses.join('\n')}\n`);
    fs.writeFileSync(path.join(dir, 'senders.csv'), `id\n${Array.from({ length: 500 }, (_, i) => i + 1).join('\n')}\n`);
    // Orphan warehouses every 1,009 rows from the start (a quoted line break in some), orphan senders only in the
    // last tenth of the file, and nulls: more than the parallel threshold.
    const rows = ['id,site,bay,sender,note'];
    const count = Math.ceil((SMALLEST_PARALLEL_FILE * 1.6) / 30);
    for (let i = 1; i <= count; i++) {
      const site = i % 1009 === 0 ? (i % 2 ? '"S\nX"' : 'SX') : `S${i % SITES}`;
      const bay = i % 4001 === 0 ? '' : String(i % BAYS);
      const sender = i > count * 0.9 && i % 503 === 0 ? 9999 : (i % 500) + 1;
      rows.push(`${i},${site},${bay},${sender},note ${i % 97}`);
    }
    fs.writeFileSync(path.join(dir, 'parcels.csv'), `${rows.join('\n')}\n`);
    writePackage('plain', false);
    writePackage('watched', true);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const folder of ['plain', 'watched']) {
    for (const max of ['3', '1000000']) {
      it(`reports what one thread reports (${folder} rules, --max-problems ${max})`, () => {
        const args = (workers: string) => ['validate', '--workers', workers, '--format', 'json', '--max-problems', max, path.join(folder, 'parcels.csv')];
        const one = cli(args('1'));
        const two = cli(args('2'));
        assert.equal(one.status, 1, one.stderr);
        assert.equal(two.status, 1, two.stderr);
        const problems = JSON.parse(two.stdout) as { code: string; message: string }[];
        const orphans = problems.filter((p) => p.code === 'foreign-key');
        // At most --max-problems listed per foreign key.
        assert.ok(max === '3' ? orphans.length === 6 : orphans.some((p) => p.message.includes('9999')), `${orphans.length} orphans`);
        assert.deepEqual(problems, JSON.parse(one.stdout));
      });
    }
  }

  it('counts the orphans past the cap as one thread does, in text', () => {
    const one = cli(['validate', '--workers', '1', '--max-problems', '7', 'plain/parcels.csv']);
    const two = cli(['validate', '--workers', '2', '--max-problems', '7', 'plain/parcels.csv']);
    assert.match(two.stdout, /518 more foreign-key problems not shown \(limit 7 per foreign key\)/);
    assert.equal(two.stdout, one.stdout);
    assert.equal(two.stderr, one.stderr);
  });
});
