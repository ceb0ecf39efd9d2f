/** What `loadline` exits with (docs/contracts.md has the same table). A defect of Loadline's own never looks like "errors found". */
export const EXIT = {
  ok: 0,
  /** validate: errors found, or more warnings than --max-warnings; ingest: the load failed. */
  failed: 1,
  /** Wrong usage, a path that cannot be read, a report or step summary that cannot be written, or a contract file that cannot be used (an `invalid-config` error). */
  usage: 2,
  internal: 3,
  /** Cancelled with Ctrl+C, as shells report SIGINT. */
  cancelled: 130,
  /** The reader of the output went away (`loadline validate | head`), as shells report SIGPIPE. */
  closedOutput: 141,
} as const;
