import { CsvRangeConfig, parseCsvRange } from './parseCsvRange';
import { ParsedRange, ParseHooks } from './parsedRange';
import { parseRange } from './parseRange';
import { ByteRange } from '../plan/planChunks';
import { InputKind } from '../source/inputKind';
import { CsvRangeText } from './csvRangeText';

/** A range of a JSON-lines log through its mapping, or of a CSV through its contract (from `read`, a CSV range's text read already). */
export async function parseAnyRange(
  config: Omit<CsvRangeConfig, 'csv'> & { input: InputKind },
  range: ByteRange,
  hooks: ParseHooks,
  read?: CsvRangeText,
): Promise<ParsedRange> {
  if (config.input.kind === 'log') return parseRange(config, range, hooks);
  const parsed = await parseCsvRange({ ...config, csv: config.input.csv }, range, hooks.isCancelled, read);
  hooks.onProgress(range.end - range.start, parsed.counts.lines);
  return parsed;
}
