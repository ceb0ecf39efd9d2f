import { InputKind } from '../source/inputKind';
import { IngestErrorKind } from '../ingestError';
import { KeyCollation } from '../parse/keyCollation';
import { IngestMapping } from '../../mapping/ingestMapping';
import { ByteRange } from '../plan/planChunks';
import { Repeat } from '../keys/repeatFinder';
import { Holder, SentKeys } from '../parse/parsedRange';
import { Reject } from '../reject';
import { TableKeys } from '../keys/tableKeys';
import { LineCounts, WriteMethod } from '../report';
import { MysqlTarget } from '../load/connect/target';
import { PostedKeys } from '../foreignKeys/postedKeys';

export interface WorkerConfig {
  file: string;
  target: MysqlTarget;
  password?: string;
  mapping: IngestMapping;
  method: WriteMethod;
  runKey: string;
  /** Bytes per LOAD DATA packet or INSERT statement, below max_allowed_packet. */
  batchBytes: number;
  /** How each key column compares values: the key gate and the in-range order follow them. */
  keyCollations: KeyCollation[];
  /** ServerSettings.columnCollations: a CSV's unique values compare as the table compares them. */
  columnCollations?: KeyCollation[];
  /** The table's indexes that are the mapping's key (ServerSettings.keyIndexes). */
  keyIndexes: string[];
  /** ServerSettings.otherUniqueKeys. */
  otherUniqueKeys: boolean;
  /** ServerSettings.systemVersioned. */
  systemVersioned: boolean;
  /** ServerSettings.beforeTriggers is not empty: each row is sent on its own and its fate read by its key (loadRange). */
  beforeTriggers: boolean;
  /** ServerSettings.tableKeys: the key columns the server weighs, and the other UNIQUE indexes the key gate keeps apart. */
  tableKeys: TableKeys;
  /** A statement that takes longer fails and is retried like a lost connection (a frozen server, a black hole). */
  statementTimeoutMs: number;
  /** The node of `target` this worker writes to first (nodesOf order); a node failure moves it to the next. */
  firstNode: number;
  /** A Galera cluster: reads wait for the write sets the cluster has committed (the ledger check after a failover). */
  causalReads: boolean;
  /** A resumed run: an earlier one may have committed some parts of a range, which the ledger says. */
  resumed: boolean;
  /** ServerSettings.tableHadRows: a CSV range looks its unique values up in the table (tableHolders). */
  tableHadRows?: boolean;
  /** A JSON-lines log or a CSV through its contract. */
  input: InputKind;
  /** A CSV's clean ranges may load as their own bytes (rawCsvLoadOf): the table takes rows alike in any order. */
  rawCsv: boolean;
  /** A CSV's foreign keys: the referenced files' keys, read once by the calling thread for every worker (postedKeys). */
  fileKeys?: PostedKeys[];
}

/**
 * A worker gets its next range after it reports the last one committed, or, when it checks one range while the
 * last loads ('more'), as soon as that load starts: two ranges at most, one loading and one being checked.
 */
export type ToWorker =
  /** Parse the range; `rejectsOnly` ranges were committed before and are parsed again for their rejects. */
  | { type: 'range'; range: ByteRange; rejectsOnly: boolean }
  /** The range may load now: no earlier range still in flight shares a key with it. `repeats`: onDuplicate "error". */
  | { type: 'go'; index: number; repeats?: Repeat[] }
  | { type: 'stop' };

export type FromWorker =
  | { type: 'ready' }
  /** A range has started loading and the worker can check the next one meanwhile (RangeWorker.pipelines). */
  | { type: 'more' }
  | { type: 'progress'; index: number; bytes: number; lines: number }
  /**
   * The range is parsed and waits for 'go'; `keys` is the digest of its rows' keys (keyDigest). When the load
   * finds repeats (`findsRepeats`), `rows` has the keys of each set (RepeatFinder).
   */
  | { type: 'parsed'; index: number; keys: Uint32Array; rows?: { lineCount: number; sets: SentKeys[]; linesInFile: boolean } }
  /** The range's transaction starts on this server connection (its CONNECTION_ID()) of `node` (host:port). */
  | { type: 'loading'; index: number; connectionId: number; node: string }
  /** `node` failed (gone, or not ready); the worker goes on through the next node. */
  | { type: 'node-failed'; node: string; reason: string }
  /** The cluster refused the range's transaction as too large: it now commits in parts of at most `rows` rows. */
  | { type: 'range-split'; index: number; rows: number }
  /** `holders`: who holds the unique values of the rows loaded in file order, in file order (loadInFileOrder). */
  | { type: 'committed'; index: number; counts: LineCounts; rejects: Reject[]; rejectsOnly: boolean; holders?: Holder[] }
  | { type: 'cancelled' }
  | { type: 'failed'; kind: IngestErrorKind; message: string; data: Record<string, string> };
