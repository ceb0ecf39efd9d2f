import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Contract } from '../../shared/src/contract/types';
import { validateCsv } from '../../shared/src/csv/check/validateCsv';
import { Problem } from '../../shared/src/problem';

const contract: Contract = {
  files: ['**/*.csv'],
  headers: {
    shop_id: { field: 'id', required: true },
    name: { required: true },
    platinum_member: { required: false },
  },
};

/** [code, line, startChar, endChar] per problem: compact and exact. */
const where = (problems: Problem[]) => problems.map((p) => [p.code, p.range.start.line, p.range.start.character, p.range.end.line, p.range.end.character]);

describe('validateCsv: contract checks', () => {
  it('accepts a clean file', () => {
    const report = validateCsv('shop_id,name,platinum_member\n1,Ann,yes\n2,Bob,no\n', contract);
    assert.deepEqual(report.problems, []);
    assert.equal(report.records, 2);
  });

  it('reports a missing required header on the header line, naming it', () => {
    const report = validateCsv('name,platinum_member\nAnn,yes\n', contract);
    assert.deepEqual(where(report.problems), [['missing-label', 0, 0, 0, 20]]);
    assert.equal(report.problems[0].message, 'Missing required header "shop_id"');
    assert.equal(report.problems[0].header, 'shop_id');
  });

  it('matches headers case-insensitively and ignores surrounding spaces', () => {
    assert.deepEqual(validateCsv('SHOP_ID, Name \n1,Ann\n', contract).problems, []);
  });

  it('points at an empty required cell with a zero-width range and the row as the editor numbers it', () => {
    const report = validateCsv('shop_id,name\n1,Ann\n,Bob\n', contract);
    assert.deepEqual(where(report.problems), [['required', 2, 0, 2, 0]]);
    assert.equal(report.problems[0].message, 'Missing required value shop_id for row 3');
  });

  it('counts a whitespace-only required cell as empty and covers its spaces', () => {
    const report = validateCsv('shop_id,name\n1,   \n', contract);
    assert.deepEqual(where(report.problems), [['required', 1, 2, 1, 5]]);
    assert.equal(report.problems[0].message, 'Missing required value name for row 2');
  });

  it('reports every empty required cell, not just the first', () => {
    const report = validateCsv('shop_id,name,n\n,,1\n,,2\n', contract);
    assert.deepEqual(where(report.problems), [
      ['required', 1, 0, 1, 0],
      ['required', 1, 1, 1, 1],
      ['required', 2, 0, 2, 0],
      ['required', 2, 1, 2, 1],
    ]);
  });

  it('lets allowEmpty columns be blank but still requires the header', () => {
    const relaxed: Contract = { files: ['*'], headers: { note: { required: true, allowEmpty: true } } };
    assert.deepEqual(validateCsv('note,x\n,1\n', relaxed).problems, []);
    assert.deepEqual(where(validateCsv('x\n1\n', relaxed).problems), [['missing-label', 0, 0, 0, 1]]);
  });

  it('checks only structure when no contract applies', () => {
    assert.deepEqual(validateCsv('a,b\n,\n', undefined).problems, []);
  });
});

describe('validateCsv: header checks', () => {
  it('flags duplicate headers (case-insensitive) on the later column', () => {
    const report = validateCsv('id,Name,NAME\n1,a,b\n', undefined);
    assert.deepEqual(where(report.problems), [['duplicate-label', 0, 8, 0, 12]]);
    assert.match(report.problems[0].message, /column 3 repeats column 2/);
  });

  it('flags blank headers with their exact position', () => {
    const report = validateCsv('id,, \n1,2,3\n', undefined);
    assert.deepEqual(where(report.problems), [
      ['blank-label', 0, 3, 0, 3],
      ['blank-label', 0, 4, 0, 5],
    ]);
  });
});

describe('validateCsv: ragged rows', () => {
  it('warns about extra cells from the first extra one to the end of the row', () => {
    const report = validateCsv('a,b\n1,2,3,4\n', undefined);
    assert.deepEqual(where(report.problems), [['extra-cell', 1, 4, 1, 7]]);
    assert.equal(report.problems[0].severity, 'warning');
  });

  it('warns about missing cells at the end of the row and names the first missing column', () => {
    const report = validateCsv('a,b,c\n1\n', undefined);
    assert.deepEqual(where(report.problems), [['missing-cell', 1, 1, 1, 1]]);
    assert.equal(report.problems[0].message, 'Row 2 has 1 cell, the header has 3: b and c are missing');
  });

  it('reports an absent required cell as required too', () => {
    const report = validateCsv('name,shop_id\nAnn\n', contract);
    assert.deepEqual(where(report.problems), [
      ['missing-cell', 1, 3, 1, 3],
      ['required', 1, 3, 1, 3],
    ]);
  });

  it('can raise ragged rows to errors or turn them off', () => {
    assert.equal(validateCsv('a,b\n1\n', undefined, { raggedRows: 'error' }).problems[0].severity, 'error');
    assert.deepEqual(validateCsv('a,b\n1\n', undefined, { raggedRows: 'off' }).problems, []);
  });
});

describe('validateCsv: invalid CSV', () => {
  it('reports an unclosed quote at the opening quote and stops there', () => {
    const report = validateCsv('a,b\n1,"never closed\n2,3\n', undefined);
    assert.deepEqual(where(report.problems), [['invalid-csv', 1, 2, 1, 3]]);
    assert.match(report.problems[0].message, /Unclosed quote/);
  });

  it('reports text after a closing quote', () => {
    const report = validateCsv('a,b\n1,"x"y\n', undefined);
    assert.deepEqual(
      report.problems.map((p) => p.code),
      ['invalid-csv'],
    );
    assert.equal(report.problems[0].range.start.line, 1);
  });

  it('reports a delimiter that cannot be detected', () => {
    const report = validateCsv('a,b;c\nx\ny\nz\n', undefined);
    assert.deepEqual(where(report.problems), [['invalid-csv', 0, 0, 0, 5]]);
    assert.match(report.problems[0].message, /delimiter/);
  });
});

describe('validateCsv: dialects and edge cases', () => {
  it('ignores blank rows, including rows of only delimiters, and keeps line numbers right', () => {
    const report = validateCsv('shop_id,name\n\n1,Ann\n   \n,,\n,Bob\n', contract);
    assert.deepEqual(where(report.problems), [['required', 5, 0, 5, 0]]);
    assert.equal(report.problems[0].message, 'Missing required value shop_id for row 6');
    assert.equal(report.records, 2);
  });

  // frictionless-py reads row 1 as the header whatever it holds (blank-label per column; goodtables' blank-header).
  it('a first row of delimiters only is a header of blank labels, not a blank row: the next line stays data', () => {
    const report = validateCsv('\n,,\n1,Ann,x\n', contract);
    const blank = (column: number) => ['blank-label', 1, column, 1, column];
    const missingOverTheRow = ['missing-label', 1, 0, 1, 2];
    assert.deepEqual(where(report.problems), [blank(0), missingOverTheRow, missingOverTheRow, blank(1), blank(2)]);
    assert.equal(report.records, 1);
    assert.deepEqual(
      where(validateCsv(' ;\t;\n1;2;3\n', undefined, { fileName: 'a.csv' }).problems).map(([code]) => code),
      ['blank-label', 'blank-label', 'blank-label'],
    );
  });

  it('reads past a UTF-8 BOM, and counts it in line-0 positions as hover does (the text holds it)', () => {
    const report = validateCsv('\ufeffname,x\nAnn,1\n', contract);
    assert.deepEqual(where(report.problems), [['missing-label', 0, 1, 0, 7]]);
    assert.deepEqual(where(validateCsv('\ufeffshop_id,name\n,1\n', contract).problems), [['required', 1, 0, 1, 0]]);
  });

  it('reports every required header as missing in an empty or blank file', () => {
    const bothMissing = [
      ['missing-label', 0, 0, 0, 0],
      ['missing-label', 0, 0, 0, 0],
    ];
    assert.deepEqual(where(validateCsv('', contract).problems), bothMissing);
    assert.deepEqual(where(validateCsv('\n\n', contract).problems), bothMissing);
    assert.deepEqual(
      validateCsv('', contract).problems.map((p) => p.header),
      ['shop_id', 'name'],
    );
    assert.deepEqual(validateCsv('', undefined).problems, []);
  });

  it('handles CRLF line endings', () => {
    const report = validateCsv('shop_id,name\r\n1,Ann\r\n2,\r\n', contract);
    assert.deepEqual(where(report.problems), [['required', 2, 2, 2, 2]]);
  });

  it('keeps later positions right after quoted fields holding delimiters and newlines', () => {
    const text = 'shop_id,name\n"1,5","Ann\nSmith\r\nJr"\n"",Bob\n3,"a ""quoted"" name",extra\n';
    const report = validateCsv(text, contract);
    assert.deepEqual(where(report.problems), [
      ['required', 4, 0, 4, 2],
      ['extra-cell', 5, 22, 5, 27],
    ]);
    assert.equal(report.problems[0].message, 'Missing required value shop_id for row 5');
  });

  for (const [name, delimiter] of [
    ['semicolon', ';'],
    ['tab', '\t'],
    ['pipe', '|'],
  ] as const) {
    it(`detects the ${name} delimiter`, () => {
      const text = ['shop_id', 'name'].join(delimiter) + '\n' + ['1', ''].join(delimiter) + '\n' + ['', 'Bob'].join(delimiter) + '\n';
      const report = validateCsv(text, contract);
      assert.equal(report.delimiter, delimiter);
      assert.deepEqual(where(report.problems), [
        ['required', 1, 2, 1, 2],
        ['required', 2, 0, 2, 0],
      ]);
    });
  }

  it('uses tabs for .tsv files even when commas abound', () => {
    const report = validateCsv('shop_id\tname\n1,2\t\n', contract, { fileName: '/x/data.tsv' });
    assert.equal(report.delimiter, '\t');
    assert.deepEqual(where(report.problems), [['required', 1, 4, 1, 4]]);
  });

  it('uses the contract delimiter when it sets one', () => {
    const report = validateCsv('shop_id|name\n1|\n', { ...contract, delimiter: '|' });
    assert.deepEqual(where(report.problems), [['required', 1, 2, 1, 2]]);
  });

  it('handles a single-column file', () => {
    const single: Contract = { files: ['*'], headers: { shop_id: { required: true } } };
    const report = validateCsv('shop_id\n1\n \n2\n', single);
    assert.deepEqual(report.problems, []);
    assert.equal(report.records, 2);
  });

  it('handles a last line without a line break', () => {
    const report = validateCsv('shop_id,name\n1,', contract);
    assert.deepEqual(where(report.problems), [['required', 1, 2, 1, 2]]);
  });

  it('counts UTF-16 characters as LSP does (emoji before a cell)', () => {
    const report = validateCsv('name,shop_id\n😀,\n', contract);
    assert.deepEqual(where(report.problems), [['required', 1, 3, 1, 3]]);
  });
});

describe('validateCsv: the problem cap', () => {
  it('stops at maxProblems and adds one diagnostic counting the rest', () => {
    const text = 'shop_id,name\n' + ',x\n'.repeat(10);
    const report = validateCsv(text, contract, { maxProblems: 3 });
    assert.equal(report.problems.length, 4);
    assert.deepEqual(
      report.problems.slice(0, 3).map((p) => p.range.start.line),
      [1, 2, 3],
    );
    const last = report.problems[3];
    assert.equal(last.code, 'too-many-problems');
    assert.equal(last.range.start.line, 4);
    assert.match(last.message, /^7 more problems not shown/);
    assert.equal(report.hiddenProblems, 7);
  });
});
