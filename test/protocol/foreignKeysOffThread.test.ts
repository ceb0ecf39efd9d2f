// The editor's foreign-key check runs on a thread of its own (issue 27): while a large referenced file's keys are
// read there, the server's main thread still answers hovers and checks other documents.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { LanguageServer, startLanguageServer, stopLanguageServer } from '../support/lspClient';
import { WAREHOUSE_RESOURCES } from '../support/warehousePackage';

/** Rows in the referenced file: some 40 MB, whose keys take seconds to read (a main thread held that long failed). */
const REFERENCED_ROWS = 3_000_000;
const PARCELS = 'id,site,bay\np1,S1,1\np2,S1,99999999\n';
const OTHER = 'id,n\n1,x\n';
/** A reply slower than this is a server that cannot answer while the keys are read. */
const ANSWER_MS = 2000;
/** The server's peak with that file: its keys are 24 MB of digests. */
const PEAK_MB = 300;

describe('foreign keys off the main thread', () => {
  let server: LanguageServer;
  const uri = (relative: string) => pathToFileURL(path.join(server.dir, relative)).href;

  before(async () => {
    server = await startLanguageServer({
      workspace: {
        prefix: 'loadline-fk-thread-',
        files: {
          'datapackage.json': JSON.stringify({
            resources: [
              ...WAREHOUSE_RESOURCES,
              {
                name: 'other',
                path: 'other.csv',
                schema: {
                  fields: [
                    { name: 'id', type: 'integer' },
                    { name: 'n', type: 'integer' },
                  ],
                },
              },
            ],
          }),
          'parcels.csv': PARCELS,
          'other.csv': OTHER,
        },
      },
    });
    const fd = fs.openSync(path.join(server.dir, 'warehouses.csv'), 'w');
    fs.writeSync(fd, 'site,bay\n');
    for (let from = 0; from < REFERENCED_ROWS; from += 100_000) {
      let text = '';
      for (let i = from; i < from + 100_000; i++) text += `S${i % 1000},${Math.floor(i / 1000)}\n`;
      fs.writeSync(fd, text);
    }
    fs.closeSync(fd);
  });
  after(() => stopLanguageServer(server));

  it('answers hovers and another document while a 40 MB referenced file is read, then reports the orphan', async () => {
    const parcels = uri('parcels.csv');
    const other = uri('other.csv');
    const order: string[] = [];
    const checked = server.client.nextDiagnostics(parcels, (d) => d.diagnostics.some((x) => x.code === 'foreign-key'), 300_000);
    void checked.then(() => order.push('parcels'));
    await server.client.open(parcels, PARCELS);

    const started = Date.now();
    const otherChecked = server.client.nextDiagnostics(other, () => true, 300_000);
    await server.client.open(other, OTHER);
    const otherFound = await otherChecked;
    const otherMs = Date.now() - started;
    order.push('other');
    // Hovers, one after another, until the referencing document's foreign keys are reported.
    const hoverMs: number[] = [];
    while (!order.includes('parcels')) {
      const asked = Date.now();
      await server.client.hover(other, { line: 1, character: 2 });
      hoverMs.push(Date.now() - asked);
    }
    const found = await checked;

    assert.deepEqual(
      otherFound.diagnostics.map((d) => d.code),
      ['type-error'],
    );
    assert.ok(otherMs < ANSWER_MS, `the other document's diagnostics took ${otherMs} ms`);
    assert.ok(Math.max(...hoverMs) < ANSWER_MS, `hovers took ${hoverMs.join(', ')} ms`);
    // The keys were still being read when the other document was checked and the hovers answered.
    assert.deepEqual(order, ['other', 'parcels']);
    assert.ok(hoverMs.length > 0);
    assert.deepEqual(
      found.diagnostics.filter((d) => d.code === 'foreign-key').map((d) => d.message),
      ['Value ("S1", 99999999) of (site, bay) in row 3 is not in warehouses (site, bay)'],
    );
    // Read from the disk as it is checked, not as one text (hp14 03: 10,000,000 rows read so took the server to 2 GB).
    const peakMb = Number(/VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${server.client.pid}/status`, 'utf8'))![1]) / 1024;
    console.log(`the server's peak RSS with a 3,000,000-row referenced file: ${Math.round(peakMb)} MB`);
    assert.ok(peakMb < PEAK_MB, `the server peaked at ${Math.round(peakMb)} MB`);
  });
});
