// npm run bench:csv — foreign keys (issue 27): a 1,000,000-row file that refers to a 100,000-row file by a composite
// key, 0.1% orphans, against the same typed check without the foreign key, in alternating whole-process pairs.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLI, REPO_ROOT } from '../support/run';
import { comparePairs } from './processPairs';

const ROWS = Number(process.env.BENCH_FK_ROWS ?? 1_000_000);
const REFERENCED = Number(process.env.BENCH_FK_REFERENCED ?? 100_000);
const PAIRS = Number(process.env.BENCH_PAIRS ?? 5);
// BENCH_FK_REFERENCED=10000000 is the memory figure (peak RSS under 300 MB, by digests): each size has its own files.
const DIR = path.join(REPO_ROOT, '.cache', 'bench', 'foreignKeys', `${ROWS}-${REFERENCED}`);
/** datapackage-py and tableschema-py checking the relations of 397,201 rows split over 1,000 resources (its author's timing). */
const FRICTIONLESS = { rows: 397_201, seconds: 98 * 60 + 49.895, source: 'https://github.com/frictionlessdata/datapackage-py/pull/247' };
/** Every thousandth row refers to a bay no warehouse has. */
const ORPHAN_EVERY = 1000;
const SITES = 1000;

const FIELDS = [
  { name: 'id', type: 'integer' },
  { name: 'site', type: 'string' },
  { name: 'bay', type: 'integer' },
  { name: 'weight', type: 'number', constraints: { minimum: 0 } },
  { name: 'sent', type: 'date' },
];

function writePackage(folder: string, withForeignKey: boolean): void {
  fs.mkdirSync(folder, { recursive: true });
  const foreignKeys = withForeignKey ? [{ fields: ['site', 'bay'], reference: { resource: 'warehouses', fields: ['site', 'bay'] } }] : [];
  const resources = [
    { name: 'warehouses', path: 'warehouses.csv', schema: { fields: [{ name: 'site' }, { name: 'bay', type: 'integer' }], primaryKey: ['site', 'bay'] } },
    { name: 'parcels', path: 'parcels.csv', schema: { fields: FIELDS, primaryKey: 'id', foreignKeys } },
  ];
  fs.writeFileSync(path.join(folder, 'datapackage.json'), JSON.stringify({ resources }, null, 2));
}

/** Written in pieces: a 1,000,000-row file as one string would be the benchmark's own memory peak. */
function writeRows(file: string, header: string, count: number, row: (i: number) => string): void {
  if (fs.existsSync(file)) return;
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, `${header}\n`);
  for (let from = 0; from < count; from += 10_000) {
    let text = '';
    for (let i = from; i < Math.min(from + 10_000, count); i++) text += `${row(i)}\n`;
    fs.writeSync(fd, text);
  }
  fs.closeSync(fd);
}

const withKeys = path.join(DIR, 'with');
const without = path.join(DIR, 'without');
for (const [folder, fk] of [
  [withKeys, true],
  [without, false],
] as const) {
  writePackage(folder, fk);
  writeRows(path.join(folder, 'warehouses.csv'), 'site,bay', REFERENCED, (i) => `S${i % SITES},${Math.floor(i / SITES)}`);
  writeRows(path.join(folder, 'parcels.csv'), 'id,site,bay,weight,sent', ROWS, (i) => {
    const r = (i * 7919) % REFERENCED;
    const bay = i % ORPHAN_EVERY === 999 ? REFERENCED : Math.floor(r / SITES);
    return `${i + 1},S${r % SITES},${bay},${(i % 500) / 10},2026-0${1 + (i % 9)}-1${i % 10}`;
  });
}
const [withKeyMs] = comparePairs(
  `loadline validate of ${ROWS.toLocaleString('en')} rows referring to ${REFERENCED.toLocaleString('en')} by (site, bay), ${100 / ORPHAN_EVERY}% orphans`,
  { name: 'typed check without the foreign key', args: [CLI, 'validate', '--format', 'json', '--max-problems', '10', path.join(without, 'parcels.csv')] },
  [
    {
      name: 'the same with the foreign key',
      args: [CLI, 'validate', '--format', 'json', '--max-problems', '10', path.join(withKeys, 'parcels.csv')],
      target: '1.3x',
    },
  ],
  PAIRS,
);
// The yardstick, beside this run's: a figure its user reported, not run here (no Python package index can be reached).
const perSecond = (rows: number, seconds: number) => Math.round(rows / seconds);
const ours = perSecond(ROWS, withKeyMs / 1000);
const theirs = perSecond(FRICTIONLESS.rows, FRICTIONLESS.seconds);
console.log(
  `  frictionless, as reported (${FRICTIONLESS.source}): the foreign keys of ${FRICTIONLESS.rows.toLocaleString('en')} rows in 98 min 50 s, ` +
    `${theirs.toLocaleString('en')} rows/s; here, with the foreign key: ${ROWS.toLocaleString('en')} rows in ${(withKeyMs / 1000).toFixed(2)} s, ` +
    `${ours.toLocaleString('en')} rows/s (${Math.round(ours / theirs).toLocaleString('en')}x)`,
);
