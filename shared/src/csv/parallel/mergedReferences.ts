import { DigestSet } from '../../schema/digestSet';
import { dropHeldKeys } from '../foreignKeys/dropHeldKeys';

/** What a parallel check does with its ranges' referencing keys (ParallelOptions' own). */
interface ReferenceMerging {
  heldKeys?: () => (DigestSet | undefined)[];
  onOrphansListed?: (foreignKey: number, references: Uint32Array[], delimiter: string) => void;
}

/**
 * A parallel check's referencing keys (RangeResult.references), merged in file order per foreign key, kept as they
 * came. Given the referenced keys read meanwhile (`heldKeys`), each piece is looked up as it is merged, and keeps its
 * orphans only; once the pieces merged hold `maxProblems` orphans, the ones a report lists are known
 * (`onOrphansListed`), and can be worded while the other ranges are checked rather than after them all.
 */
export class MergedReferences {
  private readonly pieces: Uint32Array[][];
  /** Per foreign key, how many of its pieces (from the first) were looked up, and the orphans they hold. */
  private readonly looked: number[];
  private readonly orphans: number[];

  constructor(
    foreignKeys: number,
    private readonly maxProblems: number,
    private readonly merging: ReferenceMerging,
    /** The check's, for the orphans' places. */
    private readonly delimiter: string,
  ) {
    this.pieces = Array.from({ length: foreignKeys }, () => []);
    this.looked = this.pieces.map(() => 0);
    this.orphans = this.pieces.map(() => 0);
  }

  /** A range's pieces, per foreign key, in file order after those added before. */
  add(references: Uint32Array[][]): void {
    references.forEach((pieces, k) => this.pieces[k].push(...pieces));
    this.dropHeld();
  }

  /** Per foreign key, its pieces: those looked up hold only their orphans. */
  done(): Uint32Array[][] {
    this.dropHeld();
    return this.pieces;
  }

  private dropHeld(): void {
    const held = this.merging.heldKeys?.();
    if (!held) return;
    this.pieces.forEach((pieces, k) => {
      const keys = held[k];
      if (!keys || this.looked[k] === pieces.length) return;
      const before = this.orphans[k];
      for (let i = this.looked[k]; i < pieces.length; i++) {
        pieces[i] = dropHeldKeys(pieces[i], keys);
        this.orphans[k] += pieces[i].length / 3;
      }
      this.looked[k] = pieces.length;
      if (before < this.maxProblems && this.orphans[k] >= this.maxProblems) this.merging.onOrphansListed?.(k, [...pieces], this.delimiter);
    });
  }
}
