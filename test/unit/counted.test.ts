// Counts and their nouns agree (hp22 12), through one helper: counted. The engine's own count messages use it, and
// no source file spells a plural by hand (`n === 1 ? '' : 's'`), so a new message cannot say "1 errors" again.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { counted } from '../../shared/src/text/counted';
import { validateCsv } from '../../shared/src/csv/check/validateCsv';
import { REPO_ROOT } from '../support/run';

describe('counted', () => {
  it('is singular for one, plural for every other count', () => {
    assert.equal(counted(1, 'error'), '1 error');
    assert.equal(counted(0, 'error'), '0 errors');
    assert.equal(counted(2, 'more problem'), '2 more problems');
    assert.equal(counted(1, 'line was', 'lines were'), '1 line was');
    assert.equal(counted(3, 'line was', 'lines were'), '3 lines were');
  });

  it("the checker's count of problems past the limit", () => {
    const contract = { files: ['*.csv'], headers: { id: { type: 'integer' as const } } };
    const hidden = validateCsv('id\nx\ny\n', contract, { maxProblems: 1 }).problems.at(-1);
    assert.equal(hidden?.message, '1 more problem not shown (limit 1)');
  });

  it('no source file spells a plural by hand', () => {
    const byHand: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of fs.readdirSync(path.join(REPO_ROOT, dir), { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (file.endsWith('.ts'))
          fs.readFileSync(path.join(REPO_ROOT, file), 'utf8')
            .split('\n')
            .forEach((line, i) => {
              if (/\? '' : 's'|\? "" : "s"/.test(line)) byHand.push(`${file}:${i + 1}`);
            });
      }
    };
    for (const root of ['shared/src', 'server/src', 'cli/src', 'client/src']) walk(root);
    assert.deepEqual(byHand, [], 'say the count with counted() from shared/src/text/counted.ts');
  });
});
