import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { IngestError } from '../ingestError';

// O_NOFOLLOW is POSIX only: Windows has no symlinks a user without privileges could plant.
const NO_FOLLOW = fs.constants.O_NOFOLLOW ?? 0;
const { O_WRONLY, O_APPEND, O_CREAT } = fs.constants;

/**
 * The permission bits of an output of `input`: group and others get the log's read and write bits, never more
 * (a 0600 log never gets a 0644 rejects file); the owner reads and writes it even when the log is read-only.
 */
export const outputMode = (input: fs.Stats) => (input.mode & 0o066) | 0o600;

/**
 * Appends to `file`, created with `mode`, without following a symlink planted at it; a file left wider than
 * `mode` by an earlier run is narrowed. With `id`, the file must still be the one identifyOutput gave that
 * identity: one replaced or hard-linked at the path since is refused (false) and left untouched.
 */
export function appendOutput(file: string, text: string, mode: number, id?: string): boolean {
  const fd = fs.openSync(file, O_WRONLY | O_APPEND | NO_FOLLOW | (id === undefined ? O_CREAT : 0), mode);
  try {
    const stat = fs.fstatSync(fd);
    if (id !== undefined && fileIdentity(stat) !== id) return false;
    const bits = stat.mode & 0o777;
    if ((bits & ~mode) !== 0) fs.fchmodSync(fd, bits & mode);
    fs.writeFileSync(fd, text);
    return true;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * The identity of `file` (see fileIdentity), created empty with `mode` and exclusively, without following a
 * symlink. A file already there is taken only when it has the `expected` identity, or when `expected` is
 * undefined (a checkpoint from before identities were kept names it); else undefined: it is not this load's
 * (`null`: this load has no file yet, so one there was put there since the run was checked).
 */
export function identifyOutput(file: string, mode: number, expected: string | null | undefined): string | undefined {
  let fd: number;
  let created = true;
  try {
    fd = fs.openSync(file, O_WRONLY | O_CREAT | fs.constants.O_EXCL | NO_FOLLOW, mode);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    fd = fs.openSync(file, O_WRONLY | NO_FOLLOW);
    created = false;
  }
  try {
    const id = fileIdentity(fs.fstatSync(fd));
    return created || expected === undefined || id === expected ? id : undefined;
  } finally {
    fs.closeSync(fd);
  }
}

/** Cuts `file` to `bytes` without following a symlink, and never unlinks it: a missing file is left missing. */
export function truncateOutput(file: string, bytes: number): void {
  let fd: number;
  try {
    fd = fs.openSync(file, O_WRONLY | NO_FOLLOW);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && bytes === 0) return;
    throw error;
  }
  try {
    fs.ftruncateSync(fd, bytes);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Writes a new file of a random name, opened exclusively (a planted file or symlink is never written through),
 * and renames it over `file`, which replaces a symlink there instead of following it. A kill leaves the old file whole.
 */
export function replaceOutput(file: string, text: string, mode: number): void {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  fs.writeFileSync(temporary, text, { flag: 'wx', mode });
  try {
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}

/** The path by its folder's real path: the same file reached through a symlinked folder has the same name. */
export function canonicalPath(file: string): string {
  const resolved = path.resolve(file);
  try {
    return path.join(fs.realpathSync(path.dirname(resolved)), path.basename(resolved));
  } catch {
    return resolved;
  }
}

/**
 * Device, inode and birth time: a file removed and another created in its place often gets the same inode
 * number back (ext4 does at once), never the same birth time.
 */
const fileIdentity = ({ dev, ino, birthtimeMs }: fs.Stats) => `${dev}:${ino}:${birthtimeMs}`;

export const identityOf = (file: string) => fileIdentity(fs.lstatSync(file));

/** What stands at an output path before a run writes it. */
export type OutputState = 'absent' | 'folder' | 'other' | 'file';

/** Looks at the path itself (lstat): a symlink or a device is 'other', never a file to write. */
export function outputState(file: string): OutputState {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(file);
  } catch {
    return 'absent';
  }
  if (stat.isDirectory()) return 'folder';
  return stat.isFile() ? 'file' : 'other';
}

/** The first bytes every rejects file starts with: `{"line":N,` then an optional code and the reason. */
const REJECTS_START = /^\{"line":\d+,("code":"[^"]*",)?"reason":"/;

/** A file that starts as Loadline writes rejects. */
function isRejectsFile(file: string): boolean {
  const fd = fs.openSync(file, fs.constants.O_RDONLY | NO_FOLLOW);
  try {
    const head = Buffer.alloc(256);
    const read = fs.readSync(fd, head, 0, head.length, 0);
    return REJECTS_START.test(head.subarray(0, read).toString('utf8'));
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Refuses a rejects path that Loadline must not write: a folder, a symlink or device, or any existing file that
 * the checkpoint of this input, target and table does not record (`recorded`). A run writes only a file it
 * creates or a checkpoint records: an empty file may be another program's (and a hard link shares it), and one
 * at the default path that reads as rejects holds an earlier, finished run's, which the user may have edited.
 * `asked`: the path was named with --rejects.
 */
export function checkRejectsPath(file: string, own: { recorded?: string; recordedId?: string | null; asked: boolean }): void {
  const state = outputState(file);
  if (state === 'absent') return;
  const refuse = (reason: string, fact: string) => new IngestError('usage', fact, { reason, output: 'rejects', file });
  if (file === own.recorded) {
    // A checkpoint written before the file's identity was kept has none: its path alone makes the file ours.
    if (own.recordedId === undefined || (state === 'file' && own.recordedId === identityOf(file))) return;
    throw refuse('not-loadline', `${file} is not the rejects file that the checkpoint of this load records (it was replaced or linked since)`);
  }
  if (state === 'folder') throw refuse('output-folder', `the rejects file ${file} is a folder`);
  if (state === 'other' && fs.lstatSync(file).isSymbolicLink()) throw refuse('not-loadline', `${file} is a symlink`);
  const empty = state === 'file' && fs.lstatSync(file).size === 0;
  if (state === 'other' || (!empty && !isRejectsFile(file))) throw refuse('not-loadline', `${file} exists and is not a Loadline rejects file`);
  if (!own.asked && !empty) throw refuse('earlier-rejects', `${file} holds the rejects of an earlier run`);
  throw refuse('not-loadline', `${file} exists and no checkpoint of this load records it`);
}
