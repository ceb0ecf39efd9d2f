import { once } from 'events';
import { promises as fsp } from 'fs';
import { Socket } from 'net';
import { Readable } from 'stream';
import { escape, escapeId } from 'mysql2';
import { IngestMapping } from '../../mapping/ingestMapping';
import { CancelledError, ParsedRange } from '../parse/parsedRange';
import { EmptyColumns, RawCsvPlan, rawCsvPlan, ServerCast } from '../parse/rawCsvRecords';
import { MAX_LINE_BYTES } from '../../text/lineLimit';
import { WorkerConfig } from '../run/protocol';
import { ByteRange } from '../plan/planChunks';

/**
 * LOAD DATA of a CSV range's own bytes: each header cell into a user variable, each mapped column SET from its
 * cell as the server casts it (ServerCast). An empty cell is NULL, as Table Schema's missing value, and so is a cell
 * that is one of its field's missingValues; LENGTH, not `= ''`, since a PAD SPACE collation finds ' ' equal to ''.
 * IGNORE keeps the first row of a key, as loadDataSql.
 * A text cell that no record of the range leaves empty (`emptyColumns`) and no other column reads loads straight
 * into its column, which the server stores as it would the variable: a variable and a SET for every cell cost
 * the server a fifth more CPU (docs/benchmarks.md, "CSV import, the eighth session").
 */
export function rawCsvSql(mapping: IngestMapping, plan: RawCsvPlan, emptyColumns: EmptyColumns, newline: string, streamName: string): string {
  const readers = new Map<number, number>();
  for (const cell of plan.cells) readers.set(cell, (readers.get(cell) ?? 0) + 1);
  /** Per header cell, the mapped column it loads straight into, if any. */
  const straight = new Map<number, string>();
  const sets: string[] = [];
  mapping.columns.forEach((c, i) => {
    const at = plan.cells[i];
    if (plan.casts[i].kind === 'text' && !emptyColumns[i] && readers.get(at) === 1) straight.set(at, escapeId(c.column));
    else sets.push(`${escapeId(c.column)} = ${castSql(plan.casts[i], nullIfMissing(`@c${at}`, plan.missing[i]))}`);
  });
  const fields = Array.from({ length: plan.headerCells }, (_, i) => straight.get(i) ?? `@c${i}`);
  return (
    `LOAD DATA LOCAL INFILE '${streamName}' IGNORE INTO TABLE ${escapeId(mapping.table)} CHARACTER SET utf8mb4 ` +
    `FIELDS TERMINATED BY ${escape(plan.delimiter)} OPTIONALLY ENCLOSED BY '"' ESCAPED BY '' LINES TERMINATED BY ${escape(newline)} ` +
    `(${fields.join(', ')})${sets.length > 0 ? ` SET ${sets.join(', ')}` : ''}`
  );
}

/** The cell, NULL when empty or one of the field's missing values (BINARY: the token exactly, whatever the collation folds). */
function nullIfMissing(cell: string, missing: ReadonlySet<string>): string {
  const tokens = missing.size > 0 ? ` OR BINARY ${cell} IN (${[...missing].map((token) => escape(token)).join(', ')})` : '';
  return `IF(LENGTH(${cell}) = 0${tokens}, NULL, ${cell})`;
}

function castSql(cast: ServerCast, cell: string): string {
  switch (cast.kind) {
    case 'text':
      return cell;
    case 'boolean':
      // BINARY: the values as written, whatever the collation folds (serverText compares them exactly).
      return `IF(${cell} IS NULL, NULL, IF(BINARY ${cell} IN (${cast.trueValues.map((v) => escape(v)).join(', ')}), 1, 0))`;
    case 'date':
      return `STR_TO_DATE(${cell}, ${escape(cast.format)})`;
    case 'number': {
      const ungrouped = cast.groupChar ? `REPLACE(${cell}, ${escape(cast.groupChar)}, '')` : cell;
      return cast.decimalChar === '.' ? ungrouped : `REPLACE(${ungrouped}, ${escape(cast.decimalChar)}, '.')`;
    }
  }
}

/** The range's bytes as a LOAD DATA stream, a read at a time, waiting while the socket's backlog is large (as tsvPackets). */
export function rangeStream(file: string, range: ByteRange, batchBytes: number, socket: Socket, isCancelled: () => boolean): Readable {
  return Readable.from(rangeReads(file, range, batchBytes, socket, isCancelled), { objectMode: false });
}

async function* rangeReads(file: string, range: ByteRange, batchBytes: number, socket: Socket, isCancelled: () => boolean): AsyncGenerator<Buffer> {
  const handle = await fsp.open(file, 'r');
  try {
    for (let position = range.start; position < range.end;) {
      if (isCancelled()) throw new CancelledError();
      // A fresh buffer each read: mysql2 may still hold the last one in its write queue.
      const buffer = Buffer.allocUnsafe(Math.min(batchBytes, range.end - position));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
      if (bytesRead === 0) break;
      position += bytesRead;
      if (socket.writableLength > SOCKET_BACKLOG_BYTES) await once(socket, 'drain');
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

const SOCKET_BACKLOG_BYTES = 2 << 20;

/**
 * The plan for loading the part's rows as the range's own bytes, or undefined for today's path. Only a whole range
 * in one part whose every record is a row LOAD DATA reads as today's path sends it (`parsed.rawCsv`): no rejects,
 * no blank lines, no repeat left out of the load (onDuplicate "error"). `config.rawCsv` says the table takes rows
 * alike in any order: the bytes go in file order, not sorted by key (docs/ingest-reference.md, "CSV fast path").
 */
export function rawCsvLoadOf(config: WorkerConfig, range: ByteRange, parsed: ParsedRange, partRows: number): RawCsvPlan | undefined {
  if (!config.rawCsv || config.input.kind !== 'csv' || !parsed.rawCsv) return undefined;
  const total = parsed.rows.order.length;
  if (partRows !== total || total !== parsed.counts.lines || parsed.rejects.length > 0 || (parsed.keyRepeats?.length ?? 0) > 0) return undefined;
  if (range.end - range.start > MAX_LINE_BYTES) return undefined;
  return rawCsvPlan(config.input.csv, config.mapping.lineKey === true);
}
