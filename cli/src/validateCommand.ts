import * as fs from 'fs';
import * as path from 'path';
import { isDynamicPattern, globSync } from 'tinyglobby';
import { URI } from 'vscode-uri';
import {
  CHECK_BUDGET_MS,
  CHECK_BUDGET_VARIABLE,
  checkFileInParallel,
  defaultThreads,
  ContractService,
  counted,
  describeUnreadable,
  fileStateOnDisk,
  isRejectsFile,
  MAX_CONTRACT_FILE_BYTES,
  Problem,
  readFromDisk,
  ReferencedKeys,
  ResolvedContract,
  UnreadableFileError,
} from '@loadline/shared';
import { CheckThread } from './checkThread';
import { SlowRuleError } from './slowRuleWatchdog';
import { EXIT } from './exitCodes';
import { readFailure } from './readFailure';
import { printable, warningsOverLimit } from './fileProblems';
import type { OutputFormat } from './formatProblems';
import { earlyOrphans, foreignKeyProblems, referencedKeysOf } from './foreignKeyProblems';
import { isLogToValidate, logProblems } from './logProblems';
import { rangeThreads } from './rangeThreads';
import { displayPath as shownPath } from './displayPath';
import { RunReport } from './runReport';
import { SameFileChecks } from './sameFileChecks';
import { DEFAULT_GLOBS, droppedByGlob, GLOB_OPTIONS } from './globDrops';
import { brokenSchemaNotice, encodingNotice, slowRuleProblem, unlistedOrphansNote } from './fileNotices';
import { isUsageError } from './usageError';

export interface ValidateOptions {
  config?: string;
  format: OutputFormat;
  maxProblems: number;
  /** More warnings than this fail the run, as in ESLint. */
  maxWarnings?: number;
  /** Threads that check one large file (default: defaultThreads). */
  workers?: number;
}

/** `.csv, .tsv, .jsonl, .ndjson or .jsonlines`, for messages. */
const CHECKED_EXTENSIONS = DEFAULT_GLOBS.map((glob) => glob.slice('**/*'.length))
  .join(', ')
  .replace(/, ([^,]*)$/, ' or $1');
/** GitHub Actions names the step summary's file here; the summary code is loaded only when it is set. */
const STEP_SUMMARY_VARIABLE = 'GITHUB_STEP_SUMMARY';
// expandDirectories: a folder whose name matches (Spark writes `export.csv/`) would stand for every file in it, README.md and all.

/**
 * `loadline validate`: returns the exit code. Each file is streamed, so its size does not matter. One file
 * that cannot be read or checked never drops the others' results.
 */
export async function validateCommand(inputs: string[], options: ValidateOptions, out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  /** Each folder the walk could not list, once, however many globs met it (the default scan has four). */
  const unreadableFolders = new Map<string, string>();
  const missingInputs: { input: string; message: string }[] = [];
  const files = expandInputs(
    inputs.length > 0 ? inputs : DEFAULT_GLOBS,
    inputs.length === 0,
    (folder, reason) => {
      if (!unreadableFolders.has(folder)) unreadableFolders.set(folder, reason);
    },
    (input, message) => missingInputs.push({ input, message }),
  );
  const summaryFile = process.env[STEP_SUMMARY_VARIABLE];
  const results = await RunReport.start(options.format, out, !!summaryFile);
  const configFault = options.config ? unreadableConfig(options.config) : undefined;
  const explicitConfig = options.config && !configFault ? URI.file(path.resolve(options.config)) : undefined;
  // Problems in a .loadline.json, a Table Schema or a datapackage.json are listed once, before the CSVs they spoil.
  const contracts = new ContractService({
    readText: (uri) => readFromDisk(uri.fsPath),
    fileState: (uri, maxBytes) => fileStateOnDisk(uri.fsPath, maxBytes),
    publishConfigProblems: (uri, problems) => {
      if (problems.length > 0) results.push({ file: displayPath(uri.fsPath), problems });
    },
  });
  let exit: number = EXIT.ok;
  const failed = (code: number, message: string) => {
    err.write(`loadline: ${printable(message)}\n`);
    exit = Math.max(exit, code);
  };
  /** A file the check failed on stays in the reports, as an error of the run rather than of the data. */
  const internalError = (file: string, error: unknown) => {
    const unread = readFailure(error);
    if (unread) return notRead(displayPath(file), `cannot read ${displayPath(file)}: ${unread}`);
    // A log whose keys could not spill to disk (a full disk): no verdict, as for a file that cannot be read.
    if (isUsageError(error)) return notRead(displayPath(file), error.message);
    const message = `internal error while checking ${displayPath(file)}: ${error instanceof Error ? error.message : String(error)} (please report it)`;
    failed(EXIT.internal, message);
    results.push({ file: displayPath(file), problems: [], internalError: message });
  };
  /** A file (or a path named on the command line) that cannot be read stays in the reports too, as an error of the run. */
  const notRead = (file: string, message: string) => {
    failed(EXIT.usage, message);
    results.push({ file, problems: [], unreadable: message });
  };
  // A folder the walk cannot enter may hold CSVs that would fail: never pass it over in silence.
  // One missing path or empty glob among several never cancels the check of the others.
  for (const { input, message } of missingInputs) notRead(input, message);
  // Nothing to check: the reports are still written (a CI parser fails on an empty file and hides the message).
  if (options.config && configFault) notRead(options.config, configFault);
  const stopped = configFault !== undefined || (files.length === 0 && missingInputs.length > 0);
  // In the reports as an unreadable file is (a JUnit error, a SARIF notification): a folder's files not checked are no pass.
  if (!stopped)
    for (const [folder, reason] of unreadableFolders)
      notRead(displayPath(folder), `cannot read folder ${displayPath(folder)}: ${reason}; its files were not checked`);

  let checked = 0;
  let logs = 0;
  /** Paths to a file checked already under the same rules (SameFileChecks): neither checked again nor unreadable. */
  let again = 0;
  /** Logs not checked because their .loadline.json is broken (an invalid-config error each, as a CSV below it). */
  let brokenLogs = 0;
  /** Loadline's own rejects files, found beside the logs: listed as not checked, never checked as logs. */
  let rejectsFiles = 0;
  const referencedKeys = new Map<string, Promise<ReferencedKeys>>();
  /** A foreign key's own problem (a key that repeats where it refers) is listed once, however many files use it. */
  const keyProblems = new Set<string>();
  const budgetMs = Number(process.env[CHECK_BUDGET_VARIABLE]) || CHECK_BUDGET_MS;
  const thread = new CheckThread(budgetMs);
  const checks = new SameFileChecks();
  try {
    for (const file of stopped ? [] : files) {
      // JSON-lines logs: checked through their ingest mapping (logProblems), never read as CSV.
      if (await isLogToValidate(file, contracts, explicitConfig)) {
        // A log's mapping is picked while it is checked: a log reached by two paths is checked once.
        if (checks.checkedBefore(file, 'log')) {
          again++;
          continue;
        }
        const unreadable = checkReadable(file);
        if (unreadable) {
          notRead(displayPath(file), `cannot read ${displayPath(file)}: ${unreadable}`);
          continue;
        }
        const log = await logProblems(file, displayPath, contracts, options.maxProblems, (shown, p) => results.problem(shown, p)).catch((error: unknown) => {
          internalError(file, error);
          return undefined;
        });
        if (!log) continue;
        results.push(log);
        if (log.unchecked && isRejectsFile(file)) rejectsFiles++;
        else if (log.unchecked) logs++;
        else if (log.brokenContract) brokenLogs++;
        else checked++;
        continue;
      }
      const csv = URI.file(file);
      const resolved = await (explicitConfig ? contracts.lookupIn(explicitConfig, csv) : contracts.lookup(csv));
      const contract = resolved?.contract;
      if (checks.checkedBefore(file, contract)) {
        again++;
        continue;
      }
      const unreadable = checkReadable(file);
      if (unreadable) {
        notRead(displayPath(file), `cannot read ${displayPath(file)}: ${unreadable}`);
        continue;
      }
      checked++;
      const shown = displayPath(file);
      try {
        const threads = options.workers ?? defaultThreads(contract);
        const referencing = resolved?.foreignKeys;
        // The referenced keys are read on this thread while the check runs on the others, and collects the referencing keys.
        const { keysOf, known } = referencedKeysOf(file, referencedKeys, referencing ?? []);
        const schemaNotice = brokenSchemaNotice(resolved);
        if (schemaNotice) results.problem(shown, schemaNotice);
        // Each problem goes to the report as found; with foreign keys, they wait for the orphans to be placed among them.
        const held: Problem[] = [];
        let given = 0;
        let skip = 0;
        const onProblems = (problems: Problem[]) => {
          for (const p of problems) {
            if (skip > 0) {
              skip--;
              continue;
            }
            given++;
            if (referencing) held.push(p);
            else results.problem(shown, p);
          }
        };
        const checkOptions = { maxProblems: options.maxProblems, fileName: file, onProblems, ...(referencing ? { referencing } : {}) };
        const early = earlyOrphans(file, resolved, keysOf, options.maxProblems);
        const parallel = { ...checkOptions, threads, ...(referencing ? { heldKeys: known.now, onOrphansListed: early.onOrphansListed } : {}) };
        // A parallel check takes UTF-8 files only; one that gives up (a range too long) may have given problems, which the
        // one-thread check finds first again. That check reads the file once and finds its encoding as it reads (an
        // ASCII start reads the same in all), so the encoding's notice follows the problems.
        let report = await checkFileInParallel(file, contract, parallel, rangeThreads(contract, budgetMs, referencing && known.settled));
        if (!report) {
          skip = given;
          report = await thread.check(file, contract, checkOptions);
        }
        const notice = encodingNotice(report.encoding);
        if (notice) results.problem(shown, notice);
        const { filed, unlistedOrphans } = await foreignKeyProblems(file, resolved, keysOf, options.maxProblems, displayPath, report, await early.worded());
        for (const { file: config, problem } of filed.filter((f) => f.problem.code === 'invalid-config')) {
          const key = JSON.stringify([config, problem.message, problem.range]);
          if (!keyProblems.has(key)) results.push({ file: config, problems: [problem] });
          keyProblems.add(key);
        }
        const orphans = filed.filter((f) => f.problem.code === 'foreign-key').map((f) => f.problem);
        for (const p of orphans.length === 0 ? held : sortedByPosition([...held, ...orphans])) results.problem(shown, p);
        // Orphans past the cap are errors found, not listed: counted as the check's own hidden problems are.
        if (unlistedOrphans > 0) results.problem(shown, unlistedOrphansNote(unlistedOrphans, options.maxProblems));
        const brokenContract = contract || explicitConfig ? brokenSchema(resolved) : await contracts.brokenFor(csv);
        results.push({
          file: shown,
          problems: [],
          hidden: { ...report.hiddenBySeverity, error: report.hiddenBySeverity.error + unlistedOrphans },
          ...(contract ? {} : { noContract: true }),
          ...(brokenContract ? { brokenContract: { file: displayPath(brokenContract.uri.fsPath), problem: brokenContract.problem } } : {}),
        });
      } catch (error) {
        if (error instanceof UnreadableFileError) {
          // Cut short or failing while it was read: the input's fault (exit 2), as a file unreadable from the start.
          checked--;
          notRead(displayPath(file), `cannot read ${displayPath(file)}: ${error.reason}`);
          continue;
        }
        if (error instanceof SlowRuleError) {
          results.push({ file: displayPath(file), problems: [slowRuleProblem(error)] });
          continue;
        }
        internalError(file, error);
      }
    }
  } finally {
    await thread.close();
  }

  results.end(options.maxWarnings);
  if (summaryFile) {
    try {
      appendToFile(summaryFile, results.summaryText());
    } catch (error) {
      failed(
        EXIT.usage,
        `cannot write the step summary to ${summaryFile} (${STEP_SUMMARY_VARIABLE}): ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      );
    }
  }
  const { errors } = results;
  const overLimit = warningsOverLimit({ ...results, maxWarnings: options.maxWarnings });
  if (overLimit) failed(EXIT.failed, overLimit);
  if (options.format === 'text' && !stopped) {
    const unreadable = files.length - checked - logs - again - brokenLogs - rejectsFiles;
    const notChecked = [
      ...(unreadable > 0 ? [`${unreadable} could not be read`] : []),
      ...(logs > 0 ? [`${counted(logs, 'JSON-lines log')} not checked: no mapping matches ${logs === 1 ? 'it' : 'them'}`] : []),
      ...(rejectsFiles > 0 ? [`${counted(rejectsFiles, 'rejects file')} of Loadline's own not checked`] : []),
      ...(brokenLogs > 0 ? [`${counted(brokenLogs, 'JSON-lines log')} not checked: ${brokenLogs === 1 ? 'its' : 'their'} .loadline.json is broken`] : []),
    ];
    const notCheckedText = notChecked.length > 0 ? ` (${notChecked.join('; ')})` : '';
    err.write(`${counted(checked, 'file')} checked${notCheckedText}: ${counted(errors, 'error')}, ${counted(results.problems - errors, 'other problem')}\n`);
  }
  // A contract that cannot be used is the config's fault, not the data's: CI tells the two apart by the code.
  return Math.max(exit, results.configBroken ? EXIT.usage : errors > 0 ? EXIT.failed : EXIT.ok);
}

/**
 * Appends to a regular file (or a device such as /dev/null), opened without blocking: a FIFO with no reader would
 * hang the run forever, and one with a reader is no summary file either.
 */
function appendToFile(file: string, text: string): void {
  const fd = fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_APPEND | fs.constants.O_CREAT | fs.constants.O_NONBLOCK);
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile() && !stat.isCharacterDevice()) throw Object.assign(new Error('not a regular file'), { code: 'not a regular file' });
    fs.writeFileSync(fd, text);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * A path that exists is taken as it is, even when it looks like a glob (`report (1).csv`, `{a,b}.csv`).
 * `unreadable` hears of each folder the walk could not list (the glob library would pass over it), `missing` of
 * each input that names nothing.
 */
function expandInputs(
  inputs: string[],
  defaults: boolean,
  unreadable: (folder: string, reason: string) => void,
  missing: (input: string, message: string) => void,
): string[] {
  /** Entries the walk listed that are neither files nor folders (FIFOs, sockets, devices, symlinks). */
  const odd: string[] = [];
  /** Folders the walk could not list so far: a folder that held nothing to check says why once, not twice. */
  let refused = 0;
  const readdirSync = ((folder: string, options: { withFileTypes: true }) => {
    try {
      const entries = fs.readdirSync(folder, options);
      for (const entry of entries) if (!entry.isFile() && !entry.isDirectory()) odd.push(path.resolve(folder, entry.name));
      return entries;
    } catch (error) {
      refused++;
      unreadable(path.resolve(folder), (error as NodeJS.ErrnoException).code ?? String(error));
      throw error;
    }
  }) as typeof fs.readdirSync;
  const options = { ...GLOB_OPTIONS, fs: { ...fs, readdirSync } };
  /**
   * The glob's matches, and the entries it matches but passed over in silence (see droppedByGlob). The default
   * globs match any case (`EXPORT.CSV`), as isJsonLinesPath does; a user's own glob keeps its case.
   */
  const glob = (patterns: string | string[], cwd: string, walk: boolean) => {
    const caseSensitiveMatch = !(Array.isArray(patterns) ? patterns : [patterns]).every((p) => DEFAULT_GLOBS.includes(p));
    // A folder's walk enters no symlink to a folder (`vendor -> /usr`, `up -> /`: files not its own, the whole
    // machine); a symlink to a file is checked (droppedByGlob). A glob the user writes follows links, as a shell's does.
    const matches = globSync(patterns, { ...options, cwd, caseSensitiveMatch, followSymbolicLinks: !walk });
    return [...matches, ...droppedByGlob(odd.splice(0), patterns, cwd, matches, caseSensitiveMatch)].sort();
  };
  const files: string[] = [];
  for (const input of inputs) {
    const resolved = path.resolve(input);
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(resolved);
    } catch (error) {
      // Only a path that is not there may be a glob: one that cannot be reached (EACCES, ELOOP) is reported as that.
      // A dangling symlink is there too: checkReadable says what it is.
      const code = (error as NodeJS.ErrnoException).code;
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || fileStateOnDisk(resolved) !== 'missing') {
        files.push(resolved);
        continue;
      }
    }
    if (stat) {
      if (stat.isDirectory()) {
        const before = refused;
        const matches = glob(DEFAULT_GLOBS, resolved, true);
        // As an empty glob: a job pointed at the wrong or an empty folder must not pass.
        if (matches.length === 0 && refused === before) missing(input, `no files match ${input}: it holds no ${CHECKED_EXTENSIONS} file`);
        files.push(...matches);
      } else files.push(resolved);
    } else if (isDynamicPattern(input)) {
      const matches = glob(input, process.cwd(), defaults);
      if (matches.length === 0 && !defaults) missing(input, `no files match ${input}`);
      files.push(...matches);
    } else missing(input, `cannot read ${input}: ${input.includes(NOT_UTF8_NAME) ? NOT_UTF8_REASON : 'no such file'}`);
  }
  // `x.csv` and `./x.csv` are one path: checked once.
  return [...new Set(files)];
}

/**
 * Node.js reads a file name that is not UTF-8 with U+FFFD in place of its bad bytes, and that name opens nothing:
 * a missing path with one is most likely such a file, which only a new name makes readable.
 */
const NOT_UTF8_NAME = '\uFFFD';
const NOT_UTF8_REASON = 'its name is not valid UTF-8 (shown with U+FFFD), which Loadline cannot open: rename the file to UTF-8';

/** Why a file cannot be checked, or undefined. Only regular files, looked at and never opened: a FIFO would block forever. */
function checkReadable(file: string): string | undefined {
  const state = fileStateOnDisk(file);
  if (state === 'file') return undefined;
  if (state === 'missing') return file.includes(NOT_UTF8_NAME) ? NOT_UTF8_REASON : 'ENOENT';
  if (state.why === 'denied' || state.why === 'error') return state.code;
  // Only contract files have a size limit: a CSV is streamed.
  if (state.why === 'too-large' || state.why === 'no-size' || state.why === 'nul-in-name') return describeUnreadable(state);
  return {
    folder: 'not a regular file',
    'not-regular': 'not a regular file',
    'dangling-link': 'a dangling symbolic link',
    'link-loop': 'a symbolic link loop',
  }[state.why];
}

/** A broken Table Schema as a broken contract file, located in it, as a broken .loadline.json is. */
function brokenSchema(resolved: ResolvedContract | undefined): { uri: URI; problem: Problem } | undefined {
  if (!resolved?.brokenSchema || !resolved.schemaPath) return undefined;
  const { range, message } = resolved.brokenSchema;
  return { uri: URI.parse(resolved.schemaPath), problem: { code: 'invalid-config', severity: 'error', message, range } };
}

/** Why the --config file, which must exist, cannot be read, or undefined: its problems are reported like any config's. */
function unreadableConfig(configPath: string): string | undefined {
  const state = fileStateOnDisk(configPath, MAX_CONTRACT_FILE_BYTES);
  return state === 'file' ? undefined : `cannot read config ${configPath}: ${state === 'missing' ? 'no such file' : describeUnreadable(state)}`;
}
const sortedByPosition = (problems: Problem[]) =>
  problems.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);

const displayPath = (p: string) => shownPath(p, process.cwd());
