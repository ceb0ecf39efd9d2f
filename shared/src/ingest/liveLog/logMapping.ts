import { DeclaredMapping } from '../../mapping/declaredMapping';
import { IngestMapping } from '../../mapping/ingestMapping';
import { pickMapping } from '../../mapping/pickMapping';

/**
 * The declared mapping that checks a log in the editor, as ingest picks it by the `files` globs, with its index in
 * the config's `ingest` list; undefined when none matches (the built-in chat mapping is not a contract).
 */
export function declaredMappingFor(mappings: DeclaredMapping[], below: string): { mapping: IngestMapping; index: number } | undefined {
  const picked = pickMapping(mappings, below);
  return 'error' in picked || picked.index < 0 ? undefined : picked;
}
