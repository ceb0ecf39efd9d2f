import { LineFinding, LogLineChecker } from './logLineChecker';
import { IngestMapping } from '../../mapping/ingestMapping';
import { readRangeLines, refusedLine } from '../parse/readRange';
import { statInput } from '../source/statInput';
import { refuseUtf16 } from '../source/utf16Input';

/** What a check of a whole log counted: its lines, the ones a dry run rejects, the repeats it would skip or update. */
export interface LogCheckCounts {
  lines: number;
  rejected: number;
  duplicates: number;
}

/**
 * Checks a log on disk line for line as `loadline ingest --dry-run` does (the same reader, mapLine and keys),
 * streamed: one read buffer, the longest line and the keys' digests. A file the dry run refuses (missing, not a
 * regular file, UTF-16) throws its IngestError.
 */
export async function checkLogFile(file: string, mapping: IngestMapping, onFinding: (finding: LineFinding, text: string) => void): Promise<LogCheckCounts> {
  const { size } = statInput(file);
  refuseUtf16(file, file, 'logs in UTF-8');
  const checker = new LogLineChecker(mapping);
  const counts: LogCheckCounts = { lines: 0, rejected: 0, duplicates: 0 };
  for await (const batch of readRangeLines(file, { index: 0, start: 0, end: size })) {
    const invalid = new Set(batch.invalidUtf8);
    batch.lines.forEach((text, i) => {
      const line = batch.firstLine + i;
      const refused = refusedLine(batch, invalid, i);
      const finding = refused ? checker.reject(line, refused.code, refused.reason) : checker.check(line, text);
      if (finding?.severity === 'error') counts.rejected++;
      else if (finding) counts.duplicates++;
      if (finding) onFinding(finding, text);
    });
    counts.lines += batch.lines.length;
  }
  return counts;
}
