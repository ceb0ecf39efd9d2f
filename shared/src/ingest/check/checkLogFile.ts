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
  let checker: LogLineChecker | undefined;
  let bytesRead = 0;
  const counts: LogCheckCounts = { lines: 0, rejected: 0, duplicates: 0 };
  for await (const batch of readRangeLines(file, { index: 0, start: 0, end: size }, (bytes) => (bytesRead += bytes))) {
    // Sized by the first read's lines, with 5% to spare: the keys' index is then allocated once, not grown (a 1 GiB
    // log's 5.8 million keys take 92 MB so, where growing by half at a time left them in 127 MB).
    const check = (checker ??= new LogLineChecker(mapping, Math.ceil((size / bytesRead) * batch.lines.length * 1.05)));
    const invalid = new Set(batch.invalidUtf8);
    batch.lines.forEach((text, i) => {
      const line = batch.firstLine + i;
      const refused = refusedLine(batch, invalid, i);
      const finding = refused ? check.reject(line, refused.code, refused.reason) : check.check(line, text);
      if (finding?.severity === 'error') counts.rejected++;
      else if (finding) counts.duplicates++;
      if (finding) onFinding(finding, text);
    });
    counts.lines += batch.lines.length;
  }
  return counts;
}
