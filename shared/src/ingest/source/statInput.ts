import * as fs from 'fs';
import { IngestError } from '../ingestError';

/** The log's stat, or a 'file' IngestError: missing, unreadable, or not a regular file (a FIFO would block). */
export function statInput(file: string): fs.Stats {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new IngestError('file', `cannot read ${file}: ${reason}`, { file });
  }
  if (!stat.isFile()) throw new IngestError('file', `${file} is not a regular file`, { file });
  return stat;
}
