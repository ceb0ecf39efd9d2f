// Foreign keys in the editor (issue 27): orphan rows as `foreign-key` diagnostics on the referencing cells, read
// against the referenced file's open buffer or its disk; a change to the referenced file (edited, or on disk)
// checks its referrers again; Go to Definition and hover on a referencing cell; Find References on a key cell.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { LanguageServer, PublishedDiagnostics, Range, startLanguageServer, stopLanguageServer } from '../support/lspClient';
import { WAREHOUSE_RESOURCES } from '../support/warehousePackage';

const WAREHOUSES = 'site,bay\nWEST,1\nWEST,2\nEAST,2\n';
const PARCELS = 'id,site,bay\np1,WEST,01\np2,,1\np3,EAST,2\np5,EAST,1\n';
const ORPHAN = { start: { line: 4, character: 3 }, end: { line: 4, character: 9 } };

const orphans = (d: PublishedDiagnostics) => d.diagnostics.filter((x) => x.code === 'foreign-key');

describe('foreign keys in the editor', () => {
  let server: LanguageServer;
  const uri = (relative: string) => pathToFileURL(path.join(server.dir, relative)).href;

  before(async () => {
    server = await startLanguageServer({
      workspace: {
        prefix: 'loadline-fk-ls-',
        files: {
          'datapackage.json': JSON.stringify({ resources: WAREHOUSE_RESOURCES }),
          'warehouses.csv': WAREHOUSES,
          'parcels.csv': PARCELS,
          // A contract whose files are a glob: its files are found on disk, unopened, for Find References.
          'shop/.loadline.json': JSON.stringify({
            contracts: [
              { name: 'customers', files: ['customers.csv'], headers: { cid: { constraints: { unique: true } } } },
              { files: ['orders/*.csv'], headers: { oid: {}, cid: { foreignKey: { reference: { resource: 'customers', fields: 'cid' } } } } },
            ],
          }),
          'shop/customers.csv': 'cid\nc1\nc2\n',
          'shop/orders/a.csv': 'oid,cid\no1,c1\n',
          'shop/orders/b.csv': 'oid,cid\no2,c2\no3,c1\n',
          'staff/.loadline.json': JSON.stringify({
            contracts: [{ files: ['staff.csv'], headers: { sid: { type: 'integer' }, boss: { foreignKey: { reference: { resource: '', fields: 'sid' } } } } }],
          }),
        },
      },
    });
  });
  after(() => stopLanguageServer(server));

  it('marks an orphan row on its referencing cells, read against the referenced file on disk', async () => {
    const parcels = uri('parcels.csv');
    const published = server.client.nextDiagnostics(parcels);
    await server.client.open(parcels, PARCELS);
    const found = orphans(await published);
    assert.deepEqual(
      found.map((d) => [d.range, d.message]),
      [[ORPHAN, 'Value ("EAST", 1) of (site, bay) in row 5 is not in warehouses (site, bay)']],
    );
  });

  it('checks the referrers again when the referenced file is edited in the editor, and when it closes', async () => {
    const parcels = uri('parcels.csv');
    const warehouses = uri('warehouses.csv');
    let next = server.client.nextDiagnostics(parcels);
    await server.client.open(warehouses, `${WAREHOUSES}EAST,1\n`);
    assert.deepEqual(orphans(await next), []);
    next = server.client.nextDiagnostics(parcels);
    await server.client.change(warehouses, 'site,bay\nWEST,1\nEAST,1\n', 2);
    assert.deepEqual(
      orphans(await next).map((d) => d.range.start.line),
      [3],
    );
    // Closed unsaved: the disk's keys apply again.
    next = server.client.nextDiagnostics(parcels);
    await server.client.close(warehouses);
    assert.deepEqual(
      orphans(await next).map((d) => d.range),
      [ORPHAN],
    );
  });

  it('checks the referrers again when the referenced file changes on disk (workspace/didChangeWatchedFiles)', async () => {
    const parcels = uri('parcels.csv');
    fs.writeFileSync(path.join(server.dir, 'warehouses.csv'), `${WAREHOUSES}EAST,1\n`);
    const next = server.client.nextDiagnostics(parcels);
    await server.client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('warehouses.csv'), type: 2 }] });
    assert.deepEqual(orphans(await next), []);
    fs.writeFileSync(path.join(server.dir, 'warehouses.csv'), WAREHOUSES);
    const again = server.client.nextDiagnostics(parcels);
    await server.client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('warehouses.csv'), type: 2 }] });
    assert.deepEqual(
      orphans(await again).map((d) => d.range),
      [ORPHAN],
    );
  });

  it('Go to Definition on a referencing cell opens the referenced file at the key cells of the matching row', async () => {
    const definition = (line: number, character: number) =>
      server.client.connection.sendRequest<{ uri: string; range: Range } | null>('textDocument/definition', {
        textDocument: { uri: uri('parcels.csv') },
        position: { line, character },
      });
    // "01" refers to the integer key 1.
    assert.deepEqual(await definition(1, 9), { uri: uri('warehouses.csv'), range: { start: { line: 1, character: 0 }, end: { line: 1, character: 6 } } });
    assert.deepEqual(await definition(3, 4), { uri: uri('warehouses.csv'), range: { start: { line: 3, character: 0 }, end: { line: 3, character: 6 } } });
    // An orphan, a row with a null member, and a cell that is no reference lead nowhere.
    assert.equal(await definition(4, 4), null);
    assert.equal(await definition(2, 4), null);
    assert.equal(await definition(3, 1), null);
  });

  it('hover on a referencing cell shows the reference and whether it resolves', async () => {
    const resolves = await server.client.hover(uri('parcels.csv'), { line: 3, character: 4 });
    assert.match(resolves.contents.value, /Foreign key \(site, bay\) → warehouses \(site, bay\): resolves: row 4 of `warehouses\.csv` holds \("EAST", 2\)\./);
    const orphan = await server.client.hover(uri('parcels.csv'), { line: 4, character: 8 });
    assert.match(
      orphan.contents.value,
      /Foreign key \(site, bay\) → warehouses \(site, bay\): does not resolve: no row of warehouses \(site, bay\) holds \("EAST", 1\)\./,
    );
    const other = await server.client.hover(uri('parcels.csv'), { line: 3, character: 1 });
    assert.doesNotMatch(other.contents.value, /Foreign key/);
  });

  it('Find References on a key cell of the referenced file lists the rows that refer to it, open or on disk', async () => {
    const warehouses = uri('warehouses.csv');
    const references = (line: number, character: number) =>
      server.client.connection.sendRequest<{ uri: string; range: Range }[] | null>('textDocument/references', {
        textDocument: { uri: warehouses },
        position: { line, character },
        context: { includeDeclaration: false },
      });
    await server.client.open(warehouses, WAREHOUSES);
    // "01" refers to the integer key 1; the row with a null member refers to nothing.
    assert.deepEqual(await references(1, 5), [{ uri: uri('parcels.csv'), range: { start: { line: 1, character: 3 }, end: { line: 1, character: 10 } } }]);
    assert.deepEqual(await references(3, 1), [{ uri: uri('parcels.csv'), range: { start: { line: 3, character: 3 }, end: { line: 3, character: 9 } } }]);
    assert.deepEqual(await references(2, 1), []);
    // Closed, parcels.csv is found through the Data Package that names it, and read from the disk.
    const cleared = server.client.nextDiagnostics(uri('parcels.csv'));
    await server.client.close(uri('parcels.csv'));
    await cleared;
    assert.deepEqual(await references(3, 5), [{ uri: uri('parcels.csv'), range: { start: { line: 3, character: 3 }, end: { line: 3, character: 9 } } }]);
  });

  it('Find References lists the rows of unopened files that only a glob of the referring contract names', async () => {
    const customers = uri('shop/customers.csv');
    await server.client.open(customers, 'cid\nc1\nc2\n');
    const found = await server.client.connection.sendRequest<{ uri: string; range: Range }[] | null>('textDocument/references', {
      textDocument: { uri: customers },
      position: { line: 1, character: 1 },
      context: { includeDeclaration: false },
    });
    const cell = (line: number) => ({ start: { line, character: 3 }, end: { line, character: 5 } });
    assert.deepEqual(
      (found ?? []).sort((a, b) => a.uri.localeCompare(b.uri)),
      [
        { uri: uri('shop/orders/a.csv'), range: cell(1) },
        { uri: uri('shop/orders/b.csv'), range: cell(2) },
      ],
    );
  });

  it('a self-reference reads the open buffer itself, and leads to the row in the same file', async () => {
    const staff = uri('staff/staff.csv');
    const published = server.client.nextDiagnostics(staff);
    await server.client.open(staff, 'sid,boss\n1,\n2,1\n3,9\n');
    assert.deepEqual(
      orphans(await published).map((d) => [d.range, d.message]),
      [[{ start: { line: 3, character: 2 }, end: { line: 3, character: 3 } }, 'Value 9 of boss in row 4 is not in this file (sid)']],
    );
    const definition = await server.client.connection.sendRequest('textDocument/definition', {
      textDocument: { uri: staff },
      position: { line: 2, character: 2 },
    });
    assert.deepEqual(definition, { uri: staff, range: { start: { line: 1, character: 0 }, end: { line: 1, character: 1 } } });
    const references = await server.client.connection.sendRequest('textDocument/references', {
      textDocument: { uri: staff },
      position: { line: 1, character: 0 },
      context: { includeDeclaration: false },
    });
    assert.deepEqual(references, [{ uri: staff, range: { start: { line: 2, character: 2 }, end: { line: 2, character: 3 } } }]);
  });
});
