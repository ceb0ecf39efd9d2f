// Kept apart from readFromDisk: the browser build words these too, and must not import `fs`.

/**
 * The largest contract file (a .loadline.json, a datapackage.json, a Table Schema) Loadline reads: such files
 * are read whole and parsed in memory, so a bigger one (a 3 GB file named by mistake, or on purpose) would stall
 * the server and the CLI for a minute and take gigabytes. Real contracts, even with enums of 100,000 codes,
 * stay under a few MiB.
 */
export const MAX_CONTRACT_FILE_BYTES = 64 * 1024 * 1024;

/**
 * Why a path that is there cannot be read as a file: a folder, a FIFO or a device (`not-regular`), a symlink
 * to nothing, a symlink loop, permissions (`denied`), a contract file above MAX_CONTRACT_FILE_BYTES (`too-large`,
 * with its size in bytes), a file that claims no size yet has content (`no-size`: /proc, /sys), so the limit
 * cannot be kept, or a name with a NUL character, which no file system takes (`nul-in-name`: a path such as
 * "a\u0000b.json" in a contract); `error` carries any other errno code.
 */
export type Unreadable =
  | { why: 'folder' | 'not-regular' | 'dangling-link' | 'link-loop' | 'no-size' | 'nul-in-name' }
  | { why: 'denied' | 'error'; code: string }
  | { why: 'too-large'; size: number };

/** A regular file that can be read, nothing there, or something there that cannot be read. */
export type FileState = 'file' | 'missing' | Unreadable;

/** Why, in a few words, to follow "cannot read PATH: ". */
export function describeUnreadable(state: Unreadable): string {
  switch (state.why) {
    case 'folder':
      return 'it is a folder';
    case 'not-regular':
      return 'it is not a regular file (a FIFO, a socket or a device)';
    case 'dangling-link':
      return 'it is a symbolic link to nothing (dangling)';
    case 'link-loop':
      return 'it is a symbolic link loop';
    case 'denied':
      return `permission denied (${state.code})`;
    case 'error':
      return state.code;
    case 'nul-in-name':
      return 'its name holds the NUL character \\u0000, which no file name can hold';
    case 'no-size':
      return `it reports a size of 0 yet has content (a /proc or /sys file), so the ${mebibytes(MAX_CONTRACT_FILE_BYTES)} MiB limit on a contract or schema file cannot be kept`;
    case 'too-large':
      return `it is ${mebibytes(state.size)} MiB, above the ${mebibytes(MAX_CONTRACT_FILE_BYTES)} MiB that Loadline reads of a contract or schema file`;
  }
}

const mebibytes = (bytes: number) => Math.ceil(bytes / (1024 * 1024));

/** A text's size in UTF-8 bytes above the limit: for text read through an editor, which gives no size first. */
export function textTooLarge(text: string): Unreadable | undefined {
  // A UTF-8 byte count is at least the string's length and at most three times it: encode only in between.
  if (text.length * 3 <= MAX_CONTRACT_FILE_BYTES) return undefined;
  const size = text.length > MAX_CONTRACT_FILE_BYTES ? text.length : new TextEncoder().encode(text).length;
  return size > MAX_CONTRACT_FILE_BYTES ? { why: 'too-large', size } : undefined;
}
