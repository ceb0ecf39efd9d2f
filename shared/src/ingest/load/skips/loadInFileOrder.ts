import type { Connection, RowDataPacket } from 'mysql2/promise';
import type { Query } from '../query';
import { Holder, ParsedRange, UniqueRepeat } from '../../parse/parsedRange';
import { WorkerConfig } from '../../run/protocol';
import { DUPLICATE_KEY_ERRNO, ServerReject, UNIQUE_REPEAT_ERRNO } from './serverRejects';
import { escaperOf, keyExistsSql, valueHeldSql } from '../sql';
import { insertByKey } from '../insertByKey';
import { updateByKey } from '../updateByKey';
import { settleRows } from './settleRows';

/** What the rows loaded in file order became, besides inserted: as loadRange counts the other paths. */
export interface InFileOrder {
  /** Rows whose key the table held (onDuplicate "skip"), or whose row they updated ("update"). */
  duplicates: number;
  rejects: ServerReject[];
  holders: Holder[];
}

/**
 * The rows of a range from its first contested row on (cutInFileOrder), in file order, within the range's
 * transaction, exactly as if the file were loaded line by line. Every earlier range has committed (the key gate
 * holds a contested range until then), so the table says what each earlier line became: a row whose key is there
 * is a duplicate ("skip", unless the server refuses it) or the repeat of that key ("error"); a row whose unique
 * value another row of the table holds repeats it; any other row goes in (or updates its key's row) as
 * insertByKey and updateByKey send it, refused with the server's words if it must be. The rows between two
 * contested ones go in as settleRows sends them.
 */
export async function loadInFileOrder(
  connection: Connection,
  query: Query,
  config: WorkerConfig,
  parsed: ParsedRange,
  rows: Uint32Array,
): Promise<InFileOrder> {
  const { mapping } = config;
  const escape = escaperOf(connection);
  const update = mapping.onDuplicate === 'update';
  const keyRepeats = new Map((parsed.keyRepeats ?? []).map((k) => [k.row, k.reason]));
  const contests = new Map<number, UniqueRepeat[]>();
  for (const u of parsed.uniqueRepeats ?? []) contests.set(u.row, [...(contests.get(u.row) ?? []), u]);
  /** Values taken by rows of this range: a later repeat names their line. */
  const takenAt = new Map<string, number>();
  const done: InFileOrder = { duplicates: 0, rejects: [], holders: [] };
  const hold = (u: UniqueRepeat, line: number) => {
    takenAt.set(`${u.set}\0${u.key}`, line);
    done.holders.push({ set: u.set, key: u.key, line });
  };
  // A contested row that takes none of its values (a duplicate, a reject) holds nothing: a later repeat names what
  // held each value before it, not its line. It may be the first line with the value (a repeat of a row already in
  // the table, line 0), which the finder gives later repeats as their holder.
  const holdsNothing = (row: number) => {
    for (const u of contests.get(row) ?? []) if (!takenAt.has(`${u.set}\0${u.key}`)) hold(u, u.holderLine);
  };
  // The rows up to the next contested one are settled by one multi-row INSERT IGNORE, in file order: none repeats
  // another's unique value (it would be contested), and the first of two equal keys still comes first. Not under
  // a BEFORE trigger (insertByKey), nor for "update" (updateByKey), which decide row by row.
  const batches = !update && !config.beforeTriggers;
  let stretch: number[] = [];
  const settleStretch = async () => {
    if (stretch.length === 0) return;
    const outcome = await settleRows(connection, query, config, { ...parsed.rows, order: Uint32Array.from(stretch) });
    done.duplicates += outcome.duplicates;
    done.rejects.push(...outcome.rejects);
    stretch = [];
  };
  for (const row of rows) {
    if (batches && !contests.has(row) && !keyRepeats.has(row)) {
      stretch.push(row);
      continue;
    }
    await settleStretch();
    const values = parsed.rows.values[row];
    const one = { ...parsed.rows, order: Uint32Array.of(row) };
    if (!update && (await query<RowDataPacket[]>({ sql: keyExistsSql(mapping, values, escape) })).length > 0) {
      const reason = keyRepeats.get(row);
      if (reason !== undefined) done.rejects.push({ row, errno: DUPLICATE_KEY_ERRNO, message: reason });
      else {
        // A duplicate, unless the server refuses the row first (a CHECK), as the rows before the cut are decided.
        const outcome = await insertByKey(connection, query, config, one);
        done.duplicates += outcome.duplicates;
        done.rejects.push(...outcome.rejects);
      }
      holdsNothing(row);
      continue;
    }
    const repeated = await firstHeld(contests.get(row) ?? [], (u) => query<RowDataPacket[]>({ sql: valueHeldSql(mapping, values, u.columns, escape) }));
    if (repeated) {
      const { reason } = repeated.rejectOf(takenAt.get(`${repeated.set}\0${repeated.key}`) ?? repeated.holderLine);
      done.rejects.push({ row, errno: UNIQUE_REPEAT_ERRNO, message: reason });
      holdsNothing(row);
      continue;
    }
    const outcome = update
      ? await updateByKey(connection, query, mapping, one).then((u) => ({ duplicates: u.updated, rejects: u.rejects }))
      : await insertByKey(connection, query, config, one);
    done.duplicates += outcome.duplicates;
    done.rejects.push(...outcome.rejects);
    // A row the table took holds its contested values now: later repeats name its line.
    if (outcome.rejects.length > 0 || (!update && outcome.duplicates > 0)) holdsNothing(row);
    else for (const u of contests.get(row) ?? []) hold(u, parsed.rowLines[row]);
  }
  await settleStretch();
  return done;
}

async function firstHeld(contests: UniqueRepeat[], held: (u: UniqueRepeat) => Promise<RowDataPacket[]>): Promise<UniqueRepeat | undefined> {
  for (const u of contests) if ((await held(u)).length > 0) return u;
  return undefined;
}
