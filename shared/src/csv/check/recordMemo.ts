import { Problem } from '../../problem';

/** What a check keeps of one data record, so that the next check of the document need not parse it. */
export interface RememberedRecord {
  /** Offsets in the text (after any BOM): where it starts, and just past its line break. */
  start: number;
  next: number;
  /** Its row as the user sees it (the header is row 1). */
  row: number;
  /** How many cells it has. */
  cells: number;
  /** For each key rule (unique column, primary key, uniqueKeys), the key the rule's index took, or undefined. */
  keys: unknown[];
  /** The problems of its own cells and length; undefined when some went uncounted past the cap. */
  problems?: Problem[];
}

/** A finished check: its text, what its records' results depended on, and the records. */
export interface RememberedCheck {
  text: string;
  /** The contract, header, dialect and options, as one string: a check with another signature starts afresh. */
  signature: string;
  /** Just past the header record. */
  headerNext: number;
  records: RememberedRecord[];
}

/** Past this, a document is checked afresh each time: the memo would cost more memory than it saves time. */
const MAX_RECORDS = 250_000;

/**
 * The last check of one document, for the next. An edit changes a few records: the next check parses and
 * checks only the text between the unchanged start and the unchanged end, and takes every other record's
 * problems and keys from here (shifted when lines were added or removed above them), which makes a check
 * while typing cost about the size of the edit. Strings kept here are copies, never slices of the document,
 * so that no old version of the text stays in memory through them.
 */
export class RecordMemo {
  private last?: RememberedCheck;
  private next?: RememberedCheck;

  /** The last finished check, if it can be built on. */
  get previous(): RememberedCheck | undefined {
    return this.last;
  }

  /** Starts remembering a check of `text`. */
  begin(text: string): void {
    this.next = { text, signature: '', headerNext: 0, records: [] };
  }

  /** The header is known: what the records' results depend on, and where the records start. */
  header(signature: string, headerNext: number): void {
    if (!this.next) return;
    this.next.signature = signature;
    this.next.headerNext = headerNext;
  }

  add(record: RememberedRecord): void {
    const next = this.next;
    if (!next) return;
    if (next.records.length >= MAX_RECORDS) this.spoil();
    else next.records.push(record);
  }

  /** This check cannot be built on (a quote error, a file fed in pieces): the next builds on the one before. */
  spoil(): void {
    this.next = undefined;
  }

  /** The check is complete: unless spoilt, it becomes the one the next check builds on. */
  end(): void {
    if (this.next) this.last = this.next;
    this.next = undefined;
  }
}

/** A copy of a key that shares no memory with the document's text (V8 keeps a slice's whole parent alive). */
export function detachedKey(key: unknown): unknown {
  return typeof key === 'string' ? (JSON.parse(JSON.stringify(key)) as string) : key;
}

/** How much of `a` and `b` is the same at the start, and then at the end (the two never overlap). */
export function commonEnds(a: string, b: string): { prefix: number; suffix: number } {
  const shorter = Math.min(a.length, b.length);
  let prefix = 0;
  // Whole blocks first: comparing two slices is a native memory compare.
  while (prefix + BLOCK <= shorter && a.slice(prefix, prefix + BLOCK) === b.slice(prefix, prefix + BLOCK)) prefix += BLOCK;
  while (prefix < shorter && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  const most = shorter - prefix;
  let suffix = 0;
  while (suffix + BLOCK <= most && a.slice(a.length - suffix - BLOCK, a.length - suffix) === b.slice(b.length - suffix - BLOCK, b.length - suffix))
    suffix += BLOCK;
  while (suffix < most && a.charCodeAt(a.length - 1 - suffix) === b.charCodeAt(b.length - 1 - suffix)) suffix++;
  return { prefix, suffix };
}

const BLOCK = 4096;
