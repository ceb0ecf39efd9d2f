import picomatch from 'picomatch';
import { compileMapping } from './compileMapping';
import { DeclaredMapping } from './declaredMapping';
import { CHAT_MESSAGES } from './chatMapping';
import { IngestMapping } from './ingestMapping';
import { isRejectsFile } from './rejectsFileName';

export type PickedMapping =
  | { mapping: IngestMapping; index: number }
  /** No declared mapping applies: the built-in chat mapping does, and the adapters say so. */
  | { mapping: IngestMapping; index: -1 }
  | { error: string };

/**
 * The mapping for a log: the one named by `name` (--mapping), else the first whose globs match the log's path
 * below the config's folder ('/'-separated), else the built-in chat mapping. Loadline's own rejects files match none.
 */
export function pickMapping(mappings: DeclaredMapping[], below: string | undefined, name?: string): PickedMapping {
  if (name !== undefined) {
    const index = mappings.findIndex((m) => m.name === name);
    if (index !== -1) return { mapping: compileMapping(mappings[index]), index };
    if (name === CHAT_MESSAGES.name) return { mapping: CHAT_MESSAGES, index: -1 };
    const known = [...mappings.map((m) => m.name), `${CHAT_MESSAGES.name} (built in)`].join(', ');
    return { error: `there is no mapping named "${name}"; the mappings are ${known}` };
  }
  const index =
    below === undefined || below.startsWith('../') || isRejectsFile(below)
      ? -1
      : mappings.findIndex((m) => m.files !== undefined && picomatch(m.files, { dot: true })(below));
  return index === -1 ? { mapping: CHAT_MESSAGES, index } : { mapping: compileMapping(mappings[index]), index };
}

/** The names of the declared mappings whose globs match the log, for an editor to offer when there are several. */
export function mappingsMatching(mappings: DeclaredMapping[], below: string): string[] {
  return mappings.filter((m) => m.files !== undefined && picomatch(m.files, { dot: true })(below)).map((m) => m.name);
}
