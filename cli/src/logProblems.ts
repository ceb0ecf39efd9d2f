import { URI } from 'vscode-uri';
import {
  checkLogFile,
  ContractService,
  counted,
  countPastLimit,
  CSV_FILE_EXTENSIONS,
  findingSpan,
  IngestError,
  IngestMapping,
  isJsonLinesPath,
  isRejectsFile,
  LineFinding,
  LineSpan,
  NOTHING_LISTED,
  pickMapping,
  Problem,
} from '@loadline/shared';
import { FileProblems } from './fileProblems';
import { explainIngestError } from './ingestMessages';
import { UsageError } from './usageError';

/**
 * A JSON-lines log checked line for line as `loadline ingest --dry-run` would load it, through the mapping of the
 * nearest .loadline.json that matches it; a log no declared mapping matches is listed as unchecked, never as
 * passed. Streamed: at most `maxProblems` problems go to `onProblem` as they are found, the rest are counted.
 */
export async function logProblems(
  file: string,
  display: (file: string) => string,
  contracts: ContractService,
  maxProblems: number,
  onProblem: (file: string, problem: Problem) => void,
): Promise<FileProblems> {
  const shown = display(file);
  if (isRejectsFile(file)) return { file: shown, problems: [], unchecked: 'it is a rejects file that Loadline wrote, not a log' };
  const found = await contracts.ingestMappings(URI.file(file));
  if (!found) return { file: shown, problems: [], unchecked: 'no .loadline.json declares a mapping for this log' };
  // The config's own problems are listed with it, and fail the run; the log is an error of it, as a CSV below it is.
  if (!found.ok) {
    const broken = await contracts.brokenFor(URI.file(file));
    if (broken) return { file: shown, problems: [], brokenContract: { file: display(broken.uri.fsPath), problem: broken.problem } };
    return { file: shown, problems: [], unchecked: 'its .loadline.json is broken' };
  }
  const picked = pickMapping(found.mappings, found.below);
  if ('error' in picked || picked.index === -1) return { file: shown, problems: [], unchecked: 'no mapping in its .loadline.json matches this log' };
  const { mapping } = picked;
  let tally = NOTHING_LISTED;
  try {
    await checkLogFile(file, mapping, (finding, text) => {
      const listed = tally.listed;
      tally = countPastLimit(tally, maxProblems, { count: 1, errors: finding.severity === 'error', lineAt: () => finding.line });
      if (tally.listed > listed) onProblem(shown, problemOf(mapping, finding, text));
    });
  } catch (error) {
    if (!(error instanceof IngestError)) throw error;
    // The keys past their memory budget could not spill to disk: no verdict on the log, as for an unwritable report.
    if (error.kind === 'output') {
      const fix = error.data.reason === 'ENOSPC' ? 'Free some space there, or set TMPDIR to a folder with room' : 'Set TMPDIR to a folder you can write to';
      throw new UsageError(`cannot check ${shown}: ${error.message}. ${fix}.`);
    }
    if (error.kind === 'usage') throw new UsageError(`cannot check ${shown}: ${error.message}.`);
    // Its keys spilled, and it was rotated or rewritten before the second read: no verdict rather than a wrong one.
    if (error.data.reason === 'changed') throw new UsageError(`cannot check ${shown}: ${error.message}. Check it again once nothing writes to it.`);
    // A file the dry run refuses whole (UTF-16): one error on its first line, worded as ingest's (the iconv command).
    return { file: shown, problems: [lineProblem(1, 0, 'encoding-error', 'error', explainIngestError(error, undefined))] };
  }
  const problems: Problem[] = [];
  const { hidden, hiddenErrors } = tally;
  if (hidden > 0) {
    // An error among the hidden ones still fails the run, even when every shown problem is information.
    const severity = hiddenErrors > 0 ? 'error' : 'information';
    const message = `${counted(hidden, 'more problem')} not shown (limit ${maxProblems}), ${counted(hiddenErrors, 'error')} among them`;
    problems.push(lineProblem(tally.firstHiddenLine, 0, 'too-many-problems', severity, message));
  }
  return { file: shown, problems, hidden: { error: hiddenErrors, warning: 0, information: hidden - hiddenErrors } };
}

/** A finding where the editor puts it: on the value's token, the parse failure, the object missing a value. */
function problemOf(mapping: IngestMapping, finding: LineFinding, text: string): Problem {
  const span = findingSpan(mapping, text, finding.mapped);
  if (finding.severity === 'error') return spanProblem(finding.line, span, finding.code, 'error', finding.reason);
  const message =
    finding.onDuplicate === 'skip'
      ? `repeats the key of line ${finding.firstLine}; onDuplicate "skip" keeps line ${finding.firstLine} and skips this line`
      : `repeats the key of line ${finding.firstLine}; onDuplicate "update" stores this line's values over it (the last line with the key wins)`;
  return spanProblem(finding.line, span, finding.code, 'information', message);
}

/** A problem on one line (1-based), from `start` to `end` of it. */
const spanProblem = (line: number, { start, end }: LineSpan, code: Problem['code'], severity: Problem['severity'], message: string): Problem => ({
  code,
  severity,
  message,
  range: { start: { line: line - 1, character: start }, end: { line: line - 1, character: end } },
});

/** A problem that names a line, not a place on it. */
const lineProblem = (line: number, length: number, code: Problem['code'], severity: Problem['severity'], message: string): Problem =>
  spanProblem(line, { start: 0, end: length }, code, severity, message);

/**
 * Whether `validate` checks a file as a log: a JSON-lines name, or a name that a mapping's `files` glob takes and
 * no contract does (`app.log`), as the editor and `ingest` take it. Read as a CSV, such a log passed unchecked.
 */
export async function isLogToValidate(file: string, contracts: ContractService, explicitConfig: URI | undefined): Promise<boolean> {
  if (isJsonLinesPath(file)) return true;
  if (CSV_FILE_EXTENSIONS.some((extension) => file.toLowerCase().endsWith(`.${extension}`))) return false;
  const uri = URI.file(file);
  if (await (explicitConfig ? contracts.lookupIn(explicitConfig, uri) : contracts.lookup(uri))) return false;
  const found = await contracts.ingestMappings(uri);
  const picked = found?.ok ? pickMapping(found.mappings, found.below) : undefined;
  return picked !== undefined && 'index' in picked && picked.index >= 0;
}
