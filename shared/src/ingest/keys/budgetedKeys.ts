import * as os from 'os';
import { IngestError } from '../ingestError';
import { DIGEST, digestKey } from '../../schema/digest64';
import { UniqueIndex } from '../../schema/uniqueIndex';
import { integerKey } from './keyIndex';
import { BYTES_PER_HASHED_KEY, KeyPartitions } from './keyPartitions';

/**
 * The memory a whole log's key index may take before it spills to disk: 6.7 million keys. The benchmark's 1 GiB
 * log (5.8 million chat lines) stays within it, so its check keeps one pass; a 1 GiB log of short lines (45
 * million keys, 675 MB as an index) spills, and its check stays under 300 MB.
 */
const KEY_BUDGET_BYTES = 96 << 20;
/** Another budget in MB (a machine with less memory; the CLI's tests force tiny ones). */
export const KEY_BUDGET_VARIABLE = 'LOADLINE_KEY_BUDGET_MB';

/** The budget the environment sets, else KEY_BUDGET_BYTES; a value that is not a number of MB above 0 is refused. */
function keyBudgetBytes(): number {
  const set = process.env[KEY_BUDGET_VARIABLE];
  // Set but empty is unset, as a shell's `VAR= command` means.
  if (set === undefined || set === '') return KEY_BUDGET_BYTES;
  const bytes = /^\d+(\.\d+)?$/.test(set.trim()) ? Math.round(Number(set) * 2 ** 20) : 0;
  // Under 1 KiB every few keys would be a file of their own (hp25b 01).
  if (bytes >= 1024 && Number.isFinite(bytes)) return bytes;
  throw new IngestError('usage', `${KEY_BUDGET_VARIABLE} must be a number of MB from 0.001 on, such as 96 (it is "${set}")`, {
    variable: KEY_BUDGET_VARIABLE,
  });
}

/**
 * Every key of a log with the line that had it first, within a memory budget. While the digests fit, this is
 * KeyIndex's UniqueIndex and `add` answers at once. Past the budget the index's digests and every later key's go to
 * disk (KeyPartitions), and `add` answers nothing (`spilledFrom` says from which line) until `settle`; a second pass
 * over the lines from `spilledFrom` then asks again, in line order, and gets the answers. The integers in the
 * index's runs stay in memory, so sequential ids never spill.
 */
export class BudgetedKeys {
  private readonly index: UniqueIndex;
  private spilled?: KeyPartitions;
  private settled = false;
  /** The first line whose repeat is known only after `settle`; 0 while nothing has spilled. */
  spilledFrom = 0;

  /** `expected`: the keys to make room for at once, as far as the budget allows. */
  constructor(
    expected: number,
    private readonly budget = keyBudgetBytes(),
    private readonly tempRoot = os.tmpdir(),
  ) {
    this.index = new UniqueIndex(Math.min(expected, Math.floor(budget / BYTES_PER_HASHED_KEY)));
  }

  /** Records `key` at `line`; returns the line that had it first, or 0 when it is new or not yet known. */
  add(key: string, line: number): number {
    // "7" and "07" stay two keys: only the canonical spelling becomes a number (KeyIndex).
    const value = integerKey(key) ?? key;
    if (!this.spilled) {
      const first = this.index.add(value, line);
      if (this.index.hashedBytes > this.budget) this.spill(line + 1);
      return first;
    }
    const inRuns = this.index.rowOf(value);
    if (inRuns !== 0) return inRuns;
    digestKey(value);
    if (this.settled) return this.spilled.firstLineOf(DIGEST.hi, DIGEST.lo, line);
    this.spilled.add(DIGEST.hi, DIGEST.lo, line);
    return 0;
  }

  /** After the first pass: the repeats of every spilled key are found, and `add` answers again. */
  async settle(): Promise<void> {
    await this.spilled?.settle();
    this.settled = true;
  }

  /** Removes the spilled keys' temporary folder (on every way out of a check). */
  dispose(): void {
    this.spilled?.dispose();
  }

  private spill(from: number): void {
    const spilled = (this.spilled = KeyPartitions.create(this.tempRoot, this.budget));
    this.spilledFrom = from;
    this.index.spillHashed((hi, lo, row) => spilled.add(hi, lo, row));
  }
}
