import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cellAt } from '../../shared/src/csv/cellAt';
import { locateCells } from '../../shared/src/csv/cells';
import { LineCursor } from '../../shared/src/text/lineCursor';

describe('locateCells', () => {
  it('finds quoted cells holding delimiters and doubled quotes', () => {
    const text = 'a,"b,""c""",,d';
    assert.deepEqual(locateCells(text, 0, text.length, ','), [
      { start: 0, end: 1 },
      { start: 2, end: 11 },
      { start: 12, end: 12 },
      { start: 13, end: 14 },
    ]);
  });
});

describe('LineCursor', () => {
  it('counts \\n, \\r\\n and lone \\r as line breaks, forwards and after a step back', () => {
    const lines = new LineCursor('a\r\nb\rc\nd');
    assert.deepEqual(lines.positionAt(8), { line: 3, character: 1 });
    assert.deepEqual(lines.positionAt(4), { line: 1, character: 1 });
    assert.deepEqual(lines.positionAt(6), { line: 2, character: 1 });
  });
});

describe('cellAt', () => {
  const contract = { files: ['*'], headers: { shop_id: { field: 'id', required: true } } };
  it('names the column under the cursor and its rule', () => {
    const text = 'name,Shop_ID\nAnn,42\n';
    const cell = cellAt(text, text.indexOf('42') + 1, contract);
    assert.equal(cell?.column, 1);
    assert.equal(cell?.label, 'Shop_ID');
    assert.equal(cell?.rule?.rule.required, true);
    assert.equal(cell?.rule?.mapsTo, 'id');
    assert.deepEqual([cell?.start, cell?.end], [17, 19]);
  });

  it('reads a record whole: on the continuation line of a multi-line quoted cell, the columns are those of its record', () => {
    const text = 'shop_id,"note\non two lines",email\n1,"first\nsecond, with a comma",a@x.io\n2,plain,b@x.io\n';
    const on = (needle: string) => cellAt(text, text.indexOf(needle) + 1, contract);
    assert.deepEqual([on('second')?.column, on('second')?.label], [1, 'note\non two lines']);
    assert.deepEqual([on('a@x')?.column, on('a@x')?.label], [2, 'email']);
    assert.deepEqual([on('b@x')?.column, on('plain')?.column, on('2,')?.label], [2, 1, 'shop_id']);
    const quoted = on('second')!;
    assert.equal(text.slice(quoted.start, quoted.end), '"first\nsecond, with a comma"');
  });

  it('has no rule for a column outside the contract', () => {
    const cell = cellAt('name,shop_id\nAnn,42\n', 14, contract);
    assert.equal(cell?.label, 'name');
    assert.equal(cell?.rule, undefined);
  });
});
