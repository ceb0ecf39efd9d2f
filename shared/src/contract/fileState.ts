// Kept apart from readFromDisk: the browser build words these too, and must not import `fs`.

/**
 * Why a path that is there cannot be read as a file: a folder, a FIFO or a device (`not-regular`), a symlink
 * to nothing, a symlink loop, or permissions (`denied`); `error` carries any other errno code.
 */
export type Unreadable = { why: 'folder' | 'not-regular' | 'dangling-link' | 'link-loop' } | { why: 'denied' | 'error'; code: string };

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
  }
}
