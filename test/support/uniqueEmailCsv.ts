// The workspace of the CSV unique-value ingest tests (uniqueRepeats, uniqueRepeatsModel, contestedStretch): a
// contract with the key id, a unique email and an integer v, and t.csv under it.
import * as fs from 'node:fs';
import * as path from 'node:path';

export type UniqueEmailRow = [id: string, email: string, v: string];

const CONTRACT = {
  contracts: [
    {
      files: ['*.csv'],
      headers: { id: { required: true }, email: { constraints: { unique: true } }, v: { type: 'integer' } },
      schema: { fields: [], primaryKey: ['id'] },
    },
  ],
};

/** `folder` with the contract and t.csv, whose lines after the header are `body` (rows, or their text): t.csv's path. */
export function writeUniqueEmailCsv(folder: string, body: UniqueEmailRow[] | string): string {
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, '.loadline.json'), JSON.stringify(CONTRACT));
  const file = path.join(folder, 't.csv');
  fs.writeFileSync(file, 'id,email,v\n' + (typeof body === 'string' ? body : body.map((r) => r.join(',') + '\n').join('')));
  return file;
}
