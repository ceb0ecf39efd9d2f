import * as fs from 'fs';

/**
 * Moves an earlier run's rejects file out of a new run's way and returns where it went: beside it, named for
 * when it was moved (`x.loadline-rejects.jsonl` → `x.loadline-rejects.2026-12-06T12-30-00.jsonl`). A hard link then
 * an unlink, so that it never replaces a file already at the new name (a second move in the same second gets `-2`).
 */
export function moveAside(file: string, now: Date): string {
  const stamp = now.toISOString().slice(0, 19).replace(/:/g, '-');
  const dot = file.lastIndexOf('.');
  const [stem, extension] = dot > file.lastIndexOf('/') ? [file.slice(0, dot), file.slice(dot)] : [file, ''];
  for (let n = 1; ; n++) {
    const target = `${stem}.${stamp}${n === 1 ? '' : `-${n}`}${extension}`;
    try {
      fs.linkSync(file, target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw error;
    }
    fs.unlinkSync(file);
    return target;
  }
}
