import * as fs from 'fs';
import { IngestError } from '../ingestError';
import { statInput } from './statInput';

/**
 * Lines appended, rewritten in place or the file replaced during the load would be mixed into it: refuse the
 * result. The ctime catches a rewrite whose mtime was put back (`touch -r`): only the kernel sets it.
 */
export function checkInputUnchanged(file: string, before: fs.Stats): void {
  const after = statInput(file);
  const same = (['size', 'mtimeMs', 'ctimeMs', 'dev', 'ino'] as const).every((field) => after[field] === before[field]);
  if (!same) {
    throw new IngestError('file', `${file} changed while it was loading (it was written to or replaced), so the counts may not match it`, {
      file,
      reason: 'changed',
    });
  }
}
