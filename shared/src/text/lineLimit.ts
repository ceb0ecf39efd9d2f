/** Longer lines are rejected unread: a 120 MB line took 576 MB to parse, over the 200 MB the loader promises. */
export const MAX_LINE_BYTES = 16 << 20;

const mib = (bytes: number) => `${(bytes / (1 << 20)).toFixed(1)} MiB`;

/** The reject reason of a line (a log) or a record (a CSV) past MAX_LINE_BYTES. */
export const tooLongReason = (kind: 'line' | 'record', bytes: number) =>
  `the ${kind} is ${mib(bytes)}, more than the ${mib(MAX_LINE_BYTES)} a ${kind} may have; it was not read (its start is shown)`;
