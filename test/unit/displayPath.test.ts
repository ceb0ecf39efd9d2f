// The reports show a file below the folder `loadline validate` runs in by its relative path: `..data.csv` was shown
// absolute, as if `..` at its start left the folder.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { displayPath } from '../../cli/src/displayPath';

describe('displayPath', () => {
  const root = '/work/repo';
  for (const name of ['..data.csv', '..x', '...', '.. x', '..\u001b.csv', 'a/..b/c.csv', '...x/..y.csv']) {
    it(`keeps ${JSON.stringify(name)}, a name below the root, relative`, () => {
      assert.equal(displayPath(`${root}/${name}`, root), name);
    });
  }
  for (const outside of ['/work/other/x.csv', '/work/x.csv', '/work', '/', '/work/repo..x/y.csv']) {
    it(`shows ${outside}, outside the root, absolute`, () => {
      assert.equal(displayPath(outside, root), outside);
    });
  }
  it('shows a file in a subfolder by its relative path', () => {
    assert.equal(displayPath('/work/repo/sub/x.csv', root), 'sub/x.csv');
  });
});
