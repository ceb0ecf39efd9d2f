import { DIGEST, digestKey } from './digest64';
import { checkRowLimit } from './rowLimit';

/**
 * The rows seen so far, for `unique`, `primaryKey` and `uniqueKeys` over files of any size.
 * - Integers that come in runs (ids 1, 2, 3… on consecutive rows, the usual key column) are kept as runs: three
 *   numbers for a run of any length, found by binary search. Ten million sequential ids take a few bytes.
 * - Other values go into a hash table of 64-bit digests: 12 bytes a slot (digest and first row) in typed arrays,
 *   not a string per value. Two different values share a digest with odds of about n²/2^65 (10 million values:
 *   1 in 300,000); such a pair would be reported as a repeat.
 * - The table is cut into SHARDS by the digest's top bits, and each grows on its own: a growing table's old and
 *   new slots coexist while it moves, and for one whole table that was the check's peak (a 1 GiB log's 5.8 million
 *   keys: 85 MB old and 127 MB new at once); for a shard it is a 64th of that.
 */
export class UniqueIndex {
  private readonly runStart: number[] = [];
  private readonly runEnd: number[] = [];
  /** The row of each run's first value; the rows of a run are consecutive. */
  private readonly runRow: number[] = [];
  /** The hash table's shards, each allocated by its first value. */
  private readonly shards: DigestShard[] = [];
  private readonly shardCapacity: number;
  /** Values in the hash table (not in runs). */
  private count = 0;
  /** Bytes the hash table's slots take; the runs take a few numbers each. */
  hashedBytes = 0;

  /** `expected`: how many values to make room for at once (a streaming check estimates it from the file size). */
  constructor(expected = 1024) {
    this.shardCapacity = Math.max(16, Math.ceil(expected / MAX_LOAD / SHARDS));
  }

  /** An index as postMessage gave it (its fields, copied): the class again, for a thread that did not build it. */
  static revive(posted: UniqueIndex): UniqueIndex {
    const index = Object.setPrototypeOf(posted, UniqueIndex.prototype) as UniqueIndex;
    for (const shard of index.shards) if (shard) Object.setPrototypeOf(shard, DigestShard.prototype);
    return index;
  }

  /** Records `key` at `row`; returns the row that held it first, or 0 when it is new. */
  add(key: unknown, row: number): number {
    if (typeof key !== 'number' || !Number.isSafeInteger(key)) return this.addHashed(key, row);
    const inRuns = this.findInRuns(key);
    if (inRuns !== 0) return inRuns;
    if (this.count > 0) {
      const hashed = this.addHashed(key, row, false);
      if (hashed !== 0) return hashed;
    }
    return this.extendRuns(key, row) ? 0 : this.addHashed(key, row);
  }

  /** The first row that holds `key`, or 0: a lookup that records nothing (a foreign key's referenced keys). */
  rowOf(key: unknown): number {
    if (typeof key === 'number' && Number.isSafeInteger(key)) {
      const inRuns = this.findInRuns(key);
      if (inRuns !== 0 || this.count === 0) return inRuns;
    }
    return this.count === 0 ? 0 : this.addHashed(key, 0, false);
  }

  private findInRuns(value: number): number {
    let low = 0;
    let high = this.runStart.length - 1;
    if (high < 0 || value > this.runEnd[high]) return 0;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      if (value < this.runStart[mid]) high = mid - 1;
      else if (value > this.runEnd[mid]) low = mid + 1;
      else return this.runRow[mid] + (value - this.runStart[mid]);
    }
    return 0;
  }

  /** Adds a value above every run to the last run, or starts a new one; false when it cannot go into the runs. */
  private extendRuns(value: number, row: number): boolean {
    const last = this.runStart.length - 1;
    if (last >= 0 && value <= this.runEnd[last]) return false;
    if (last >= 0 && value === this.runEnd[last] + 1 && row === this.runRow[last] + (value - this.runStart[last])) {
      this.runEnd[last] = value;
      return true;
    }
    // Scattered values would make one run each, which costs more than the hash table.
    if (last + 1 >= MAX_RUNS) return false;
    this.runStart.push(value);
    this.runEnd.push(value);
    this.runRow.push(row);
    return true;
  }

  /** The hash table: returns the first row of `key`, or 0 after recording it (when `insert`). */
  private addHashed(key: unknown, row: number, insert = true): number {
    digestKey(key);
    return this.addDigest(DIGEST.hi, DIGEST.lo, row, insert);
  }

  /** Records a key that is no safe integer by its digest (digest64's): a parallel check's ranges send digests. */
  addDigest(hi: number, lo: number, row: number, insert = true): number {
    const at = hi >>> (32 - SHARD_BITS);
    let shard = this.shards[at];
    if (!shard) {
      if (!insert) return 0;
      shard = this.shards[at] = new DigestShard(this.shardCapacity);
      this.hashedBytes += shard.bytes;
    }
    const before = shard.bytes;
    const held = shard.add(hi, lo, row, insert);
    if (held === 0 && insert) this.count++;
    this.hashedBytes += shard.bytes - before;
    return held;
  }

  /**
   * Hands each hashed value's digest and first row to `take`, then forgets them (a key index past its memory
   * budget moves them to disk); the runs stay, so `rowOf` still answers for the integers in them.
   */
  spillHashed(take: (hi: number, lo: number, row: number) => void): void {
    for (const shard of this.shards) shard?.forEach(take);
    this.shards.length = 0;
    this.count = 0;
    this.hashedBytes = 0;
  }
}

/** One shard of the hash table: open addressing with linear probing, [hi, lo, row] per slot. */
class DigestShard {
  /** Row 0 marks an empty slot (rows start at 1). */
  private slots: Uint32Array;
  private count = 0;

  constructor(private capacity: number) {
    this.slots = new Uint32Array(capacity * 3);
  }

  get bytes(): number {
    return this.slots.byteLength;
  }

  forEach(take: (hi: number, lo: number, row: number) => void): void {
    const slots = this.slots;
    for (let i = 0; i < slots.length; i += 3) if (slots[i + 2] !== 0) take(slots[i], slots[i + 1], slots[i + 2]);
  }

  /** The first row of the digest, or 0 after recording it (when `insert`). */
  add(hi: number, lo: number, row: number, insert: boolean): number {
    let slot = (hi % this.capacity) * 3;
    const slots = this.slots;
    for (;;) {
      const held = slots[slot + 2];
      if (held === 0) break;
      if (slots[slot] === hi && slots[slot + 1] === lo) return held;
      slot += 3;
      if (slot === slots.length) slot = 0;
    }
    if (!insert) return 0;
    checkRowLimit(row);
    slots[slot] = hi;
    slots[slot + 1] = lo;
    slots[slot + 2] = row;
    if (++this.count > this.capacity * MAX_LOAD) this.grow();
    return 0;
  }

  private grow(): void {
    const old = this.slots;
    // ×1.5, not ×2: the old and new slots coexist while moving.
    this.capacity = Math.ceil(this.capacity * 1.5);
    this.slots = new Uint32Array(this.capacity * 3);
    for (let i = 0; i < old.length; i += 3) {
      if (old[i + 2] === 0) continue;
      let slot = (old[i] % this.capacity) * 3;
      while (this.slots[slot + 2] !== 0) {
        slot += 3;
        if (slot === this.slots.length) slot = 0;
      }
      this.slots[slot] = old[i];
      this.slots[slot + 1] = old[i + 1];
      this.slots[slot + 2] = old[i + 2];
    }
  }
}

const MAX_LOAD = 0.8;
/** 64 shards, chosen by a digest's top 6 bits; a shard's slot by the digest modulo its capacity. */
const SHARD_BITS = 6;
const SHARDS = 2 ** SHARD_BITS;
const MAX_RUNS = 65_536;
