import * as fs from 'fs';
import * as path from 'path';
import { SingleBar } from 'cli-progress';
import { read } from 'read';
import {
  dryRunFile,
  findCsvMapping,
  findMapping,
  InputKind,
  IngestMapping,
  isCsvFile,
  OnDuplicate,
  withOverrides,
  childScripts,
  ClusterReport,
  counted,
  defaultCheckpointPath,
  IngestError,
  ingestFile,
  IngestProgress,
  IngestReport,
  parseMysqlUrl,
  WriteMethod,
} from '@loadline/shared';
import { EXIT } from './exitCodes';
import { explainIngestError, explainNotice } from './ingestMessages';
import { FatalError, UsageError } from './usageError';

export interface IngestCliOptions {
  /** Not needed for a dry run. */
  mysql?: string;
  mapping?: string;
  dryRun?: boolean;
  onDuplicate?: OnDuplicate;
  table?: string;
  workers?: number;
  rejects?: string;
  checkpoint?: string;
  resume?: boolean;
  json?: boolean;
  method: WriteMethod | 'auto';
  rangeBytes?: number;
  spread?: boolean;
}

/** `loadline ingest`: returns the exit code. */
export async function ingestCommand(file: string, options: IngestCliOptions): Promise<number> {
  let target;
  let source: IngestSource;
  try {
    source = await mappingFor(file, options);
    if (options.mysql === undefined) {
      if (!options.dryRun) throw new UsageError('--mysql is required (or pass --dry-run to check the file without a database)');
    } else target = parseMysqlUrl(options.mysql);
  } catch (error) {
    if (error instanceof IngestError) throw new UsageError(explainIngestError(error, undefined));
    throw error;
  }
  const { input } = source;
  const mapping = withOverrides({ mapping: source.mapping, table: options.table, onDuplicate: options.onDuplicate });
  const password = target ? await readPassword(target.user, target.host) : undefined;
  const abort = new AbortController();
  // The bar starts with the first progress event, so set-up notices print on lines of their own.
  let bar: SingleBar | undefined;
  let showBar = process.stderr.isTTY && !options.json;
  const stopBar = () => {
    showBar = false;
    if (!bar) return;
    bar.stop();
    bar = undefined;
    process.stderr.write('\n');
  };
  const onSigint = () => {
    if (abort.signal.aborted) process.exit(EXIT.cancelled);
    stopBar();
    process.stderr.write('loadline: cancelling; ranges in flight roll back, committed ones stay (Ctrl+C again to quit at once)\n');
    abort.abort();
  };
  process.on('SIGINT', onSigint);
  const onProgress = (p: IngestProgress) => showBar && updateBar((bar ??= progressBar(repeatsWord(mapping.onDuplicate))), p);
  try {
    // --dry-run with --mysql stays a dry run: it only reads the table's engine, to refuse what a real run would.
    const report =
      options.dryRun || !target
        ? await dryRunFile({
            file,
            mapping,
            input,
            rejectsFile: options.rejects,
            signal: abort.signal,
            onProgress,
            ...(target ? { target: { target, password } } : {}),
          })
        : await ingestFile({
            file,
            target,
            password,
            mapping,
            input,
            workers: options.workers,
            method: options.method,
            rejectsFile: options.rejects,
            checkpointFile: options.checkpoint,
            resume: options.resume,
            rangeBytes: options.rangeBytes,
            spread: options.spread,
            workerScript: childScripts(__dirname).ingestWorker,
            signal: abort.signal,
            onProgress,
            onNotice: (notice) => process.stderr.write(`loadline: ${explainNotice(notice)}\n`),
          });
    stopBar();
    const json = () => JSON.stringify(report.noKey ? { ...report, keyNote: NO_KEY_NOTE } : report);
    process.stdout.write(options.json ? json() + '\n' : describeReport(report, source.through));
    if (report.cancelled) {
      process.stderr.write(`loadline: cancelled; committed ranges are kept. Continue with: ${resumeCommand(file, options)}\n`);
      return EXIT.cancelled;
    }
    return report.balanced ? EXIT.ok : EXIT.failed;
  } catch (error) {
    stopBar();
    if (error instanceof IngestError) {
      // A log that changed or went away under the load is a failed run (exit 1), not a path that cannot be read.
      const duringLoad = error.data.reason === 'changed' || error.data.reason === 'lost';
      if (error.kind === 'usage' || (error.kind === 'file' && !duringLoad)) throw new UsageError(explainIngestError(error, undefined));
      const checkpoint = target && (options.checkpoint ?? defaultCheckpointPath(path.resolve(file), target, mapping.table));
      throw new FatalError(explainIngestError(error, checkpoint && isCheckpointFile(checkpoint) ? resumeCommand(file, options) : undefined));
    }
    throw error;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

/** A checkpoint this run (or an earlier one) wrote: a regular file, not a path such as /proc/self/fd/1 that only exists. */
const isCheckpointFile = (checkpoint: string) => fs.statSync(checkpoint, { throwIfNoEntry: false })?.isFile() === true;

/** The command that continues this run: every option that names the target, the table or an output. */
function resumeCommand(file: string, options: IngestCliOptions): string {
  const quote = (value: string) => (/^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`);
  const args = ['loadline', 'ingest', file, '--mysql', options.mysql!];
  if (options.mapping) args.push('--mapping', options.mapping);
  if (options.table) args.push('--table', options.table);
  if (options.onDuplicate) args.push('--on-duplicate', options.onDuplicate);
  if (options.checkpoint) args.push('--checkpoint', options.checkpoint);
  if (options.rejects) args.push('--rejects', options.rejects);
  if (options.method !== 'auto') args.push('--method', options.method);
  if (options.spread) args.push('--spread');
  return [...args.map(quote), '--resume'].join(' ');
}

/** MYSQL_PWD first; else a prompt that echoes nothing, on a terminal only. */
async function readPassword(user: string, host: string): Promise<string | undefined> {
  if (process.env.MYSQL_PWD !== undefined) return process.env.MYSQL_PWD;
  if (!process.stdin.isTTY) return undefined;
  return String(await read({ prompt: `MySQL password for ${user}@${host}: `, silent: true, replace: '', output: process.stderr }));
}

/** What the progress calls the lines whose key was there: with 'update' they updated their row. */
const repeatsWord = (onDuplicate: OnDuplicate) => (onDuplicate === 'update' ? 'updated' : 'duplicates');

function progressBar(repeats: string): SingleBar {
  const bar = new SingleBar({
    format: `{bar} {percentage}% | {rate} rows/s | ETA {eta_formatted} | {inserted} inserted, {duplicates} ${repeats}, {rejected} rejected`,
    stream: process.stderr,
    hideCursor: true,
    etaBuffer: 50,
  });
  bar.start(1, 0, { rate: 0, inserted: 0, duplicates: 0, rejected: 0 });
  return bar;
}

function updateBar(bar: SingleBar, p: IngestProgress): void {
  bar.setTotal(p.totalBytes);
  const n = (x: number) => x.toLocaleString('en');
  bar.update(p.bytesDone, { rate: n(p.rowsPerSecond), inserted: n(p.inserted), duplicates: n(p.duplicates), rejected: n(p.rejected) });
}

/** What a file loads through, and how the report says so. */
interface IngestSource {
  mapping: IngestMapping;
  /** A log's, when left out. */
  input?: InputKind;
  through: string;
}

/** A CSV's mapping from its contract; a log's from .loadline.json, else the built-in one. */
async function mappingFor(file: string, options: IngestCliOptions): Promise<IngestSource> {
  if (isCsvFile(file)) {
    if (options.mapping) throw new UsageError('--mapping is for JSON-lines logs: a CSV loads through the contract that applies to it');
    const found = await findCsvMapping(file, options.table);
    const read = found.input.csv.encoding === 'windows-1252' ? '; read as Windows-1252, since its bytes are not UTF-8' : '';
    // A key-less contract's "no key" has a line of its own in the report (NO_KEY_NOTE).
    const key = found.mapping.lineKey ? '' : ` (key ${found.mapping.key.join(', ')})`;
    return { ...found, through: `the contract in ${found.contractPath}${key}${read}` };
  }
  const found = await findMapping(file, options.mapping);
  return { mapping: found.mapping, through: found.configPath ? `mapping "${found.mapping.name}" of ${found.configPath}` : builtInNotice(found.nearestConfig) };
}

/** Said in every report of the built-in mapping, so nobody loads the wrong shape unawares. */
function builtInNotice(nearestConfig: string | undefined): string {
  const where = nearestConfig ? `no mapping in ${nearestConfig} matches this file` : 'no .loadline.json declares a mapping for this file';
  return `the built-in chat mapping: ${where} (declare yours under "ingest" in .loadline.json)`;
}

/** Said of a CSV whose contract names no key, so nobody takes its repeated rows for a fault. */
const NO_KEY_NOTE = 'no key: repeats are loaded as they come';

/** A dry run cannot know which lines the server refuses (a CHECK): its repeats assume none. */
const repeatsNote = (n: number) =>
  `${counted(n, 'line was', 'lines were')} rejected as a repeat of an earlier line, assuming the server takes that line; if it refuses it (a CHECK), a real run loads the repeat instead`;

/** A dry run sees no database: its foreign keys are checked against the referenced files alone. */
const orphansNote = (n: number) =>
  `foreign keys checked against the referenced files alone (a dry run cannot see the database): ${counted(n, 'row')} rejected; a real run loads a row whose key the referenced table already holds`;

function headline(r: IngestReport): string {
  if (r.method === 'none') return `${r.cancelled ? 'Partly checked' : 'Checked'} ${r.file} for ${r.table} (dry run: nothing was written to a database)`;
  // LOAD DATA can only REPLACE, so an update runs as INSERT … ON DUPLICATE KEY UPDATE (or by key) on either method.
  const how = r.onDuplicate === 'update' ? 'rows updated in place' : r.method === 'infile' ? 'LOAD DATA LOCAL INFILE' : 'multi-row INSERT';
  return `${r.cancelled ? 'Partly loaded' : 'Loaded'} ${r.file} into ${r.table} with ${counted(r.workers, 'worker')} (${how})`;
}

function describeReport(r: IngestReport, through: string): string {
  const lines = [
    headline(r),
    `  through     ${through}`,
    `  lines       ${r.lines}`,
    `  inserted    ${r.inserted}`,
    ...(r.onDuplicate === 'update' ? [`  updated     ${r.updated}`] : []),
    `  duplicates  ${r.duplicates}`,
    `  rejected    ${r.rejected}${r.rejectsFile ? `  (see ${r.rejectsFile})` : ''}`,
    `  blank       ${r.blank}`,
    ...(r.noKey ? [`  ${NO_KEY_NOTE}`] : []),
    ...(r.repeatsAssumed ? [`  ${repeatsNote(r.repeatsAssumed)}`] : []),
    ...(r.orphansFromFiles !== undefined ? [`  ${orphansNote(r.orphansFromFiles)}`] : []),
    `  ${r.balanced ? `every line accounted for: lines = inserted + ${r.onDuplicate === 'update' ? 'updated + ' : ''}duplicates + rejected + blank` : 'LINES DO NOT ADD UP: please report this'}`,
    `  ${r.seconds.toFixed(1)} s, ${r.rowsPerSecond.toLocaleString('en')} lines/s${r.resumedRanges ? `, ${counted(r.resumedRanges, 'range')} resumed from the checkpoint` : ''}`,
    ...(r.cluster ? describeCluster(r.cluster) : []),
  ];
  return lines.join('\n') + '\n';
}

function describeCluster(c: ClusterReport): string[] {
  return [
    `  Galera cluster ${c.name}: ${counted(c.size, 'node')}, ${c.status}; written through ${c.nodesUsed.join(', ') || 'no node'}`,
    ...(c.nodesFailed.length > 0 ? [`  failed during the load: ${c.nodesFailed.join(', ')} (its ranges went on through the others)`] : []),
    ...(c.splitRanges > 0 ? [`  ${counted(c.splitRanges, 'range was', 'ranges were')} too large for one cluster transaction and committed in parts`] : []),
  ];
}
