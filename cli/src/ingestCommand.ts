import * as fs from 'fs';
import * as path from 'path';
import { SingleBar } from 'cli-progress';
import { read } from 'read';
import {
  CHAT_MESSAGES,
  childScripts,
  ClusterReport,
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
  mysql: string;
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
  try {
    target = parseMysqlUrl(options.mysql);
  } catch (error) {
    throw new UsageError(explainIngestError(error as IngestError, undefined));
  }
  const password = await readPassword(target.user, target.host);
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
  try {
    const report = await ingestFile({
      file,
      target,
      password,
      table: options.table,
      workers: options.workers,
      method: options.method,
      rejectsFile: options.rejects,
      checkpointFile: options.checkpoint,
      resume: options.resume,
      rangeBytes: options.rangeBytes,
      spread: options.spread,
      workerScript: childScripts(__dirname).ingestWorker,
      signal: abort.signal,
      onProgress: (p) => showBar && updateBar((bar ??= progressBar()), p),
      onNotice: (notice) => process.stderr.write(`loadline: ${explainNotice(notice)}\n`),
    });
    stopBar();
    process.stdout.write(options.json ? JSON.stringify(report) + '\n' : describeReport(report));
    if (report.cancelled) {
      process.stderr.write(`loadline: cancelled; committed ranges are kept. Continue with: ${resumeCommand(file, options)}\n`);
      return EXIT.cancelled;
    }
    return report.balanced ? EXIT.ok : EXIT.failed;
  } catch (error) {
    stopBar();
    if (error instanceof IngestError) {
      if (error.kind === 'usage' || error.kind === 'file') throw new UsageError(explainIngestError(error, undefined));
      const checkpoint = options.checkpoint ?? defaultCheckpointPath(path.resolve(file), target, options.table ?? CHAT_MESSAGES.table);
      throw new FatalError(explainIngestError(error, fs.existsSync(checkpoint) ? resumeCommand(file, options) : undefined));
    }
    throw error;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

/** The command that continues this run: every option that names the target, the table or an output. */
function resumeCommand(file: string, options: IngestCliOptions): string {
  const quote = (value: string) => (/^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`);
  const args = ['loadline', 'ingest', file, '--mysql', options.mysql];
  if (options.table) args.push('--table', options.table);
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

function progressBar(): SingleBar {
  const bar = new SingleBar({
    format: '{bar} {percentage}% | {rate} rows/s | ETA {eta_formatted} | {inserted} inserted, {duplicates} duplicates, {rejected} rejected',
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

function describeReport(r: IngestReport): string {
  const lines = [
    `${r.cancelled ? 'Partly loaded' : 'Loaded'} ${r.file} into ${r.table} with ${r.workers} worker${r.workers === 1 ? '' : 's'} (${r.method === 'infile' ? 'LOAD DATA LOCAL INFILE' : 'multi-row INSERT'})`,
    `  lines       ${r.lines}`,
    `  inserted    ${r.inserted}`,
    `  duplicates  ${r.duplicates}`,
    `  rejected    ${r.rejected}${r.rejectsFile ? `  (see ${r.rejectsFile})` : ''}`,
    `  blank       ${r.blank}`,
    `  ${r.balanced ? 'every line accounted for: lines = inserted + duplicates + rejected + blank' : 'LINES DO NOT ADD UP: please report this'}`,
    `  ${r.seconds.toFixed(1)} s, ${r.rowsPerSecond.toLocaleString('en')} lines/s${r.resumedRanges ? `, ${r.resumedRanges} ranges resumed from the checkpoint` : ''}`,
    ...(r.cluster ? describeCluster(r.cluster) : []),
  ];
  return lines.join('\n') + '\n';
}

function describeCluster(c: ClusterReport): string[] {
  return [
    `  Galera cluster ${c.name}: ${c.size} nodes, ${c.status}; written through ${c.nodesUsed.join(', ') || 'no node'}`,
    ...(c.nodesFailed.length > 0 ? [`  failed during the load: ${c.nodesFailed.join(', ')} (its ranges went on through the others)`] : []),
    ...(c.splitRanges > 0 ? [`  ${c.splitRanges} ranges were too large for one cluster transaction and committed in parts`] : []),
  ];
}
