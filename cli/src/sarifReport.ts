import * as path from 'path';
import { URI } from 'vscode-uri';
import { counted, Problem } from '@loadline/shared';
import { FileEnd, inCliTerms, ReportWriter, RunTotals, uncheckedEntry, warningsOverLimit } from './fileProblems';
import { PROBLEM_CODES } from './problemCodes';
import { INFORMATION_URI, VERSION } from './version';

// SARIF 2.1.0 (https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html): columns count UTF-16 code units,
// as LSP positions do (the run says so in columnKind), and an end column is the one after the region.
const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const LEVEL = { error: 'error', warning: 'warning', information: 'note' } as const;
type Level = (typeof LEVEL)[keyof typeof LEVEL];
/** Relative locations resolve against this base: the folder `loadline validate` ran in. */
const BASE = 'SRCROOT';
/**
 * GitHub code scanning rejects a run of more results (and shows the first 5,000 by severity):
 * https://docs.github.com/en/code-security/code-scanning/troubleshooting-sarif-uploads/results-exceed-limit.
 * The other limits there (20 runs, 25,000 rules, 1,000 locations per result) are far above what one run holds.
 */
const MOST_SARIF_RESULTS = 25_000;

const RULE_IDS = Object.keys(PROBLEM_CODES) as Problem['code'][];
type Result = ReturnType<typeof result> & { seq: number };

/**
 * One SARIF run: a rule per problem code, a result per problem, located in the file it was found in. Past
 * MOST_SARIF_RESULTS, the most severe are kept (an error displaces a kept note or warning) and the others only
 * counted: the run says how many were left out, in a tool notification and in its properties.
 */
export class SarifReport implements ReportWriter {
  private readonly kept: Record<Level, Result[]> = { error: [], warning: [], note: [] };
  private readonly leftOut: Record<Level, number> = { error: 0, warning: 0, note: 0 };
  private seq = 0;
  /** The files the check failed on (internal errors) or could not read: each is a notification, and the run did not succeed. */
  private readonly failures: ReturnType<typeof failureNotice>[] = [];
  /** The files not checked for no fault (a log no mapping matches): a note each, and the run still succeeded. */
  private readonly notes: ReturnType<typeof failureNotice>[] = [];

  problem(file: string, p: Problem): void {
    const level = LEVEL[p.severity];
    const seq = this.seq++;
    // Past the limit, a result is built only when it displaces a weaker one: a run of a million problems made a
    // million results here, and peaked at 1.2 GB where the other formats took 0.7 GB.
    const weaker =
      seq < MOST_SARIF_RESULTS ? undefined : (['note', 'warning'] as const).find((l) => l !== level && this.kept[l].length > 0 && rank(l) < rank(level));
    if (seq >= MOST_SARIF_RESULTS) {
      this.leftOut[weaker ?? level]++;
      if (!weaker) return;
      this.kept[weaker].pop();
    }
    this.kept[level].push({ ...result(file, inCliTerms(p)), seq });
  }

  add({ file, internalError, unreadable, unchecked }: FileEnd): void {
    const failure = internalError ?? unreadable;
    if (failure) this.failures.push(failureNotice(file, failure));
    const note = uncheckedEntry({ unchecked });
    if (note) this.notes.push(failureNotice(file, note.message, 'note'));
  }

  end(totals: RunTotals): string {
    const overLimit = warningsOverLimit(totals);
    // More warnings than --max-warnings fail the run (exit 1): a notification says why, as for a file not checked.
    const failures = overLimit ? [...this.failures, { level: 'error' as const, message: { text: overLimit } }] : this.failures;
    const rules = RULE_IDS.map((id) => ({
      id,
      shortDescription: { text: PROBLEM_CODES[id].short },
      fullDescription: { text: PROBLEM_CODES[id].help },
      help: { text: PROBLEM_CODES[id].help },
    }));
    const results = [...this.kept.error, ...this.kept.warning, ...this.kept.note].sort((a, b) => a.seq - b.seq).map(({ seq: _, ...r }) => r);
    const leftOut = this.leftOut.error + this.leftOut.warning + this.leftOut.note;
    const notice =
      `${counted(leftOut, 'more result')} left out: GitHub code scanning takes at most ${MOST_SARIF_RESULTS} per run, and the most severe were kept ` +
      `(left out: ${counted(this.leftOut.error, 'error')}, ${counted(this.leftOut.warning, 'warning')}, ${counted(this.leftOut.note, 'note')}). Run with --format text to see them all.`;
    const log = {
      $schema: SCHEMA,
      version: '2.1.0',
      runs: [
        {
          tool: { driver: { name: 'loadline', version: VERSION, informationUri: INFORMATION_URI, rules } },
          originalUriBaseIds: { [BASE]: { uri: folderUri(process.cwd()) } },
          columnKind: 'utf16CodeUnits',
          ...(leftOut > 0 || failures.length > 0 || this.notes.length > 0
            ? {
                invocations: [
                  {
                    executionSuccessful: failures.length === 0,
                    toolExecutionNotifications: [...failures, ...this.notes, ...(leftOut > 0 ? [{ level: 'warning', message: { text: notice } }] : [])],
                  },
                ],
              }
            : {}),
          ...(leftOut > 0 ? { properties: { resultsLeftOut: leftOut, resultsLeftOutByLevel: this.leftOut } } : {}),
          results,
        },
      ],
    };
    // Unindented: a run of 25,000 results is half the size, for upload limits (GitHub's is 10 MB, gzipped).
    return JSON.stringify(log) + '\n';
  }
}

/** A folder's URI ends in one slash, as a base URI must: the root's (`file:///`) has it already. */
const folderUri = (folder: string) => URI.file(folder).toString().replace(/\/?$/, '/');

const rank = (level: Level) => ['note', 'warning', 'error'].indexOf(level);

const artifactLocation = (file: string) => (path.isAbsolute(file) ? { uri: URI.file(file).toString() } : { uri: relativeUri(file), uriBaseId: BASE });

/** A toolExecutionNotification for a file the check failed on or could not read, located in that file. */
const failureNotice = (file: string, message: string, level: 'error' | 'note' = 'error') => ({
  level,
  message: { text: message },
  locations: [{ physicalLocation: { artifactLocation: artifactLocation(file) } }],
});

function result(file: string, p: Problem) {
  return {
    ruleId: p.code,
    ruleIndex: RULE_IDS.indexOf(p.code),
    level: LEVEL[p.severity],
    message: { text: p.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: artifactLocation(file),
          region: {
            startLine: p.range.start.line + 1,
            startColumn: p.range.start.character + 1,
            endLine: p.range.end.line + 1,
            endColumn: p.range.end.character + 1,
          },
        },
      },
    ],
  };
}

const relativeUri = (file: string) => file.split(path.sep).map(encodeURIComponent).join('/');
