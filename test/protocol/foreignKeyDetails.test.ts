// Foreign keys in the editor, the details (issue 27): hover and Go to Definition on the header of a referencing
// column say and open what it refers to; Find References honours `context.includeDeclaration`; a referenced file
// that stops being CSV at a line is one problem on the referencing file, naming it and the line, not an orphan
// for every key it did not read.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { LanguageServer, PublishedDiagnostics, Range, startLanguageServer, stopLanguageServer } from '../support/lspClient';
import { WAREHOUSE_RESOURCES } from '../support/warehousePackage';

const WAREHOUSES = 'site,bay\nWEST,1\nWEST,2\nEAST,2\n';
const PARCELS = 'id,site,bay\np1,WEST,1\np2,WEST,2\np3,EAST,2\np4,EAST,2\np5,EAST,1\n';
/** Line 3 opens a quote that never closes: the rest of the file is one cell, and its keys are not read. */
const UNCLOSED = 'site,bay\nWEST,1\n"WEST,2\nEAST,2\n';
const HEADER: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

const fkProblems = (d: PublishedDiagnostics) => d.diagnostics.filter((x) => x.code === 'foreign-key');

describe('foreign keys in the editor: headers, declarations and unreadable referenced files', () => {
  let server: LanguageServer;
  const uri = (relative: string) => pathToFileURL(path.join(server.dir, relative)).href;
  const definition = (file: string, line: number, character: number) =>
    server.client.connection.sendRequest<unknown>('textDocument/definition', { textDocument: { uri: uri(file) }, position: { line, character } });
  const references = (file: string, line: number, character: number, includeDeclaration: boolean) =>
    server.client.connection.sendRequest<{ uri: string; range: Range }[] | null>('textDocument/references', {
      textDocument: { uri: uri(file) },
      position: { line, character },
      context: { includeDeclaration },
    });

  before(async () => {
    server = await startLanguageServer({
      workspace: {
        prefix: 'loadline-fk-details-',
        files: {
          'datapackage.json': JSON.stringify({ resources: WAREHOUSE_RESOURCES }),
          'warehouses.csv': WAREHOUSES,
          'parcels.csv': PARCELS,
          'staff/.loadline.json': JSON.stringify({
            contracts: [{ files: ['staff.csv'], headers: { sid: { type: 'integer' }, boss: { foreignKey: { reference: { resource: '', fields: 'sid' } } } } }],
          }),
          'broken/datapackage.json': JSON.stringify({ resources: WAREHOUSE_RESOURCES }),
          'broken/warehouses.csv': UNCLOSED,
          'broken/parcels.csv': PARCELS,
        },
      },
    });
  });
  after(() => stopLanguageServer(server));

  it('hover on the header of a referencing column says what it refers to, and in which file', async () => {
    await server.client.open(uri('parcels.csv'), PARCELS);
    const site = await server.client.hover(uri('parcels.csv'), { line: 0, character: 4 });
    assert.match(
      site.contents.value,
      /\n\nForeign key \(site, bay\) → warehouses \(site, bay\) in `warehouses\.csv`: each row's \(site, bay\) must be a key there \(a row with a null member is not checked\)\.$/,
    );
    assert.match(site.contents.value, /^\*\*site\*\* \(column 2\)/);
    const id = await server.client.hover(uri('parcels.csv'), { line: 0, character: 1 });
    assert.doesNotMatch(id.contents.value, /Foreign key/);
  });

  it('Go to Definition on the header of a referencing column opens the referenced file at its header', async () => {
    assert.deepEqual(await definition('parcels.csv', 0, 9), [{ uri: uri('warehouses.csv'), range: HEADER }]);
    assert.equal(await definition('parcels.csv', 0, 1), null);
    // A self-reference: the file's own header.
    const staff = uri('staff/staff.csv');
    await server.client.open(staff, 'sid,boss\n1,\n2,1\n');
    assert.deepEqual(await definition('staff/staff.csv', 0, 6), [{ uri: staff, range: HEADER }]);
    const hover = await server.client.hover(staff, { line: 0, character: 6 });
    assert.match(hover.contents.value, /Foreign key boss → this file \(sid\): each row's boss must be a key there/);
  });

  it('Find References lists the key cell itself with includeDeclaration, and only the referring rows without it', async () => {
    await server.client.open(uri('warehouses.csv'), WAREHOUSES);
    const key = { uri: uri('warehouses.csv'), range: { start: { line: 3, character: 0 }, end: { line: 3, character: 6 } } };
    const referring = (line: number) => ({ uri: uri('parcels.csv'), range: { start: { line, character: 3 }, end: { line, character: 9 } } });
    assert.deepEqual(await references('warehouses.csv', 3, 2, true), [key, referring(3), referring(4)]);
    assert.deepEqual(await references('warehouses.csv', 3, 2, false), [referring(3), referring(4)]);
    // A client that leaves out the context (LSP requires it) gets the referring rows, not an error.
    const withoutContext = await server.client.connection.sendRequest('textDocument/references', {
      textDocument: { uri: uri('warehouses.csv') },
      position: { line: 3, character: 2 },
    });
    assert.deepEqual(withoutContext, [referring(3), referring(4)]);
    // A key nothing refers to is still declared; the header is no key.
    assert.deepEqual(await references('warehouses.csv', 1, 1, true), [
      { uri: uri('warehouses.csv'), range: { start: { line: 1, character: 0 }, end: { line: 1, character: 6 } } },
      referring(1),
    ]);
    assert.deepEqual(await references('warehouses.csv', 0, 1, true), []);
  });

  it('a referenced file that is not CSV from a line on is one problem on the referencing file, naming it and the line', async () => {
    const parcels = uri('broken/parcels.csv');
    const published = server.client.nextDiagnostics(parcels);
    await server.client.open(parcels, PARCELS);
    const found = fkProblems(await published);
    assert.deepEqual(
      found.map((d) => [d.range, d.severity, d.message]),
      [
        [
          { start: { line: 0, character: 0 }, end: { line: 0, character: 11 } },
          1,
          'Cannot check the foreign key (site, bay) against warehouses (site, bay): warehouses.csv is not CSV from line 3 on (Unclosed quote: this quoted field never ends, so the rest of the file is one cell. Close it with "). Correct warehouses.csv at line 3',
        ],
      ],
    );
  });

  it('the same from the referenced file open in the editor; once it is CSV again, its orphans are back', async () => {
    const parcels = uri('broken/parcels.csv');
    const warehouses = uri('broken/warehouses.csv');
    let next = server.client.nextDiagnostics(parcels);
    await server.client.open(warehouses, 'site,bay\nWEST,1\nWEST,2\n"EAST,2\n');
    assert.deepEqual(
      fkProblems(await next).map((d) => [d.range.start.line, d.message.replace(/ \(Unclosed quote.*\)\./, '.')]),
      [
        [
          0,
          'Cannot check the foreign key (site, bay) against warehouses (site, bay): warehouses.csv is not CSV from line 4 on. Correct warehouses.csv at line 4',
        ],
      ],
    );
    next = server.client.nextDiagnostics(parcels);
    await server.client.change(warehouses, WAREHOUSES, 2);
    assert.deepEqual(
      fkProblems(await next).map((d) => d.message),
      ['Value ("EAST", 1) of (site, bay) in row 6 is not in warehouses (site, bay)'],
    );
    // Closed, the disk's text (still not CSV) applies again; fixed on disk, the orphans are back.
    next = server.client.nextDiagnostics(parcels);
    await server.client.close(warehouses);
    assert.match(fkProblems(await next)[0].message, /warehouses\.csv is not CSV from line 3 on/);
    fs.writeFileSync(path.join(server.dir, 'broken', 'warehouses.csv'), WAREHOUSES);
    next = server.client.nextDiagnostics(parcels);
    await server.client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: warehouses, type: 2 }] });
    assert.deepEqual(
      fkProblems(await next).map((d) => d.range.start.line),
      [5],
    );
  });
});
