import { Checkpoint } from './checkpoint';
import { IngestError } from '../ingestError';
import { JournalIo, replacedSince } from './journalIo';
import { Reject } from '../reject';
import { addCounts, LineCounts, zeroCounts } from '../report';

/**
 * What a run has committed, and its rejects written in line order. `checkpoint.committed` is the one record
 * of committed ranges; the rejects file holds the rejects of ranges [0, rejectsPrefix), in order, and is
 * exactly `rejectsBytes` long. A range's rejects go out once every earlier range is committed, because only
 * then are their line numbers known.
 */
export class RunJournal {
  private readonly pendingRejects = new Map<number, Reject[]>();
  /** Lines in the ranges whose rejects are written. */
  private lineBase = 0;

  constructor(
    readonly checkpoint: Checkpoint,
    private readonly io: JournalIo,
  ) {
    this.repairRejectsFile();
    for (let i = 0; i < checkpoint.rejectsPrefix; i++) this.lineBase += checkpoint.committed[i].lines;
    // Committed ranges without rejects need no second parse to move the written prefix past them.
    this.writeRejectsInOrder();
  }

  isCommitted(range: number): boolean {
    return range in this.checkpoint.committed;
  }

  /** Committed ranges whose rejects never reached the file (a crash came first): parse them again for those. */
  rangesMissingRejects(): number[] {
    const { committed, rejectsPrefix } = this.checkpoint;
    return Object.keys(committed)
      .map(Number)
      .filter((index) => index >= rejectsPrefix && committed[index].rejected > 0)
      .sort((a, b) => a - b);
  }

  commit(range: number, counts: LineCounts, rejects: Reject[]): void {
    this.checkpoint.committed[range] = counts;
    this.addRejects(range, rejects);
  }

  /**
   * A range the database's ledger says is committed though no worker reported it (a stop that came during
   * its COMMIT): its counts count, and its rejects are written on --resume, which parses it again.
   */
  recordCommitted(range: number, counts: LineCounts): void {
    this.checkpoint.committed[range] = counts;
    this.writeRejectsInOrder();
    this.io.saveCheckpoint(this.checkpoint);
  }

  /** The rejects of a range committed by an earlier run, parsed again. */
  addRejects(range: number, rejects: Reject[]): void {
    this.pendingRejects.set(range, rejects);
    this.writeRejectsInOrder();
    this.io.saveCheckpoint(this.checkpoint);
  }

  get committedRanges(): number {
    return Object.keys(this.checkpoint.committed).length;
  }

  totals(): LineCounts {
    return Object.values(this.checkpoint.committed).reduce(addCounts, zeroCounts());
  }

  /** Every range committed and every reject written. */
  get complete(): boolean {
    const ranges = this.checkpoint.ranges.length;
    return this.committedRanges === ranges && this.checkpoint.rejectsPrefix === ranges;
  }

  /**
   * Throws an 'output' IngestError when the rejects file is not as long as this run wrote it, or not the file
   * it wrote: something else wrote to it, cut it or replaced it. The checkpoint then records no rejects written, so that a --resume writes them all again.
   */
  checkRejectsFile(): void {
    const checkpoint = this.checkpoint;
    const { rejectsFile: file } = checkpoint;
    const replaced = typeof checkpoint.rejectsId === 'string' && this.io.identityAt(file) !== checkpoint.rejectsId;
    if (this.io.size(file) === checkpoint.rejectsBytes && !replaced) return;
    checkpoint.rejectsPrefix = 0;
    checkpoint.rejectsBytes = 0;
    this.io.saveCheckpoint(checkpoint);
    throw new IngestError('output', `the rejects file ${file} was changed by something else during this run`, { file, reason: 'rejects-changed' });
  }

  /**
   * Longer than recorded: a crash between writing rejects and saving the checkpoint; cut it back (those
   * rejects are written again). Shorter: the file was cut or replaced; write every reject again.
   */
  private repairRejectsFile(): void {
    const checkpoint = this.checkpoint;
    // Only this load's own file is ever cut: one put at the path after the run's checks is left as it is.
    const there = this.io.identityAt(checkpoint.rejectsFile);
    if (there !== undefined && (checkpoint.rejectsId === null || (checkpoint.rejectsId !== undefined && there !== checkpoint.rejectsId)))
      throw replacedSince(checkpoint.rejectsFile);
    const size = this.io.size(checkpoint.rejectsFile);
    if (size < checkpoint.rejectsBytes) {
      checkpoint.rejectsPrefix = 0;
      checkpoint.rejectsBytes = 0;
    }
    if (size !== checkpoint.rejectsBytes) this.io.truncate(checkpoint.rejectsFile, checkpoint.rejectsBytes);
  }

  /**
   * Before the first reject goes into an empty or missing rejects file (checked as this load's own before the
   * run), records which file it is, so that a --resume refuses one put at its path since.
   */
  private recordRejectsFile(): void {
    const checkpoint = this.checkpoint;
    if (checkpoint.rejectsBytes > 0 && checkpoint.rejectsId !== undefined) return;
    checkpoint.rejectsId = this.io.identify(checkpoint.rejectsFile, checkpoint.rejectsId);
    this.io.saveCheckpoint(checkpoint);
  }

  private writeRejectsInOrder(): void {
    const checkpoint = this.checkpoint;
    while (checkpoint.rejectsPrefix < checkpoint.ranges.length) {
      const index = checkpoint.rejectsPrefix;
      const counts = checkpoint.committed[index];
      if (!counts) return;
      const rejects = this.pendingRejects.get(index);
      if (counts.rejected > 0 && !rejects) return;
      if (rejects && rejects.length > 0) {
        this.recordRejectsFile();
        const text = rejects
          .map((r) => JSON.stringify({ line: r.fileLine ? r.line : this.lineBase + r.line, code: r.code, reason: r.reason, text: r.text }) + '\n')
          .join('');
        this.io.append(checkpoint.rejectsFile, text, checkpoint.rejectsId ?? undefined);
        checkpoint.rejectsBytes += Buffer.byteLength(text);
      }
      this.pendingRejects.delete(index);
      this.lineBase += counts.lines;
      checkpoint.rejectsPrefix++;
    }
  }
}
