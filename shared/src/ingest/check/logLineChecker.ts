/*
 * The log checker's engine (issue 25), shared by `loadline validate` (cli/) and the editor (server/), free of
 * fs so the browser build can use it. API, agreed between h55 (engine, CLI) and h56 (editor):
 *
 *   const checker = new LogLineChecker(mapping);       // one per check of a whole log, in file order
 *   checker.check(line, text) → LineFinding | undefined // line: 1-based in the file; undefined: a row or blank
 *   checker.reject(line, code, reason)                  // a line the reader refused (encoding-error, line-too-long)
 *
 *   LineFinding (below): an error exactly when `loadline ingest --dry-run` rejects the line, with its code and
 *   reason; `mapped` is what mapLine returned, so the editor can place ranges from it without mapping twice.
 *   Keys: `onDuplicate: "error"` → an error naming the first line (the dry run's reason); skip/update → an
 *   information finding with `firstLine` and `onDuplicate` (the core words no messages: adapters say which wins).
 *   Keys are held as digests (KeyIndex), compared as the created table compares them (newTableCollations).
 *   For incremental editing, `mapLogLine(text)` maps one line and gives its key; `LogKeys` re-decides repeats
 *   from those keys in file order without mapping again.
 */
import { IngestMapping } from '../../mapping/ingestMapping';
import { MappedLine, mapLine } from '../../mapping/mapLine';
import { KeyIndex } from '../keys/keyIndex';
import { duplicateKeyReason } from '../keys/repeatFinder';
import { newTableCollations } from '../parse/keyCollation';
import { rowKey } from '../parse/keyValue';
import { LogRejectCode } from '../reject';

export type LineFinding =
  /** The dry run rejects this line with this code and reason. */
  | { line: number; severity: 'error'; code: LogRejectCode; reason: string; mapped?: MappedLine; firstLine?: number }
  /** The line repeats the key of `firstLine`; with skip the first line wins, with update the last one does. */
  | { line: number; severity: 'information'; code: 'duplicate-key'; firstLine: number; onDuplicate: 'skip' | 'update'; mapped: MappedLine };

/** One line mapped, with its key as the table compares it when it is a row. */
export type MappedLogLine = { mapped: MappedLine; key?: string };

/** Maps lines of one mapping and gives their keys; pure, so an editor can cache each line's result. */
export function logLineMapper(mapping: IngestMapping): (text: string) => MappedLogLine {
  const keyOf = rowKey(mapping, newTableCollations(mapping));
  return (text) => {
    const mapped = mapLine(text, mapping);
    return mapped.kind === 'row' ? { mapped, key: keyOf(mapped.values) } : { mapped };
  };
}

/** The first line of each key, in file order; `add` returns the earlier line that had the key, or 0. */
export class LogKeys {
  private readonly index: KeyIndex;

  /** `expected`: how many keys to make room for at once (KeyIndex). */
  constructor(expected?: number) {
    this.index = new KeyIndex(expected);
  }
  add(key: string, line: number): number {
    return this.index.add(key, line);
  }
}

/** Checks a log's lines in file order, as the dry run checks them. */
export class LogLineChecker {
  private readonly mapOne: (text: string) => MappedLogLine;

  /** `keys`: the line that had each key first (a whole log's check holds them within a budget: BudgetedKeys). */
  constructor(
    private readonly mapping: IngestMapping,
    private readonly keys: Pick<LogKeys, 'add'> = new LogKeys(),
  ) {
    this.mapOne = logLineMapper(mapping);
  }

  check(line: number, text: string): LineFinding | undefined {
    const { mapped, key } = this.mapOne(text);
    if (mapped.kind === 'blank') return undefined;
    if (mapped.kind === 'reject') return { line, severity: 'error', code: mapped.code, reason: mapped.reason, mapped };
    const firstLine = this.keys.add(key!, line);
    if (firstLine === 0) return undefined;
    const { onDuplicate } = this.mapping;
    if (onDuplicate === 'error')
      return { line, severity: 'error', code: 'duplicate-key', reason: duplicateKeyReason(this.mapping, mapped.values, firstLine), mapped, firstLine };
    return { line, severity: 'information', code: 'duplicate-key', firstLine, onDuplicate, mapped };
  }

  /** A line the reader refused before mapping (not UTF-8, too long): the dry run rejects it the same way. */
  reject(line: number, code: LogRejectCode, reason: string): LineFinding {
    return { line, severity: 'error', code, reason };
  }
}
