/**
 * What went wrong in an ingest, as a kind and its facts. The core states the fact; each adapter (CLI,
 * extension) adds the fix in its own terms (`--resume` or "Resume", MYSQL_PWD or "Re-enter Password").
 */
export type IngestErrorKind =
  /** Wrong password or no such user. */
  | 'auth'
  /** The user may not use the database. */
  | 'database-access'
  /** Connection refused, unknown host, or no answer. */
  | 'unreachable'
  /** A connection was lost and retries did not bring it back. */
  | 'connection-lost'
  /** LOAD DATA LOCAL INFILE was asked for and the server does not allow it. */
  | 'local-infile'
  /** The server changed values (truncation, conversion) instead of storing them as given. */
  | 'values-changed'
  /** The existing table cannot take the load as mapped (no unique key on the key column, a missing column). */
  | 'table'
  /** The rejects or checkpoint file cannot be written (unwritable, disk full) or is in use by another run. */
  | 'output'
  /** Any other server error. */
  | 'server'
  /** The input file is missing or not a regular file. */
  | 'file'
  /** --resume without a checkpoint, or with one for another file, target or version of the file. */
  | 'checkpoint'
  /** A bad URL or option. */
  | 'usage'
  /** A worker thread died, or Loadline's own code failed (an exception that no server or driver raised). */
  | 'internal';

export class IngestError extends Error {
  constructor(
    readonly kind: IngestErrorKind,
    /** The fact, without advice: adapters word the fix. */
    message: string,
    /** Details adapters may use, such as `where` (host:port) or `checkpoint` (its path). */
    readonly data: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

/**
 * The input could not be read during the load: renamed (logrotate) or removed, or made unreadable, after it was
 * checked. The run fails as for a log changed under it; the ranges committed before stay, for --resume once the
 * file is back at its path.
 */
export const inputLost = (file: string, code: string) =>
  new IngestError('file', code === 'ENOENT' ? `${file} was renamed or removed during the load` : `${file} could not be read during the load (${code})`, {
    file,
    reason: 'lost',
  });

/** A file system error on the input (its `path`), such as the set-up's read of it for the plan, as inputLost; anything else as it is. */
export function lostInputOr(error: unknown, file: string): unknown {
  const { path, code } = (error ?? {}) as { path?: unknown; code?: unknown };
  return path === file && typeof code === 'string' ? inputLost(file, code) : error;
}
