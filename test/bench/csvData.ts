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
  if (fs.existsSync(file) && fs.statSync(file).size > rows * 40) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const out = fs.openSync(file, 'w');
  let chunk = 'shop_id,shop_name,email,platinum_member,amount\n';
  for (let i = 1; i <= rows; i++) {
    const name = i % 10 === 0 ? `"Shop ${i}, Ltd"` : `Shop ${i}`;
    const email = i % 1000 === 0 ? '' : `owner${i}@example.com`;
    chunk += `${i},${name},${email},${i % 3 === 0 ? 'yes' : 'no'},${(i % 9973) / 100}\n`;
    if (chunk.length > 1 << 20) {
      fs.writeSync(out, chunk);
      chunk = '';
    }
  }
  fs.writeSync(out, chunk);
  fs.closeSync(out);
}
