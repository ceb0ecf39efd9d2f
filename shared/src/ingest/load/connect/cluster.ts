import * as fs from 'fs';
import type { Connection, RowDataPacket } from 'mysql2/promise';

/** A MariaDB Galera cluster as one of its nodes sees it (from wsrep_* variables and status). */
export interface ClusterInfo {
  name: string;
  /** wsrep_cluster_size: the nodes in the cluster now. */
  size: number;
  /** wsrep_cluster_status (Primary when it takes writes) and this node's wsrep_local_state_comment (Synced). */
  status: string;
  nodeState: string;
  /** 0 means no limit. */
  maxWriteSetRows: number;
  maxWriteSetBytes: number;
}

const valuesOf = (rows: RowDataPacket[]) => new Map(rows.map((r) => [String(r.Variable_name).toLowerCase(), String(r.Value)]));

/** The cluster behind a connection, or undefined for a server without Galera (wsrep_on OFF, or MySQL). */
export async function readCluster(connection: Connection): Promise<ClusterInfo | undefined> {
  const [variables] = await connection.query<RowDataPacket[]>(
    "SHOW GLOBAL VARIABLES WHERE Variable_name IN ('wsrep_on', 'wsrep_cluster_name', 'wsrep_max_ws_rows', 'wsrep_max_ws_size')",
  );
  const v = valuesOf(variables);
  if (v.get('wsrep_on') !== 'ON') return undefined;
  const [status] = await connection.query<RowDataPacket[]>(
    "SHOW GLOBAL STATUS WHERE Variable_name IN ('wsrep_cluster_size', 'wsrep_cluster_status', 'wsrep_local_state_comment')",
  );
  const s = valuesOf(status);
  return {
    name: v.get('wsrep_cluster_name') ?? '',
    size: Number(s.get('wsrep_cluster_size') ?? 0),
    status: s.get('wsrep_cluster_status') ?? '',
    nodeState: s.get('wsrep_local_state_comment') ?? '',
    maxWriteSetRows: Number(v.get('wsrep_max_ws_rows') ?? 0),
    maxWriteSetBytes: Number(v.get('wsrep_max_ws_size') ?? 0),
  };
}

/** The cluster's status when the node behind the connection is outside a primary component (quorum lost), else undefined. */
export async function lostQuorumStatus(connection: Connection): Promise<string | undefined> {
  const cluster = await readCluster(connection).catch(() => undefined);
  return cluster && cluster.status !== 'Primary' ? cluster.status : undefined;
}

/**
 * The largest range whose transaction stays under the cluster's write-set limits, or undefined for none. A
 * range's rows are estimated from the file's average line; half the limit leaves room for longer lines, and a
 * range that still goes past it commits in parts (error 1180).
 */
export function rangeBytesWithinLimits(cluster: ClusterInfo, averageLineBytes: number): number | undefined {
  const caps: number[] = [];
  // The range's ledger row is one more row of the write set.
  if (cluster.maxWriteSetRows > 0) caps.push(Math.max(1, Math.floor((cluster.maxWriteSetRows - 1) / 2)) * averageLineBytes);
  if (cluster.maxWriteSetBytes > 0) caps.push(Math.floor(cluster.maxWriteSetBytes / 2));
  return caps.length > 0 ? Math.max(1, Math.floor(Math.min(...caps))) : undefined;
}

const SAMPLE_BYTES = 1 << 20;

/** The average line length over the first MiB of a file (the whole file when smaller). */
export function averageLineBytes(file: string): number {
  const fd = fs.openSync(file, 'r');
  try {
    const sample = Buffer.allocUnsafe(SAMPLE_BYTES);
    const read = fs.readSync(fd, sample, 0, SAMPLE_BYTES, 0);
    let lines = 0;
    for (let at = sample.indexOf(10, 0); at !== -1 && at < read; at = sample.indexOf(10, at + 1)) lines++;
    return Math.max(1, Math.ceil(read / Math.max(1, lines)));
  } finally {
    fs.closeSync(fd);
  }
}
