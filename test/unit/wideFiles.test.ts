// Issue 22, "crash and hang": a CSV of 100,000 columns took 281 s to check, the time growing with the square of
// the column count. Each step a wide file goes through must be linear in it. Wall-clock times on a loaded machine
// swing tenfold from run to run (and a check of a few thousand columns fits in the caches, one of tens of thousands
// does not), so each step's work is counted instead, at N and 4N columns in the same test: the elements that array
// scans and copies go over, and the string searches and trims. Linear gives a ratio of about 4, quadratic about 16;
// past 8 the test fails. A property checks that what the checker reports of a wide header and row is what a
// plain, obviously right model says.
import assert from 'node:assert/strict';
import { describe, it, TestContext } from 'node:test';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver';
import { quickFixes } from '../../server/src/handlers/codeActions';
import { normalizeLabel } from '../../shared/src/contract/normalizeLabel';
import { Contract, HeaderRule } from '../../shared/src/contract/types';
import { ProblemSink } from '../../shared/src/csv/check/problemSink';
import { RecordMemo } from '../../shared/src/csv/check/recordMemo';
import { validateCsv } from '../../shared/src/csv/check/validateCsv';
import { missingHeaderFixes } from '../../shared/src/csv/missingHeaderFixes';
import { FieldsMatch, SchemaField } from '../../shared/src/schema/tableSchema';
import { fuzz } from '../support/fuzz';

const N = 2_000;
/** Linear is about 4; quadratic about 16. */
const MOST_RATIO = 8;
/** The quick fixes' work per column: a few passes over the contract, the header and the diagnostics. */
const PER_COLUMN_FIXES = 100;

const labels = (n: number) => Array.from({ length: n }, (_, i) => `col_${i}`);
/** One header with a repeated label every 1,000 columns, and one data row with a bad integer every 7th cell. */
function wideCsv(n: number): string {
  const header = labels(n).map((label, i) => (i % 1000 === 999 ? `col_${i - 1}` : label));
  const row = labels(n).map((_, i) => (i % 7 === 0 ? 'x' : String(i)));
  return `${header.join(',')}\n${row.join(',')}\n`;
}
/** Header rules for every column (required integers), and ten required headers the file lacks. */
function headersContract(n: number): Contract {
  const headers: Record<string, HeaderRule> = {};
  for (const label of labels(n)) headers[label] = { type: 'integer', required: true };
  for (let i = 0; i < 10; i++) headers[`missing_${i}`] = { required: true };
  return { files: ['*.csv'], headers };
}
/** A Table Schema of every column and ten more, matched as `fieldsMatch` says, with all its fields one unique key. */
function schemaContract(n: number, fieldsMatch: FieldsMatch): Contract {
  const fields: SchemaField[] = labels(n).map((name) => ({ name, type: 'integer', constraints: { required: true } }));
  for (let i = 0; i < 10; i++) fields.push({ name: `missing_${i}`, type: 'string' });
  return { files: ['*.csv'], schema: { fields, fieldsMatch, uniqueKeys: [fields.map((f) => f.name)] } };
}

const ARRAY_SCANS = ['find', 'findIndex', 'some', 'every', 'filter', 'indexOf', 'includes', 'map', 'forEach'] as const;
const STRING_SEARCHES = ['trim', 'toLowerCase', 'includes', 'startsWith', 'indexOf'] as const;

/**
 * The work `run` does, counted while it runs: the length of every array it scans, the length of every slice it
 * copies, one for every string search or trim, and one for every problem added (shown or only counted). The run
 * is synchronous, so nothing else is counted.
 */
function countWork(run: () => unknown): number {
  let work = 0;
  const restore: (() => void)[] = [];
  const patch = (prototype: object, name: string, cost: (self: { length: number }, result: unknown) => number) => {
    const methods = prototype as Record<string, (...args: unknown[]) => unknown>;
    const original = methods[name];
    methods[name] = function (this: { length: number }, ...args: unknown[]) {
      const result = Reflect.apply(original, this, args);
      work += cost(this, result);
      return result;
    };
    restore.push(() => (methods[name] = original));
  };
  for (const name of ARRAY_SCANS) patch(Array.prototype, name, (self) => self.length);
  patch(Array.prototype, 'slice', (_, result) => (result as unknown[]).length);
  for (const name of STRING_SEARCHES) patch(String.prototype, name, () => 1);
  patch(ProblemSink.prototype, 'add', () => 1);
  try {
    run();
  } finally {
    for (let i = 0; i < restore.length; i++) restore[i]();
  }
  return work;
}

/** `step(n)` prepares the inputs of n columns and returns the work to count; `perColumn`, the most work per column. */
function assertLinear(t: TestContext, step: (n: number) => () => unknown, perColumn = Infinity): void {
  const small = countWork(step(N));
  const large = countWork(step(4 * N));
  const ratio = large / small;
  const counted = `${N} columns: ${small} operations, ${4 * N} columns: ${large}, ${ratio.toFixed(1)} times as many (linear: about 4)`;
  t.diagnostic(counted);
  assert.ok(ratio < MOST_RATIO, counted);
  assert.ok(large < perColumn * 4 * N, `${counted}: more than ${perColumn} per column`);
}

describe('wide files: every step is linear in the column count', () => {
  it('validate with header rules (binding, missing and duplicate headers, typed cells)', (t) => {
    assertLinear(t, (n) => {
      const csv = wideCsv(n);
      const contract = headersContract(n);
      return () => validateCsv(csv, contract);
    });
  });

  for (const match of ['exact', 'equal'] as const) {
    it(`validate with a Table Schema, fieldsMatch "${match}" and a unique key of every field`, (t) => {
      assertLinear(t, (n) => {
        const csv = wideCsv(n);
        const contract = schemaContract(n, match);
        return () => validateCsv(csv, contract, { maxProblems: Infinity });
      });
    });
  }

  it('validate without a contract, with many short rows (the missing-cell message)', (t) => {
    assertLinear(t, (n) => {
      const csv = `${labels(n).join(',')}\n${'1\n'.repeat(n / 10)}`;
      return () => validateCsv(csv, undefined, { maxProblems: Infinity });
    });
  });

  it('validate with header rules, with many short rows (each missing required value)', (t) => {
    assertLinear(t, (n) => {
      const csv = `${labels(n).join(',')}\n${'1\n'.repeat(n / 10)}`;
      const contract = headersContract(n);
      return () => validateCsv(csv, contract);
    });
  });

  it('the editor: a check that builds on the last one (the record memo)', (t) => {
    assertLinear(t, (n) => {
      const csv = wideCsv(n);
      const contract = headersContract(n);
      const memo = new RecordMemo();
      validateCsv(csv, contract, { memo });
      return () => validateCsv(`${csv}${'1,'.repeat(n - 1)}1\n`, contract, { memo });
    });
  });

  // At most maxProblems fixes (1,000) are offered; each searched every diagnostic, 1,000 times the work of one pass.
  it('the quick fixes for missing headers, each with its diagnostics', (t) => {
    assertLinear(
      t,
      (n) => {
        // A header row that has none of the contract's n required headers.
        const csv = 'other\n1\n';
        const contract = headersContract(n);
        const document = TextDocument.create('file:///wide.csv', 'csv', 1, csv);
        const diagnostics: Diagnostic[] = validateCsv(csv, contract, { maxProblems: Infinity })
          .problems.filter((p) => p.code === 'missing-label')
          .map((p) => ({ range: p.range, message: p.message, code: p.code }));
        assert.equal(diagnostics.length, n + 10);
        // Each fix still carries the one diagnostic that names its header (found from the message: no `data` here).
        const fixes = quickFixes(document, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, diagnostics, contract, 'wide.csv');
        assert.ok(fixes.every((fix) => fix.diagnostics?.length === 1 && fix.diagnostics[0].message.includes(`"${fix.title.split('"')[1]}"`)));
        return () => quickFixes(document, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, diagnostics, contract, 'wide.csv');
      },
      PER_COLUMN_FIXES,
    );
  });

  it('the header fixes alone', (t) => {
    assertLinear(t, (n) => {
      const csv = wideCsv(n);
      const contract = headersContract(n);
      return () => missingHeaderFixes(csv, contract, 'wide.csv');
    });
  });
});

/** A problem as the model predicts it: its code, its line and the cell it points at, and the header it names. */
const key = (code: string, line: number, cell: number, header = '') => `${code} ${line}:${cell} ${header}`;

/**
 * The model: the rules of docs/contracts.md written out plainly, one nested loop at a time (this is what the
 * checker did before it was made linear, and what it must still agree with).
 */
function modelProblems(header: string[], row: string[], contract: Contract): string[] {
  const out: string[] = [];
  const norm = header.map(normalizeLabel);
  const fields = contract.schema && typeof contract.schema === 'object' ? contract.schema.fields : [];
  const match = contract.schema && typeof contract.schema === 'object' ? contract.schema.fieldsMatch : undefined;
  header.forEach((label, i) => {
    if (norm[i] === '') out.push(key('blank-label', 0, i));
    else if (norm.indexOf(norm[i]) < i) out.push(key('duplicate-label', 0, i));
  });
  if (match === 'exact' || match === 'equal' || match === 'superset') {
    header.forEach((_, i) => {
      if (norm[i] === '') return;
      if (match !== 'exact') {
        if (!fields.some((f) => normalizeLabel(f.name) === norm[i])) out.push(key('extra-label', 0, i));
      } else if (i >= fields.length) out.push(key('extra-label', 0, i));
      else if (normalizeLabel(fields[i].name) !== norm[i]) out.push(key('incorrect-label', 0, i));
    });
  }
  // Rules by label: a schema's fields, or header rules (the property writes one or the other).
  const rules: { label: string; required: boolean; integer: boolean; headerRequired: boolean }[] = [
    ...fields.map((f) => ({
      label: f.name,
      required: f.constraints?.required === true,
      integer: f.type === 'integer',
      headerRequired: f.constraints?.required === true,
    })),
    ...Object.entries(contract.headers ?? {}).map(([label, r]) => ({
      label,
      required: r.required === true,
      integer: r.type === 'integer',
      headerRequired: r.required === true,
    })),
  ];
  const present = (label: string) => norm.includes(normalizeLabel(label));
  const missing = rules.filter((r) => r.headerRequired && !present(r.label)).map((r) => r.label);
  const anyField = fields.some((f) => present(f.name));
  if (match === 'exact' || match === 'equal' || match === 'subset' || (match === 'partial' && !anyField)) {
    for (const f of fields) if (!present(f.name) && !missing.some((m) => normalizeLabel(m) === normalizeLabel(f.name))) missing.push(f.name);
  }
  for (const name of missing) out.push(key('missing-label', 0, 0, name));
  // A row of empty cells is blank: it is not checked.
  if (row.every((cell) => cell === '')) return out.sort();
  for (const r of rules) {
    if (!r.required && !r.integer) continue;
    const i = norm.indexOf(normalizeLabel(r.label));
    if (i === -1) continue;
    const cell = row[i];
    if (cell === '') {
      if (r.required) out.push(key('required', 1, i));
    } else if (r.integer && !/^-?\d+$/.test(cell)) out.push(key('type-error', 1, i));
  }
  return out.sort();
}

/** What the checker reports, as the model states it: the cell is found from the problem's column. */
function checkerProblems(header: string[], row: string[], contract: Contract): string[] {
  const csv = `${header.join(',')}\n${row.join(',')}\n`;
  const cellOf = (cells: string[]) => {
    const starts: number[] = [];
    let at = 0;
    for (const cell of cells) {
      starts.push(at);
      at += cell.length + 1;
    }
    return (character: number) => {
      let i = starts.length - 1;
      while (starts[i] > character) i--;
      return i;
    };
  };
  const cells = [cellOf(header), cellOf(row)];
  return validateCsv(csv, contract, { maxProblems: Infinity })
    .problems.map((p) => {
      const line = p.range.start.line;
      const cell = p.code === 'missing-label' ? 0 : cells[line](p.range.start.character);
      return key(p.code, line, cell, p.header);
    })
    .sort();
}

/** Labels from a small pool, in any case and with spaces around, so that repeats, blanks and near misses are common. */
const label = (pool: number): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 1, arbitrary: fc.constant('') },
    {
      weight: 12,
      arbitrary: fc
        .tuple(fc.nat(pool - 1), fc.boolean(), fc.boolean())
        .map(([k, upper, padded]) => `${padded ? ' ' : ''}${upper ? 'C' : 'c'}${k}${padded ? ' ' : ''}`),
    },
  );
const cellValue = fc.constantFrom('', '7', '-12', 'x', '1.5', 'abc');

const wideTable = fc.integer({ min: 1, max: 1500 }).chain((width) => {
  const pool = Math.max(2, Math.ceil(width * 0.8));
  return fc.record({
    header: fc.array(label(pool), { minLength: width, maxLength: width }),
    row: fc.array(cellValue, { minLength: width, maxLength: width }),
    rules: fc.array(fc.tuple(fc.nat(pool + 5), fc.boolean(), fc.boolean()), { maxLength: width }),
    mode: fc.constantFrom<FieldsMatch | 'headers' | 'schema'>('headers', 'schema', 'exact', 'equal', 'subset', 'superset', 'partial'),
  });
});

describe('wide files: the checker agrees with a plain model', () => {
  it('property: header problems, missing and extra labels, fieldsMatch and typed cells of wide tables', () => {
    fc.assert(
      fc.property(wideTable, ({ header, row, rules, mode }) => {
        // A header of blank labels only is a blank line, not a header.
        if (!header.some((l) => l !== '')) header[0] = 'c0';
        // One rule per name: the first one drawn.
        const byName = new Map<string, { required: boolean; integer: boolean }>();
        for (const [k, required, integer] of rules) if (!byName.has(`c${k}`)) byName.set(`c${k}`, { required, integer });
        let contract: Contract;
        if (mode === 'headers') {
          const headers: Record<string, HeaderRule> = {};
          for (const [name, r] of byName) headers[name] = { required: r.required, ...(r.integer ? { type: 'integer' as const } : {}) };
          contract = { files: ['*.csv'], delimiter: ',', headers };
        } else {
          const fields: SchemaField[] = [...byName].map(([name, r]) => ({
            name,
            type: r.integer ? 'integer' : 'string',
            ...(r.required ? { constraints: { required: true } } : {}),
          }));
          contract = { files: ['*.csv'], delimiter: ',', schema: { fields, ...(mode === 'schema' ? {} : { fieldsMatch: mode }) } };
        }
        assert.deepEqual(checkerProblems(header, row, contract), modelProblems(header, row, contract));
      }),
      fuzz(40),
    );
  });
});
