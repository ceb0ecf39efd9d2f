import * as fs from 'fs';
import * as path from 'path';
import { IngestError } from '../ingestError';
import { UniqueIndex } from '../../schema/uniqueIndex';

/** Bytes a key takes in UniqueIndex's hash table: a 12-byte slot, the table at most 80% full. */
export const BYTES_PER_HASHED_KEY = 15;
/** Each cut of a partition goes by 4 more bits of the digest's lo half. */
const FAN_OUT_BITS = 4;
const FAN_OUT = 1 << FAN_OUT_BITS;
/** lo has 32 bits: past 8 cuts a partition cannot be cut further and is settled as it is. */
const MOST_CUTS = 32 / FAN_OUT_BITS - 1;
/** A partition of this many records or fewer is never cut: its index is small whatever the budget says. */
const SMALLEST_CUT = 16;
/** Records a file's read or write buffer holds (a key record is 12 bytes, so 48 KiB). */
const BUFFERED_RECORDS = 4096;

/** One partition: its keys' (hi, lo, line) records in the order written, then its cuts or its repeats. */
interface Partition {
  depth: number;
  file: string;
  records: number;
  writer?: RecordWriter;
  cuts?: Partition[];
  /** A settled partition's repeats as (line, first line), in line order. */
  repeats?: RecordReader;
}

/**
 * The keys of a log past the key index's memory budget, on disk in a private temporary folder: (digest, line)
 * records cut into partitions by digest bits, each written in line order, so that a partition settles alone in a
 * UniqueIndex (a partition too big for the budget is cut again first). Settling gives each partition's repeats
 * in line order; a second pass over the log, in line order too, then takes each repeat from its partition's head.
 * A partition rather than a sort of runs: records stay in line order without a sort, the first line of a key is
 * simply the first record of its digest, and no k-way merge is needed on either pass.
 */
export class KeyPartitions {
  private readonly top: Partition[];
  private disposed = false;
  private readonly onSignal = (signal: NodeJS.Signals) => {
    this.dispose();
    // The signal's default (exit as killed by it) unless someone else handles it, as ingest does.
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };
  private readonly onExit = () => this.dispose();

  private constructor(
    private readonly dir: string,
    private readonly budget: number,
  ) {
    this.top = this.cut(0);
    process.on('SIGINT', this.onSignal);
    process.on('SIGTERM', this.onSignal);
    process.on('exit', this.onExit);
  }

  /** A folder of its own under `tempRoot`, removed by `dispose`, at exit and on SIGINT or SIGTERM. */
  static create(tempRoot: string, budget: number): KeyPartitions {
    const dir = guarded(tempRoot, () => fs.mkdtempSync(path.join(tempRoot, 'loadline-keys-')));
    try {
      return new KeyPartitions(dir, budget);
    } catch (error) {
      fs.rmSync(dir, { recursive: true, force: true });
      throw error;
    }
  }

  /** Records a key's digest and line: the spilled index's keys first (each once), then every later key in line order. */
  add(hi: number, lo: number, line: number): void {
    const partition = this.top[lo & (FAN_OUT - 1)];
    partition.records++;
    partition.writer!.put(hi, lo, line);
  }

  /** Finds every partition's repeats; after this, `firstLineOf` answers in line order. */
  async settle(): Promise<void> {
    for (const partition of this.top) await this.settlePartition(partition);
  }

  /** The line that had this digest first when `line` repeats it, else 0; asked for each spilled line in order. */
  firstLineOf(hi: number, lo: number, line: number): number {
    let partition = this.top[lo & (FAN_OUT - 1)];
    while (partition.cuts) partition = partition.cuts[(lo >>> ((partition.depth + 1) * FAN_OUT_BITS)) & (FAN_OUT - 1)];
    const repeats = partition.repeats;
    if (!repeats?.ready() || repeats.word(0) !== line) return 0;
    const first = repeats.word(1);
    repeats.advance();
    return first;
  }

  /** Closes the files and removes the folder; safe to call twice. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    process.off('SIGINT', this.onSignal);
    process.off('SIGTERM', this.onSignal);
    process.off('exit', this.onExit);
    // Closed unflushed: after a failed write (a full disk) a flush would only fail again and keep the folder.
    const close = (partitions: Partition[]): void =>
      partitions.forEach((p) => {
        p.writer?.abandon();
        p.repeats?.close();
        if (p.cuts) close(p.cuts);
      });
    try {
      close(this.top);
    } finally {
      fs.rmSync(this.dir, { recursive: true, force: true });
    }
  }

  private cut(depth: number, parent = ''): Partition[] {
    return Array.from({ length: FAN_OUT }, (_, i) => {
      const file = path.join(this.dir, `${parent}${i.toString(16)}`);
      return { depth, file, records: 0, writer: guarded(this.dir, () => new RecordWriter(file, 3)) };
    });
  }

  private async settlePartition(partition: Partition): Promise<void> {
    partition.writer!.close();
    partition.writer = undefined;
    // A turn of the event loop between partitions: a SIGINT or SIGTERM is handled (the folder removed) within one.
    await new Promise(setImmediate);
    if (this.disposed) throw new IngestError('output', `the key index's temporary files in ${this.dir} were removed before the check ended`);
    // A partition of a few records is settled as it is, whatever the budget: cutting it again only makes files (hp25b 01).
    if (partition.records * BYTES_PER_HASHED_KEY > this.budget && partition.records > SMALLEST_CUT && partition.depth < MOST_CUTS) {
      const cuts = (partition.cuts = this.cut(partition.depth + 1, path.basename(partition.file)));
      const shift = (partition.depth + 1) * FAN_OUT_BITS;
      this.read(partition.file, 3, (hi, lo, line) => {
        const cut = cuts[(lo >>> shift) & (FAN_OUT - 1)];
        cut.records++;
        cut.writer!.put(hi, lo, line);
      });
      for (const cut of cuts) await this.settlePartition(cut);
      return;
    }
    // Records come in line order (the spilled index's first lines, all distinct keys, before them): the index
    // then keeps each digest's first line, and every later record of it is a repeat, found in line order.
    const index = new UniqueIndex(partition.records);
    const repeatsFile = `${partition.file}.repeats`;
    const repeats = guarded(this.dir, () => new RecordWriter(repeatsFile, 2));
    this.read(partition.file, 3, (hi, lo, line) => {
      const first = index.addDigest(hi, lo, line);
      if (first !== 0) repeats.put(line, first);
    });
    repeats.close();
    // Most partitions of a log of unique keys have no repeat: no file held open for them.
    if (repeats.records > 0) partition.repeats = new RecordReader(repeatsFile, 2);
    else fs.rmSync(repeatsFile);
  }

  /** Reads a partition's records through `take`, then removes its file. */
  private read(file: string, width: number, take: (a: number, b: number, c: number) => void): void {
    const reader = new RecordReader(file, width);
    try {
      for (; reader.ready(); reader.advance()) take(reader.word(0), reader.word(1), reader.word(2));
    } finally {
      reader.close();
    }
    fs.rmSync(file);
  }
}

/** A file of fixed-width records of 32-bit words, written through one buffer. */
class RecordWriter {
  private readonly fd: number;
  private readonly words: Uint32Array;
  private used = 0;
  private closed = false;
  records = 0;

  constructor(
    private readonly file: string,
    private readonly width: number,
  ) {
    this.fd = fs.openSync(file, 'wx', 0o600);
    this.words = new Uint32Array(width * BUFFERED_RECORDS);
  }

  put(a: number, b: number, c = 0): void {
    const words = this.words;
    words[this.used] = a;
    words[this.used + 1] = b;
    if (this.width === 3) words[this.used + 2] = c;
    this.used += this.width;
    this.records++;
    if (this.used === words.length) this.flush();
  }

  close(): void {
    try {
      this.flush();
    } finally {
      this.abandon();
    }
  }

  /** Closes the file without writing what the buffer holds. */
  abandon(): void {
    if (this.closed) return;
    this.closed = true;
    fs.closeSync(this.fd);
  }

  private flush(): void {
    const bytes = new Uint8Array(this.words.buffer, 0, this.used * 4);
    guarded(path.dirname(this.file), () => {
      for (let done = 0; done < bytes.length;) done += fs.writeSync(this.fd, bytes, done, bytes.length - done);
    });
    this.used = 0;
  }
}

/** Reads a RecordWriter's file a record at a time: `ready`, then `word(i)`, then `advance`. */
class RecordReader {
  private readonly fd: number;
  private readonly words: Uint32Array;
  private at = 0;
  private end = 0;
  private closed = false;

  constructor(
    file: string,
    private readonly width: number,
  ) {
    this.fd = fs.openSync(file, 'r');
    this.words = new Uint32Array(width * BUFFERED_RECORDS);
  }

  /** Whether there is a current record (reading the next buffer when the last one is used up). */
  ready(): boolean {
    if (this.at < this.end) return true;
    if (this.closed) return false;
    const bytes = fs.readSync(this.fd, new Uint8Array(this.words.buffer), 0, this.words.byteLength, null);
    this.at = 0;
    this.end = bytes / 4;
    return this.end > 0;
  }

  word(i: number): number {
    return this.words[this.at + i];
  }

  advance(): void {
    this.at += this.width;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    fs.closeSync(this.fd);
  }
}

/** A failure to write the temporary files (a full disk, an unwritable folder) as one IngestError naming the folder. */
function guarded<T>(folder: string, write: () => T): T {
  try {
    return write();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new IngestError('output', `cannot write the key index's temporary files in ${folder} (${code})`, { folder, reason: code });
  }
}
