import type { RejectCode } from './reject';
import { newTableCollations } from './parse/keyCollation';
import { mapLine, RowValues } from '../mapping/mapLine';
import { IngestMapping } from '../mapping/ingestMapping';
import { parseCsvRange } from './parse/parseCsvRange';
import { readLoadableKeys } from './foreignKeys/loadableKeys';
import { referenceCheck } from './foreignKeys/referenceCheck';
import { rejectOrphans } from './foreignKeys/rejectOrphans';
import { InputKind, LOG_INPUT } from './source/inputKind';
import { rowKey } from './parse/keyValue';
import { planCsvRanges } from './plan/planCsvRanges';
import { readRangeLines, refusedLine } from './parse/readRange';
import { statInput } from './source/statInput';

export interface IngestPreview {
  table: string;
  columns: { name: string; sqlType: string }[];
  /** The rows a load of the first lines would write, in file order; `duplicate` when an earlier one has its key. */
  rows: { line: number; values: RowValues; duplicate: boolean }[];
  rejects: { line: number; code: RejectCode; reason: string }[];
  /** Lines (CSV: records) looked at, and whether the file goes on past them. */
  lines: number;
  truncated: boolean;
}

export const PREVIEW_LINES = 1000;
/** A CSV preview reads at most this much: 1,000 records of up to 2 KiB. */
const CSV_PREVIEW_BYTES = 2 << 20;

/**
 * A dry run of the first `limit` lines (or CSV records) of a file: what would land in the table and what would be
 * rejected, without a database. Duplicates are judged as a new table would judge them.
 */
export async function previewIngest(file: string, mapping: IngestMapping, input: InputKind = LOG_INPUT, limit = PREVIEW_LINES): Promise<IngestPreview> {
  const size = statInput(file).size;
  const keyCollations = newTableCollations(mapping);
  const keyOf = rowKey(mapping, keyCollations);
  const seen = new Set<string>();
  const preview: IngestPreview = {
    table: mapping.table,
    columns: mapping.columns.map((c) => ({ name: c.column, sqlType: c.sqlType })),
    rows: [],
    rejects: [],
    lines: 0,
    truncated: false,
  };
  const addRow = (line: number, values: RowValues) => {
    const key = keyOf(values);
    preview.rows.push({ line, values, duplicate: seen.has(key) });
    seen.add(key);
  };
  if (input.kind === 'csv') {
    const { csv } = input;
    const [range] = planCsvRanges(file, size, csv.dataStart, csv.dataLine, CSV_PREVIEW_BYTES, csv.dialect);
    if (!range) return preview;
    // As a dry run, the preview sees no database: the referenced files alone decide each foreign key.
    const references = csv.foreignKeys && referenceCheck(csv.contract, csv.foreignKeys, await readLoadableKeys(file, csv.contract, csv.foreignKeys));
    const parsed = await parseCsvRange({ file, mapping, keyCollations, csv, references }, range, () => false);
    rejectOrphans(parsed, () => false);
    const records = [
      ...parsed.rows.values.map((values, i) => ({ line: parsed.rowLines[i], values })),
      ...parsed.rejects.map((r) => ({ line: r.line, reject: r })),
    ].sort((a, b) => a.line - b.line);
    for (const record of records.slice(0, limit)) {
      if ('reject' in record) preview.rejects.push({ line: record.line, code: record.reject.code, reason: record.reject.reason });
      else addRow(record.line, record.values);
    }
    preview.lines = Math.min(limit, records.length);
    preview.truncated = records.length > limit || range.end < size;
    return preview;
  }
  for await (const batch of readRangeLines(file, { index: 0, start: 0, end: size })) {
    const invalid = new Set(batch.invalidUtf8);
    for (let i = 0; i < batch.lines.length; i++) {
      if (preview.lines === limit) {
        preview.truncated = true;
        return preview;
      }
      preview.lines++;
      const line = batch.firstLine + i;
      // The reader's refusals and the mapping's rejects carry the codes and reasons a real run writes.
      const refused = refusedLine(batch, invalid, i);
      const mapped = refused ? { kind: 'reject' as const, ...refused } : mapLine(batch.lines[i], mapping);
      if (mapped.kind === 'row') addRow(line, mapped.values);
      else if (mapped.kind === 'reject') preview.rejects.push({ line, code: mapped.code, reason: mapped.reason });
    }
  }
  return preview;
}
