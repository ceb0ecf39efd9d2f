// Foreign keys in the editor on records of several lines and on keys Loadline compares as numbers (hp2527c 17, 05):
// Go to Definition, hover and Find References find the key cell on whatever line of its record it sits; the hover
// names a date key as its cell wrote it.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { LanguageServer, Range, startLanguageServer, stopLanguageServer } from '../support/lspClient';

const WH = 'note,k\n"line1\nline2\nline3",1\nplain,2\n';
const U = 'note,k\n"a\nb",2\nx,1\n';
const DAYS = 'd\n2024-01-02\n';
const VISITS = 'd\n02/01/2024\n03/01/2024\n';

const field = (name: string, type: string, more: object = {}) => ({ name, type, ...more });

describe('foreign keys in the editor: multi-line records and dates', () => {
  let server: LanguageServer;
  const uri = (relative: string) => pathToFileURL(path.join(server.dir, relative)).href;
  const at = (relative: string, line: number, character: number) => ({ textDocument: { uri: uri(relative) }, position: { line, character } });
  const definition = (relative: string, line: number, character: number) =>
    server.client.connection.sendRequest<{ uri: string; range: Range } | null>('textDocument/definition', at(relative, line, character));
  const references = (relative: string, line: number, character: number) =>
    server.client.connection.sendRequest<{ uri: string; range: Range }[] | null>('textDocument/references', {
      ...at(relative, line, character),
      context: { includeDeclaration: false },
    });
  const span = (line: number, from: number, to: number) => ({ start: { line, character: from }, end: { line, character: to } });

  before(async () => {
    const note = field('note', 'string');
    const resources = [
      { name: 'wh', path: 'wh.csv', schema: { fields: [note, field('k', 'integer')], primaryKey: 'k' } },
      {
        name: 'u',
        path: 'u.csv',
        schema: { fields: [note, field('k', 'integer')], foreignKeys: [{ fields: 'k', reference: { resource: 'wh', fields: 'k' } }] },
      },
      { name: 'days', path: 'days.csv', schema: { fields: [field('d', 'date')], primaryKey: 'd' } },
      {
        name: 'visits',
        path: 'visits.csv',
        schema: { fields: [field('d', 'date', { format: '%d/%m/%Y' })], foreignKeys: [{ fields: 'd', reference: { resource: 'days', fields: 'd' } }] },
      },
    ];
    server = await startLanguageServer({
      workspace: {
        prefix: 'loadline-fk-records-',
        files: { 'datapackage.json': JSON.stringify({ resources }), 'wh.csv': WH, 'u.csv': U, 'days.csv': DAYS, 'visits.csv': VISITS },
      },
    });
    const published = server.client.nextDiagnostics(uri('u.csv'));
    await server.client.open(uri('u.csv'), U);
    await published;
  });
  after(() => stopLanguageServer(server));

  it('Go to Definition and hover on a key cell on the second line of its record', async () => {
    assert.deepEqual(await definition('u.csv', 3, 2), { uri: uri('wh.csv'), range: span(3, 7, 8) });
    assert.deepEqual(await definition('u.csv', 2, 3), { uri: uri('wh.csv'), range: span(4, 6, 7) });
    const hover = await server.client.hover(uri('u.csv'), { line: 2, character: 3 });
    assert.match(hover.contents.value, /Foreign key k → wh \(k\): resolves: row 5 of `wh\.csv` holds 2\./);
  });

  it('Find References on a key cell on the third line of its record', async () => {
    const published = server.client.nextDiagnostics(uri('wh.csv'));
    await server.client.open(uri('wh.csv'), WH);
    await published;
    assert.deepEqual(await references('wh.csv', 4, 6), [{ uri: uri('u.csv'), range: span(2, 3, 4) }]);
    assert.deepEqual(await references('wh.csv', 3, 7), [{ uri: uri('u.csv'), range: span(3, 2, 3) }]);
  });

  it('hover names a date key as its cell wrote it, whether it resolves or not (hp2527c 05)', async () => {
    const published = server.client.nextDiagnostics(uri('visits.csv'));
    await server.client.open(uri('visits.csv'), VISITS);
    await published;
    const resolves = await server.client.hover(uri('visits.csv'), { line: 1, character: 2 });
    assert.match(resolves.contents.value, /resolves: row 2 of `days\.csv` holds "02\/01\/2024"\./);
    const orphan = await server.client.hover(uri('visits.csv'), { line: 2, character: 2 });
    assert.match(orphan.contents.value, /does not resolve: no row of days \(d\) holds "03\/01\/2024"\./);
  });
});
