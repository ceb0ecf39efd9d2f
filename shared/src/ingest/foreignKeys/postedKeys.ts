import { ReferencedKeys } from '../../csv/foreignKeyCheck';
import { DigestSet } from '../../schema/digestSet';
import { UniqueIndex } from '../../schema/uniqueIndex';

/**
 * A foreign key's referenced keys as the calling thread gives them to a load's workers (WorkerConfig.fileKeys):
 * read once, not once a worker. The digests are in shared memory (readFileKeys' `shared`), so each worker sees
 * the same set, not a copy (a 10,000,000-row referenced file: 80 MB in all, not 80 MB a thread); the keys
 * withdrawn, usually few, are copied, since a self-reference's fixpoint adds to them in each worker.
 */
export type PostedKeys = Pick<ReferencedKeys, 'index' | 'files' | 'withdrawn'>;

/** What a load's worker needs of `keys` (the referenced files' repeats and missing columns stopped the load already). */
export function postedKeys(keys: ReferencedKeys[]): PostedKeys[] {
  return keys.map(({ index, files, withdrawn }) => ({ index, files, ...(withdrawn ? { withdrawn } : {}) }));
}

/** The keys again, as a worker's postMessage gave them: their classes restored. */
export function receivedKeys(posted: PostedKeys[]): ReferencedKeys[] {
  return posted.map(({ index, files, withdrawn }) => ({
    index: DigestSet.revive(index),
    files,
    missingFields: [],
    ...(withdrawn ? { withdrawn: UniqueIndex.revive(withdrawn) } : {}),
  }));
}
