import * as fs from 'fs';
import { IngestError, inputLost } from '../ingestError';

/**
 * Lines appended, rewritten in place or the file replaced during the load would be mixed into it: refuse the
 * result. The ctime catches a rewrite whose mtime was put back (`touch -r`): only the kernel sets it.
 */
export function checkInputUnchanged(file: string, before: fs.Stats, during = 'it was loading'): void {
  let after: fs.Stats;
  try {
    after = fs.statSync(file);
  } catch (error) {
    throw inputLost(file, (error as NodeJS.ErrnoException).code ?? (error as Error).message);
  }
  const same = (['size', 'mtimeMs', 'ctimeMs', 'dev', 'ino'] as const).every((field) => after[field] === before[field]);
  if (!same) {
    throw new IngestError('file', `${file} changed while ${during} (it was written to or replaced), so the counts may not match it`, {
      file,
      reason: 'changed',
    });
  }
}
