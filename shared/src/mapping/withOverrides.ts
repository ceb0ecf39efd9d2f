import { OnDuplicate } from './declaredMapping';
import { CHAT_MESSAGES } from './chatMapping';
import { IngestMapping } from './ingestMapping';

/** The mapping a run uses: the built-in chat mapping unless one is given, with the command line's table and duplicates mode. */
export function withOverrides(options: { mapping?: IngestMapping; table?: string; onDuplicate?: OnDuplicate }): IngestMapping {
  return {
    ...(options.mapping ?? CHAT_MESSAGES),
    ...(options.table ? { table: options.table } : {}),
    ...(options.onDuplicate ? { onDuplicate: options.onDuplicate } : {}),
  };
}
