/** Wrong usage or an unreadable path: the CLI prints the message on one line and exits 2. */
export class UsageError extends Error {}

/** A failure the user can fix (a dead database, a wrong password): one line, exit 1, no stack trace. */
export class FatalError extends Error {}
