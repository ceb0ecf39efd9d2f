// What the tests of server-side skips share: a mapped log written beside its .loadline.json, the table read back in
// a stable order, and the rejects file's lines.
import assert from 'node:assert/strict';
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

export type RejectLine = { line: number; code: string; reason: string; text: string };

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

/** What a model of a load expects: its counts, and each rejected line with who refused it. */
export interface ExpectedLoad {
  counts: Record<string, number>;
  rejects: Map<number, 'parse' | 'server'>;
}

/**
 * The report's counts equal the model's and balance; the rejects file holds exactly the model's lines, each with
 * its text, and a line the server refused carries `server-rejected` and the server's words (`serverWords`).
 */
export function assertLoadMatches(
  report: Record<string, unknown> | undefined,
  rejectsFile: string,
  file: string,
  expected: ExpectedLoad,
  serverWords: RegExp[],
): void {
  assert.ok(report, 'a JSON report');
  for (const [key, count] of Object.entries(expected.counts)) assert.equal(report[key], count, key);
  assert.equal(report.balanced, true);
  const rejects = rejectLines(rejectsFile);
  assert.deepEqual(
    rejects.map((r) => r.line),
    [...expected.rejects.keys()].sort((a, b) => a - b),
  );
  const text = fs.readFileSync(file, 'utf8').split('\n');
  for (const r of rejects) {
    assert.equal(r.text, text[r.line - 1], `line ${r.line}'s text`);
    if (expected.rejects.get(r.line) === 'server') {
      assert.equal(r.code, 'server-rejected', `line ${r.line}`);
      for (const words of serverWords) assert.match(r.reason, words, `line ${r.line}`);
    } else assert.notEqual(r.code, 'server-rejected');
  }
}
