/** Wrong usage or an unreadable path: the CLI prints the message on one line and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A failure the user can fix (a dead database, a wrong password): one line, exit 1, no stack trace. */
export class FatalError extends Error {
  override readonly name = 'FatalError';
}

// By name, not instanceof: the ingest command's bundle (dist/cli-ingest.js) holds its own copy of these classes.
export const isUsageError = (error: unknown): error is UsageError => error instanceof Error && error.name === 'UsageError';
export const isFatalError = (error: unknown): error is FatalError => error instanceof Error && error.name === 'FatalError';
