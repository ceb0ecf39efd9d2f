/** How a rejects file that Loadline writes beside a log ends: `app.jsonl.events.1a2b3c4d.loadline-rejects.jsonl`. */
export const REJECTS_FILE_SUFFIX = '.loadline-rejects.jsonl';

/** A rejects file, current or moved aside by a later run (`….loadline-rejects.2026-12-06T12-30-00.jsonl`). */
const REJECTS_FILE = /\.loadline-rejects(\.[^./]+)?\.jsonl$/;

/**
 * Whether a path names a rejects file of Loadline's own: it sits beside the log, often under the same glob, yet it
 * is a report of lines (each with its code and reason), never a log that a mapping checks or loads.
 */
export const isRejectsFile = (path: string): boolean => REJECTS_FILE.test(path);
