import { LineFinding, LogLineChecker } from './logLineChecker';
import { IngestMapping } from '../../mapping/ingestMapping';
import { BudgetedKeys } from '../keys/budgetedKeys';
import { LineBatch, readRangeLines, refusedLine } from '../parse/readRange';
import { checkInputUnchanged } from '../source/inputUnchanged';
import { statInput } from '../source/statInput';
import { refuseUtf16 } from '../source/utf16Input';

/** What a check of a whole log counted: its lines, the ones a dry run rejects, the repeats it would skip or update. */
export interface LogCheckCounts {
  lines: number;
  rejected: number;
  duplicates: number;
}

/** How much memory the keys may take before they spill, and where to (tests force a tiny budget). */
export interface KeyBudget {
  /** Bytes of key digests held in memory (KEY_BUDGET_BYTES). */
  bytes?: number;
  /** The folder that holds the spilled keys' own temporary folder (os.tmpdir()). */
  tempRoot?: string;
}

/**
 * Checks a log on disk line for line as `loadline ingest --dry-run` does (the same reader, mapLine and keys),
 * streamed: one read buffer, the longest line and the keys' digests, these within a budget. Findings come in line
 * order. Past the budget (BudgetedKeys) the lines from there on are read twice: once to spill their keys, once,
 * after the repeats are known, to report them (from the read that holds the first of them); nothing of theirs is
 * held in between. A file the dry run refuses (missing, not a regular file, UTF-16) throws its IngestError.
 */
export async function checkLogFile(
  file: string,
  mapping: IngestMapping,
  onFinding: (finding: LineFinding, text: string) => void,
  budget: KeyBudget = {},
): Promise<LogCheckCounts> {
  const stat = statInput(file);
  const size = stat.size;
  refuseUtf16(file, file, 'logs in UTF-8');
  let keys: BudgetedKeys | undefined;
  let checker: LogLineChecker | undefined;
  let bytesRead = 0;
  const counts: LogCheckCounts = { lines: 0, rejected: 0, duplicates: 0 };
  const report = (finding: LineFinding | undefined, text: string) => {
    if (finding?.severity === 'error') counts.rejected++;
    else if (finding) counts.duplicates++;
    if (finding) onFinding(finding, text);
  };
  /** The read that holds the first line past the budget: the second read starts there, not at the file's start. */
  let spillRead: { startByte: number; firstLine: number } | undefined;
  try {
    for await (const batch of readRangeLines(file, { index: 0, start: 0, end: size }, (bytes) => (bytesRead += bytes))) {
      // Sized by the first read's lines, with 5% to spare: the keys' index is then allocated once, not grown (a 1 GiB
      // log's 5.8 million keys take 92 MB so, where growing by half at a time left them in 127 MB).
      keys ??= new BudgetedKeys(Math.ceil((size / bytesRead) * batch.lines.length * 1.05), budget.bytes, budget.tempRoot);
      const check = (checker ??= new LogLineChecker(mapping, keys));
      const spilled = keys;
      checkBatch(batch, 1, check, (line, finding, text) => {
        // Past the budget a line's repeat is not known yet: the second pass reports it, and all else of its lines.
        if (spilled.spilledFrom === 0 || line < spilled.spilledFrom) report(finding, text);
      });
      counts.lines += batch.lines.length;
      if (keys.spilledFrom !== 0) spillRead ??= { startByte: batch.startByte, firstLine: batch.firstLine };
    }
    if (!keys || keys.spilledFrom === 0 || !spillRead) return counts;
    // The second read must see the lines the first one spilled: a log rotated or rewritten in between would not be them.
    checkInputUnchanged(file, stat, 'it was being checked');
    await keys.settle();
    const from = keys.spilledFrom;
    // Numbered from the spill's read on: its lines are the file's from that read's first line.
    const before = spillRead.firstLine - 1;
    for await (const batch of readRangeLines(file, { index: 0, start: spillRead.startByte, end: size })) {
      checkBatch({ ...batch, firstLine: batch.firstLine + before }, from, checker!, (_, finding, text) => report(finding, text));
    }
    return counts;
  } finally {
    keys?.dispose();
  }
}

/** Checks the lines of a batch from line `from` on, in order. */
function checkBatch(batch: LineBatch, from: number, check: LogLineChecker, take: (line: number, finding: LineFinding | undefined, text: string) => void): void {
  const invalid = new Set(batch.invalidUtf8);
  batch.lines.forEach((text, i) => {
    const line = batch.firstLine + i;
    if (line < from) return;
    const refused = refusedLine(batch, invalid, i);
    take(line, refused ? check.reject(line, refused.code, refused.reason) : check.check(line, text), text);
  });
}
