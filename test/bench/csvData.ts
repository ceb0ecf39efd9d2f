import * as fs from 'node:fs';
import * as path from 'node:path';
import { Contract } from '../../shared/src/contract/types';

export const BENCH_CONTRACT: Contract = {
  files: ['**/*.csv'],
  headers: { shop_id: { field: 'id', required: true }, email: { required: true }, platinum_member: {} },
};

/**
 * A deterministic CSV of `rows` records, about 50 bytes each: two required columns, one in ten names quoted
 * with a comma inside, and one record in a thousand missing a required value.
 */
export function writeBenchCsv(file: string, rows: number): void {
  writeRows(file, rows, 40, 'shop_id,shop_name,email,platinum_member,amount', (i) => {
    const name = i % 10 === 0 ? `"Shop ${i}, Ltd"` : `Shop ${i}`;
    const email = i % 1000 === 0 ? '' : `owner${i}@example.com`;
    return `${i},${name},${email},${i % 3 === 0 ? 'yes' : 'no'},${(i % 9973) / 100}`;
  });
}

/** Writes `header` and rows 1…`rows` in 1 MB pieces, unless the file is there already (at least `minBytesPerRow` a row). */
function writeRows(file: string, rows: number, minBytesPerRow: number, header: string, rowAt: (i: number) => string): void {
  if (fs.existsSync(file) && fs.statSync(file).size > rows * minBytesPerRow) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const out = fs.openSync(file, 'w');
  let chunk = `${header}\n`;
  for (let i = 1; i <= rows; i++) {
    chunk += `${rowAt(i)}\n`;
    if (chunk.length > 1 << 20) {
      fs.writeSync(out, chunk);
      chunk = '';
    }
  }
  fs.writeSync(out, chunk);
  fs.closeSync(out);
}

/** The typed contract of the Table Schema benchmark: eight columns, each with a type and most with a constraint. */
export const TYPED_CONTRACT: Contract = {
  files: ['**/*.csv'],
  headers: {
    id: { type: 'integer', constraints: { required: true, unique: true } },
    amount: { type: 'number', groupChar: "'" },
    joined: { type: 'date', format: '%d/%m/%Y' },
    seen_at: { type: 'datetime' },
    active: { type: 'boolean' },
    tier: { type: 'string', constraints: { enum: ['gold', 'silver', 'bronze'] } },
    code: { type: 'string', constraints: { pattern: '[A-Z]{2}-[0-9]{4}' } },
    email: { type: 'string', format: 'email' },
  },
};

const TIERS = ['gold', 'silver', 'bronze'];
/** One bad cell per thousand rows (about 0.1% of rows, 0.0125% of cells), in a different column each time. */
const BAD_CELLS = ['12x', "1'2'3.x", '31/02/2024', '2024-13-01T00:00:00Z', 'maybe', 'platinum', 'ab-12', 'no-at-sign', '7'];

/** A deterministic CSV for TYPED_CONTRACT, about 100 bytes a row. */
export function writeTypedCsv(file: string, rows: number): void {
  writeRows(file, rows, 80, 'id,amount,joined,seen_at,active,tier,code,email', (i) => {
    const cells = [
      String(i),
      `${Math.floor(i / 7) % 1000}'${String(i % 1000).padStart(3, '0')}.${i % 100}`,
      `${String((i % 28) + 1).padStart(2, '0')}/${String((i % 12) + 1).padStart(2, '0')}/${2000 + (i % 25)}`,
      `20${String(i % 25).padStart(2, '0')}-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}T${String(i % 24).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00Z`,
      i % 2 === 0 ? 'true' : 'false',
      TIERS[i % 3],
      `${String.fromCharCode(65 + (i % 26))}${String.fromCharCode(65 + ((i >> 3) % 26))}-${String(i % 10000).padStart(4, '0')}`,
      `user${i}@example.com`,
    ];
    if (i % 1000 === 0) {
      const column = (i / 1000) % 8;
      // Column 0 repeats an earlier id: the unique check's case.
      cells[column] = column === 0 ? BAD_CELLS[8] : BAD_CELLS[column];
    }
    return cells.join(',');
  });
}
