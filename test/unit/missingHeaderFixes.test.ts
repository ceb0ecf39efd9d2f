import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Contract } from '../../shared/src/contract/types';
import { missingHeaderFixes } from '../../shared/src/csv/missingHeaderFixes';

const contract: Contract = { files: ['**'], headers: { shop_id: { required: true }, email: { required: true }, note: { required: false } } };
const apply = (text: string, fix: { offset: number; insert: string }) => text.slice(0, fix.offset) + fix.insert + text.slice(fix.offset);

describe('missingHeaderFixes', () => {
  it('appends each missing required header to the header row, one fix each', () => {
    const text = 'name,note\nAnn,x\n';
    const fixes = missingHeaderFixes(text, contract);
    assert.deepEqual(
      fixes.map((f) => [f.header, f.line, f.insert]),
      [
        ['shop_id', 0, ',shop_id'],
        ['email', 0, ',email'],
      ],
    );
    assert.equal(apply(text, fixes[0]), 'name,note,shop_id\nAnn,x\n');
  });

  it('uses the detected delimiter and keeps CRLF', () => {
    const text = 'name;shop_id\r\nAnn;1\r\n';
    const [fix] = missingHeaderFixes(text, contract);
    assert.equal(apply(text, fix), 'name;shop_id;email\r\nAnn;1\r\n');
  });

  it('finds a header row below leading blank lines', () => {
    const text = '\n\nname,shop_id\nAnn,1\n';
    const [fix] = missingHeaderFixes(text, contract);
    assert.equal(fix.line, 2);
    assert.equal(apply(text, fix), '\n\nname,shop_id,email\nAnn,1\n');
  });

  it('fills the blank last column of a header that ends with a delimiter', () => {
    const text = 'name,shop_id,\nAnn,1,\n';
    const [fix] = missingHeaderFixes(text, contract);
    assert.equal(apply(text, fix), 'name,shop_id,email\nAnn,1,\n');
  });

  it('writes the header of an empty file, after a BOM', () => {
    assert.equal(apply('\ufeff', missingHeaderFixes('\ufeff', contract)[0]), '\ufeffshop_id');
    assert.deepEqual(missingHeaderFixes('shop_id,email\n', contract), []);
  });
});
