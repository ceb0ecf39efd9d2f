import { rowKey } from './keyValue';
import { mapLine, RowValues } from '../../mapping/mapLine';
import { ByteRange } from '../plan/planChunks';
import { Reject } from '../reject';
import { WorkerConfig } from '../run/protocol';
import { CancelledError, KeepTexts, ParsedRange, ParseHooks } from './parsedRange';
import { readRangeLines, refusedLine } from './readRange';
import { sortByKey } from './sortByKey';
import { zeroCounts } from '../report';

/** Reads and maps every line of one range: rows to load, rejects with their reasons, blank lines counted. */
export async function parseRange(
  config: Pick<WorkerConfig, 'file' | 'mapping' | 'keyCollations'> & KeepTexts,
  range: ByteRange,
  hooks: ParseHooks,
): Promise<ParsedRange> {
  const counts = zeroCounts();
  const rejects: Reject[] = [];
  const values: RowValues[] = [];
  const keys: string[] = [];
  const rowLines: number[] = [];
  const rowTexts: string[] | undefined = config.mapping.onDuplicate === 'error' || config.keepTexts ? [] : undefined;
  // Keys as the table compares them: 'abc' and 'abc ' are one key to a PAD SPACE column.
  const keyOf = rowKey(config.mapping, config.keyCollations);
  let reportedLines = 0;
  const onBytes = (bytes: number) => {
    hooks.onProgress(bytes, counts.lines - reportedLines);
    reportedLines = counts.lines;
  };
  for await (const batch of readRangeLines(config.file, range, onBytes)) {
    if (hooks.isCancelled()) throw new CancelledError();
    const { firstLine, lines } = batch;
    const invalid = new Set(batch.invalidUtf8);
    for (let i = 0; i < lines.length; i++) {
      counts.lines++;
      const refused = refusedLine(batch, invalid, i);
      const mapped = refused ? ({ kind: 'reject', ...refused } as const) : mapLine(lines[i], config.mapping);
      if (mapped.kind === 'row') {
        values.push(mapped.values);
        keys.push(keyOf(mapped.values));
        rowLines.push(firstLine + i);
        rowTexts?.push(lines[i]);
      } else if (mapped.kind === 'blank') counts.blank++;
      else {
        counts.rejected++;
        rejects.push({ line: firstLine + i, code: mapped.code, reason: mapped.reason, text: lines[i] });
      }
    }
  }
  return { counts, rejects, rows: sortByKey(values, keys), rowLines, ...(rowTexts ? { rowTexts } : {}) };
}
