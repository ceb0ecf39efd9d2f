import type { OnDuplicate } from '../mapping/declaredMapping';
import type { Engine } from './load/connect/engine';
import type { IngestMapping } from '../mapping/ingestMapping';

/** Where every input line went; `lines = inserted + duplicates + rejected + blank` always holds at the end (a report splits `updated` out of `duplicates`). */
export interface LineCounts {
  lines: number;
  inserted: number;
  duplicates: number;
  rejected: number;
  blank: number;
}

export interface IngestProgress extends LineCounts {
  bytesDone: number;
  totalBytes: number;
  rowsPerSecond: number;
  /** Ranges committed so far, of all ranges in the plan. */
  rangesDone: number;
  rangesTotal: number;
}

export interface IngestReport extends LineCounts {
  /** onDuplicate "update": lines whose key was there, whose row now holds their values (`duplicates` is then 0). Else 0. */
  updated: number;
  file: string;
  table: string;
  /** The mapping's name, and whether it is the built-in chat mapping (no declared mapping applied). */
  mapping: string;
  builtInMapping: boolean;
  /** What a repeated key did: skip (the first one wins), update (the last one wins) or error (rejected). */
  onDuplicate: OnDuplicate;
  /** A CSV without a key: every valid row was loaded, repeats too (its key is its line). */
  noKey?: true;
  /**
   * A dry run of a CSV with unique sets: the lines it rejected as repeats of an earlier line, assuming the server
   * takes that line. A real run asks the table, and a line the server refuses (a CHECK) holds nothing.
   */
  repeatsAssumed?: number;
  /**
   * A dry run of a CSV with foreign keys, which sees no database: its references were checked against the referenced
   * files alone, and this many rows were rejected as orphans. A real run loads a row whose key the referenced table holds.
   */
  orphansFromFiles?: number;
  seconds: number;
  rowsPerSecond: number;
  bytes: number;
  workers: number;
  /** 'none': a dry run (`--dry-run`), which writes nothing to a database. */
  method: WriteMethod | 'none';
  /** The server's kind, as detected (docs/ingest-reference.md, "Other MySQL-protocol engines"); 'none' for a dry run. */
  engine: Engine | 'none';
  /** Ranges that an earlier, interrupted run had already committed. */
  resumedRanges: number;
  cancelled: boolean;
  /** Whether every line is accounted for. */
  balanced: boolean;
  rejectsFile?: string;
  checkpointFile?: string;
  /** Present when the target is a Galera cluster. */
  cluster?: ClusterReport;
}

/** The cluster a run loaded into, and what its workers met there. */
export interface ClusterReport {
  name: string;
  /** wsrep_cluster_size and wsrep_cluster_status when the run started. */
  size: number;
  status: string;
  /** host:port of each node a worker wrote through, and of each that failed under a worker. */
  nodesUsed: string[];
  nodesFailed: string[];
  /** Ranges the cluster refused as one transaction (error 1180), committed in parts instead. */
  splitRanges: number;
}

export type WriteMethod = 'infile' | 'insert';

export const zeroCounts = (): LineCounts => ({ lines: 0, inserted: 0, duplicates: 0, rejected: 0, blank: 0 });

export function addCounts(into: LineCounts, more: LineCounts): LineCounts {
  into.lines += more.lines;
  into.inserted += more.inserted;
  into.duplicates += more.duplicates;
  into.rejected += more.rejected;
  into.blank += more.blank;
  return into;
}

export const isBalanced = (c: LineCounts) => c.lines === c.inserted + c.duplicates + c.rejected + c.blank;

/** What every report says of a run, real or dry: its counts, the file, the mapping, and the speed. */
export function reportBasics(
  totals: LineCounts,
  run: {
    file: string;
    mapping: Pick<IngestMapping, 'table' | 'name' | 'builtIn' | 'onDuplicate' | 'lineKey'>;
    startedMs: number;
    linesThisRun: number;
    bytes: number;
    rejectsFile: string;
  },
): Pick<
  IngestReport,
  | keyof LineCounts
  | 'updated'
  | 'noKey'
  | 'file'
  | 'table'
  | 'mapping'
  | 'builtInMapping'
  | 'onDuplicate'
  | 'seconds'
  | 'rowsPerSecond'
  | 'bytes'
  | 'balanced'
  | 'rejectsFile'
> {
  const seconds = (Date.now() - run.startedMs) / 1000;
  // An update never skips a line: each line whose key was there updated that row (loadRange counts it as a duplicate).
  const updates = run.mapping.onDuplicate === 'update';
  return {
    ...totals,
    updated: updates ? totals.duplicates : 0,
    duplicates: updates ? 0 : totals.duplicates,
    file: run.file,
    table: run.mapping.table,
    mapping: run.mapping.name,
    builtInMapping: run.mapping.builtIn,
    onDuplicate: run.mapping.onDuplicate,
    ...(run.mapping.lineKey ? { noKey: true as const } : {}),
    seconds,
    rowsPerSecond: Math.round(run.linesThisRun / Math.max(seconds, 0.001)),
    bytes: run.bytes,
    balanced: isBalanced(totals),
    rejectsFile: totals.rejected > 0 ? run.rejectsFile : undefined,
  };
}
