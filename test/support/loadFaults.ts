// What the tests of server-side skips share: a mapped log written beside its .loadline.json, the table read back in
// a stable order, and the rejects file's lines.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { sql } from './mariadb';

/** Writes `mapping` as the folder's .loadline.json and `lines` (objects as JSON) as log.jsonl; returns the log. */
export function writeMappedLog(folder: string, mapping: object, lines: (object | string)[]): string {
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, '.loadline.json'), JSON.stringify(mapping, null, 2));
  const file = path.join(folder, 'log.jsonl');
  fs.writeFileSync(file, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n');
  return file;
}

/** Rows ordered by their first cell (the key), as a model lists them. */
export const compareRows = (a: string[], b: string[]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/** The rows of `select` in database `db`, as cells, ordered by their first cell. */
export function sortedRows<Row extends string[]>(select: string, db: string): Row[] {
  return sql(select, db)
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split('\t') as Row)
    .sort(compareRows);
}

export type RejectLine = { line: number; code?: string; reason: string; text: string };

/** The lines of a rejects file; none when it does not exist. */
export const rejectLines = (file: string): RejectLine[] =>
  fs.existsSync(file)
    ? fs
        .readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as RejectLine)
    : [];
