import * as fs from 'fs';

/**
 * A file that a parallel check could not read to the end: cut short (truncated) while it was checked, or its
 * reads failed (EIO, removed). The input's fault, not Loadline's: `loadline validate` reports it as a file it
 * cannot read (exit 2), never as an internal error. `reason` follows "cannot read FILE: " and names the fix.
 */
export class UnreadableFileError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`cannot read ${file}: ${reason}`);
    this.name = 'UnreadableFileError';
  }
}

const CUT_SHORT = 'it was cut short while it was checked (something wrote to it); check it again once nothing writes to it';

/** A file that ended before the size it had when its check began. */
export const cutShortError = (file: string) => new UnreadableFileError(file, CUT_SHORT);

/** The file's reason as an UnreadableFileError: an errno error (EIO, ENOENT) is the file's; anything else is rethrown as it is. */
function asUnreadable(file: string, error: unknown): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? new UnreadableFileError(file, `${code} while it was checked; check it again once it can be read`) : error;
}

/** fs.openSync for reading, failing with an UnreadableFileError. */
export function openToRead(file: string): number {
  try {
    return fs.openSync(file, 'r');
  } catch (error) {
    throw asUnreadable(file, error);
  }
}

/** fs.readSync of at least one byte: no byte where the check planned some means the file was cut short. */
export function readSome(file: string, fd: number, buffer: Buffer, offset: number, length: number, position: number): number {
  let read: number;
  try {
    read = fs.readSync(fd, buffer, offset, length, position);
  } catch (error) {
    throw asUnreadable(file, error);
  }
  if (read <= 0) throw cutShortError(file);
  return read;
}
