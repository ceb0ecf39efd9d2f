import { DIGEST, digestKey } from './digest64';

/** Where a digest's halves sit in a 64-bit word read as two 32-bit ones, so that the words sort as hi, then lo. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const HI = LITTLE_ENDIAN ? 1 : 0;
const LO = 1 - HI;
/** About this many digests a directory entry covers. */
const PER_BUCKET = 4;

/**
 * A set of keys as their 64-bit digests (digest64's), for a foreign key's referenced keys: sorted and
 * deduplicated in one typed array, 8 bytes a key (10,000,000 keys: 80 MB, where a hash table that also held each
 * key's row took 143 MB), found through a directory of the digests' top bits (a few words a lookup, as a hash
 * table's). Filled by add(), then sealed once: the digests seen more than once are kept apart (`repeated`), for the
 * caller to confirm on the keys themselves, since two different keys may share a digest.
 */
export class DigestSet {
  /** Two words a digest, as the 64-bit words that sort them. */
  private words: Uint32Array<ArrayBufferLike>;
  private count = 0;
  private sealed = false;
  /** directory[b]: the first digest whose top `bits` bits are b or more. */
  private directory: Uint32Array<ArrayBufferLike> = new Uint32Array(2);
  private shift = 32;
  /** The digests seen more than once, once each (after seal). */
  repeated?: DigestSet;

  /**
   * `expected`: how many keys to make room for at once (a file's line count: no copy as it fills). `shared`: in
   * shared memory, so that postMessage gives other threads the set itself, not a copy each (revive).
   */
  constructor(
    expected = 1024,
    private readonly shared = false,
  ) {
    this.words = this.allocate(2 * Math.max(Math.ceil(expected), 16));
  }

  /** A set as postMessage gave it: its arrays, shared when it was made `shared`. */
  static revive(posted: DigestSet): DigestSet {
    const set = Object.setPrototypeOf(posted, DigestSet.prototype) as DigestSet;
    if (set.repeated) DigestSet.revive(set.repeated);
    return set;
  }

  private allocate(length: number): Uint32Array<ArrayBufferLike> {
    return this.shared ? new Uint32Array(new SharedArrayBuffer(4 * length)) : new Uint32Array(length);
  }

  get size(): number {
    return this.count;
  }

  /** Adds a key's digest (before seal). */
  add(hi: number, lo: number): void {
    if (this.sealed) throw new Error('DigestSet: add after seal');
    if (2 * this.count === this.words.length) {
      // ×1.5, not ×2: the old and new arrays coexist while copying, and this is the largest allocation.
      const grown = this.allocate(2 * Math.ceil(this.count * 1.5));
      grown.set(this.words);
      this.words = grown;
    }
    this.words[2 * this.count + HI] = hi;
    this.words[2 * this.count + LO] = lo;
    this.count++;
  }

  /** Sorts, drops repeats (keeping them in `repeated`), gives back much room left over, and builds the directory. */
  seal(): this {
    if (this.sealed) return this;
    this.sealed = true;
    const words = this.words;
    new BigUint64Array(words.buffer, words.byteOffset, this.count).sort();
    let kept = 0;
    let repeated: DigestSet | undefined;
    for (let i = 0; i < this.count; i++) {
      const hi = words[2 * i + HI];
      const lo = words[2 * i + LO];
      if (kept > 0 && words[2 * kept - 2 + HI] === hi && words[2 * kept - 2 + LO] === lo) {
        const last = repeated?.count ?? 0;
        if (last === 0 || repeated!.words[2 * last - 2 + HI] !== hi || repeated!.words[2 * last - 2 + LO] !== lo) (repeated ??= new DigestSet(16)).add(hi, lo);
        continue;
      }
      words[2 * kept + HI] = hi;
      words[2 * kept + LO] = lo;
      kept++;
    }
    this.count = kept;
    // A copy holds both arrays at once (10,000,000 keys: 80 MB more at the peak): only for room mostly unused.
    this.words = kept * 2 < words.length * 0.75 ? this.copied(words, kept * 2) : words.subarray(0, kept * 2);
    if (repeated) this.repeated = repeated.seal();
    const bits = Math.min(24, Math.max(0, Math.floor(Math.log2(kept / PER_BUCKET))));
    this.shift = 32 - bits;
    this.directory = this.allocate((1 << bits) + 1);
    for (let i = 0, b = 0; b <= 1 << bits; b++) {
      while (i < kept && this.bucketOf(this.words[2 * i + HI]) < b) i++;
      this.directory[b] = i;
    }
    return this;
  }

  /** The first `length` words, in memory of the set's kind (slice would make a shared array's copy unshared). */
  private copied(words: Uint32Array<ArrayBufferLike>, length: number): Uint32Array<ArrayBufferLike> {
    const copy = this.allocate(length);
    copy.set(words.subarray(0, length));
    return copy;
  }

  /** Whether the set holds the digest (after seal). */
  has(hi: number, lo: number): boolean {
    const b = this.bucketOf(hi);
    const words = this.words;
    for (let i = this.directory[b], end = this.directory[b + 1]; i < end; i++) {
      const at = words[2 * i + HI];
      if (at > hi) return false;
      if (at === hi) {
        const low = words[2 * i + LO];
        if (low === lo) return true;
        if (low > lo) return false;
      }
    }
    return false;
  }

  hasKey(key: unknown): boolean {
    digestKey(key);
    return this.has(DIGEST.hi, DIGEST.lo);
  }

  private bucketOf(hi: number): number {
    // A shift of 32 is a shift of 0 in JavaScript: one bucket then.
    return this.shift === 32 ? 0 : hi >>> this.shift;
  }
}
