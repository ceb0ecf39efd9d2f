import { normalizeLabel } from '../contract/normalizeLabel';
import { tableRules } from '../contract/tableRules';
import { Contract, ForeignKeyTarget } from '../contract/types';
import { Range } from '../problem';
import { INVALID } from '../schema/temporal';
import { DigestSet } from '../schema/digestSet';
import { DIGEST, digestValues } from '../schema/digest64';
import { UniqueIndex } from '../schema/uniqueIndex';
import { LineCursor } from '../text/lineCursor';
import { locateCells } from './cells';
import { CheckedRecord, CsvCheckOptions, CsvReport, DEFAULT_MAX_PROBLEMS, validateCsv } from './check/validateCsv';
import { keyOf, referencingReader } from './check/referenceRules';

/**
 * A CSV a foreign key reads, by name, as a check over it: a file streamed from the disk (validateFile's
 * fileInput), or a text in memory (textInput: an editor's buffer, a browser's workspace file). The core reads
 * no disk here, so that the browser build can use it.
 */
export interface CsvInput {
  name: string;
  /** Its length, which sizes a key set before it is read (without `lines`). */
  size(): Promise<number>;
  /**
   * How many lines it has (no fewer than its rows), where counting them costs little beside reading it (a file on
   * disk): a large key set is then made that size at once, not grown (the old and new arrays coexist while it grows).
   */
  lines?: () => Promise<number>;
  check(contract: Contract, options: CsvCheckOptions): Promise<CsvReport>;
}

export function textInput(name: string, text: string): CsvInput {
  return { name, size: () => Promise.resolve(text.length), check: (contract, options) => Promise.resolve(validateCsv(text, contract, options)) };
}

/**
 * The keys a foreign key refers to, as 64-bit digests (DigestSet): a 10,000,000-row referenced file costs 8 bytes a
 * key, not its values. A row with a null key member holds no key (Table Schema leaves it out).
 */
export interface ReferencedKeys {
  index: DigestSet;
  /**
   * The first key that repeats: then the reference is not to a key (a problem of the contract). `firstFile` holds
   * its first row (another file of a resource of several), `written` its cells as the repeat wrote them.
   */
  repeat?: { file: string; row: number; firstFile: string; firstRow: number; values: unknown[]; written: string[] };
  /** Referenced fields that a referenced file's header does not have. */
  missingFields: string[];
  /** The referenced files read (their names), for a problem that names them. */
  files: string[];
  /**
   * Where a referenced file stops being CSV (an unclosed quote makes the rest of it one cell): its keys from that
   * line on are unknown, so a reference to one of them cannot be told from an orphan.
   */
  unreadable?: ReferencedReadError;
  /**
   * Keys whose row a load does not take, with that row (read with `loaded` only): the row breaks its contract, or
   * (settleLoadableKeys) refers to a key the load does not take. A load counts such a key as missing.
   */
  withdrawn?: UniqueIndex;
}

/**
 * A referenced file that could not be read from its 1-based `line` on: a read that failed (the file went, or
 * the system refused it), or (`notCsv`) a record that is not CSV. Its message says why.
 */
export class ReferencedReadError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    why: string,
    readonly notCsv = false,
  ) {
    super(why);
  }
}

/** Whether a load takes a row holding `key` (validate: whether any row holds it). */
export const holdsKey = (keys: ReferencedKeys, key: unknown) => keys.index.hasKey(key) && (keys.withdrawn?.rowOf(key) ?? 0) === 0;

/** A row whose key is not among the referenced keys. */
export interface ForeignKeyOrphan {
  row: number;
  /** From the first to the last of the row's referencing cells. */
  range: Range;
  /** The key as cast by the referenced fields' types; a cell they cannot read, as written. */
  values: unknown[];
  /** The key's cells as written: what a message shows. */
  written: string[];
  /** `uncastable`: a member cannot be read as its referenced field's type, so matches no key. */
  reason: 'not-found' | 'uncastable';
}

export interface ForeignKeyReport {
  /** The first `maxProblems` orphans, in file order. */
  orphans: ForeignKeyOrphan[];
  count: number;
}

/** The referenced files' rules for their key fields alone. */
export function referencedContract(target: ForeignKeyTarget): Contract {
  return {
    files: [],
    // As a primary key, so that untyped fields are read too (an ingest's check builds no index for it).
    schema: { fields: target.referenced, missingValues: target.missingValues, primaryKey: target.referenced.map((f) => f.name) },
    ...(target.delimiter ? { delimiter: target.delimiter } : {}),
  };
}

/** Referenced files this large (in all) have their lines counted before they are read, to size the key set. */
const COUNT_LINES_FROM = 16 << 20;

/**
 * Reads the referenced files' keys (the checked file's own for a self-reference: `files` then names it). Given
 * `loaded` (the referenced files' whole contract, as a load reads them), the keys of rows with an error under it
 * are also `withdrawn`: validate counts every row's key, as frictionless-py's lookup does; a load only those it takes.
 * A key that repeats is found by its digest, then confirmed on the values by a second read of the rows whose digest
 * repeats (only when one does), so that two keys sharing a digest are not reported as one. A file that stops being CSV
 * is `unreadable` from that line on; a read that fails throws a ReferencedReadError at the line it reached.
 * `shared`: the key set in shared memory, for threads that read it all (DigestSet).
 */
export async function readReferencedKeys(files: CsvInput[], target: ForeignKeyTarget, loaded?: Contract, shared = false): Promise<ReferencedKeys> {
  // One file at a time: a resource of thousands of files, each opened at once, ran out of file descriptors (hp14 04).
  const total = async (count: (f: CsvInput) => Promise<number>) => {
    let sum = 0;
    for (const f of files) sum += await count(f).catch((error: unknown) => Promise.reject(readError(f.name, 1, error)));
    return sum;
  };
  const bytes = await total((f) => f.size());
  // Counting lines is a read of its own, worth it where the set grown (the old and new arrays at once) would be large.
  const expected = bytes > COUNT_LINES_FROM && files.every((f) => f.lines) ? await total((f) => f.lines!()) : bytes / 16;
  const keys: ReferencedKeys = {
    index: new DigestSet(expected, shared),
    missingFields: [],
    files: files.map((f) => f.name),
    ...(loaded ? { withdrawn: new UniqueIndex(0) } : {}),
  };
  keys.unreadable = await eachReferencedKey(files, target, loaded, keys.missingFields, (_file, row, values, broken) => {
    digestValues(values);
    keys.index.add(DIGEST.hi, DIGEST.lo);
    if (broken) keys.withdrawn!.add(keyOf(values), row);
  });
  const repeated = keys.index.seal().repeated;
  if (repeated) keys.repeat = await firstRepeat(files, target, loaded, repeated);
  return keys;
}

/** Ends a read of the referenced files once it found what it looked for. */
const FOUND = new Error('found');

/** The first row, in file order, whose key (among those whose digest repeats) an earlier row holds. */
async function firstRepeat(files: CsvInput[], target: ForeignKeyTarget, loaded: Contract | undefined, repeated: DigestSet): Promise<ReferencedKeys['repeat']> {
  // With the file of each first row: the files of a resource of several number their rows alike.
  const firstRows = new Map<unknown, { file: string; row: number }>();
  let found: ReferencedKeys['repeat'];
  try {
    await eachReferencedKey(files, target, loaded, [], (file, row, values, _broken, written) => {
      digestValues(values);
      if (!repeated.has(DIGEST.hi, DIGEST.lo)) return;
      const key = keyOf(values);
      const first = firstRows.get(key);
      if (first === undefined) return void firstRows.set(key, { file, row });
      found = { file, row, firstFile: first.file, firstRow: first.row, values: [...values], written: [...written] };
      throw FOUND;
    });
  } catch (error) {
    if (error !== FOUND) throw error;
  }
  return found;
}

/**
 * Visits each row of the referenced files that holds a key: its values as the referenced fields' types and its key
 * cells as written (valid during the call), and whether the row breaks `loaded`. Fields a file's header lacks go to
 * `missingFields`. Resolves with the first place a file stops being CSV; a read that fails throws a
 * ReferencedReadError at the line after the one the last row read began on.
 */
async function eachReferencedKey(
  files: CsvInput[],
  target: ForeignKeyTarget,
  loaded: Contract | undefined,
  missingFields: string[],
  visit: (file: string, row: number, values: unknown[], broken: boolean, written: string[]) => void,
): Promise<ReferencedReadError | undefined> {
  // Read by the key fields' own rules: under the whole contract an untyped column has no cast value.
  const rules = tableRules(referencedContract(target)).columns.map((c) => c.rule);
  const names = target.referenced.map((f) => f.name);
  let unreadable: ReferencedReadError | undefined;
  for (const input of files) {
    const file = input.name;
    let members: number[] | undefined;
    const values: unknown[] = [];
    const written: string[] = [];
    /** The last row read: a read that fails past it fails at the line after its first. */
    let lastRow = 0;
    /** Finds the key's columns by the header; a file of no header (empty, or blank) has none of them. */
    const bind = (header: readonly string[]) => {
      members = cellsOf(header, names);
      if (members.includes(-1)) missingFields.push(...target.referenced.filter((_, k) => members![k] === -1).map((f) => f.name));
    };
    /** Visits the row's key, if it holds one (a null member, or one its own type cannot read, holds none). */
    const read = (cells: string[], row: number, broken: boolean) => {
      lastRow = row;
      if (!members || members.includes(-1)) return;
      for (let k = 0; k < members.length; k++) {
        const rule = rules[k];
        const cell = cells[members[k]] ?? '';
        if (rule.isMissing(cell)) return;
        const value = rule.cast(cell);
        if (value === INVALID) return;
        values[k] = value;
        written[k] = cell;
      }
      visit(file, row, values, broken, written);
    };
    // Validate reads the key cells alone (no other rule runs: a row's other faults do not withdraw its key); a load,
    // whether the row passes its whole contract.
    const report = await (
      loaded
        ? input.check(loaded, {
            fileName: file,
            onHeader: bind,
            onRecord: (record) =>
              read(
                record.cells,
                record.row,
                record.problems.some((p) => p.severity === 'error'),
              ),
          })
        : input.check(keyOnly(target), { raggedRows: 'off', fileName: file, onHeader: bind, onCells: (cells, row) => read(cells, row, false) })
    ).catch((error: unknown) => {
      // The visitor's own stop (firstRepeat's) passes through.
      if (error === FOUND) throw FOUND;
      throw readError(file, lastRow + 1, error);
    });
    if (!members) bind([]);
    // A key-only read's report holds its quote problems (a load ignores this: it rejects such records itself).
    const notCsv = report.problems.find((p) => p.code === 'invalid-csv');
    if (notCsv) unreadable ??= new ReferencedReadError(file, notCsv.range.start.line + 1, notCsv.message, true);
  }
  return unreadable;
}

const readError = (file: string, line: number, error: unknown) =>
  error instanceof ReferencedReadError ? error : new ReferencedReadError(file, line, error instanceof Error ? error.message : String(error));

/** A file's dialect alone (a foreign key's, or its contract's): a key-only read (CsvCheckOptions.onCells) runs no rule. */
function keyOnly(dialect: { delimiter?: string }): Contract {
  return { files: [], ...(dialect.delimiter ? { delimiter: dialect.delimiter } : {}) };
}

/** The rows of `input` whose foreign key is not a referenced key; a row with a null member is skipped (Table Schema). */
export async function findOrphans(
  input: CsvInput,
  contract: Contract,
  target: ForeignKeyTarget,
  keys: ReferencedKeys,
  maxProblems = DEFAULT_MAX_PROBLEMS,
): Promise<ForeignKeyReport> {
  const found: ReferringRow[] = [];
  let count = 0;
  const delimiter = await referringRows(input, contract, target, (row) => {
    if (!row.uncastable && keys.index.hasKey(keyOf(row.values))) return;
    if (count++ < maxProblems) found.push({ ...row, values: [...row.values], written: [...row.written] });
  });
  const orphans = found.map(({ row, text, cells, values, written, uncastable }) => ({
    row,
    range: spanOf(text, row, cells, delimiter),
    values,
    written,
    reason: uncastable ? ('uncastable' as const) : ('not-found' as const),
  }));
  return { orphans, count };
}

/** A referencing row whose key fields are all non-null; valid during the call only. */
export interface ReferringRow {
  row: number;
  /** The record as written. */
  text: string;
  /** The key fields' cells (their indexes in the record). */
  cells: number[];
  /** The key as cast by the referenced fields' types; a cell they cannot read, as written. */
  values: unknown[];
  /** The key's cells as written. */
  written: string[];
  /** A member cannot be read as its referenced field's type, so the key matches none. */
  uncastable: boolean;
}

/** Visits the rows of `input` that hold a foreign key (no null member); resolves with the input's delimiter. */
export async function referringRows(input: CsvInput, contract: Contract, target: ForeignKeyTarget, visit: (row: ReferringRow) => void): Promise<string> {
  const { isMissing, casts } = referencingReader(contract, target);
  let members: number[] | undefined;
  const values: unknown[] = [];
  const written: string[] = [];
  // Key-only: only the key cells are read (as ReferenceRules binds them: each label's first column).
  const report = await input.check(keyOnly(contract), {
    raggedRows: 'off',
    fileName: input.name,
    onCells: (cells, row, header, text) => {
      members ??= cellsOf(header, target.fields);
      if (members.includes(-1)) return;
      let uncastable = false;
      for (let k = 0; k < members.length; k++) {
        const raw = cells[members[k]];
        if (isMissing(k, raw)) return;
        // A ragged row's absent cell is no value (as ReferenceRules reads it).
        const value = raw === undefined ? INVALID : casts[k](raw);
        if (value === INVALID) uncastable = true;
        values[k] = value === INVALID ? raw : value;
        written[k] = raw ?? '';
      }
      visit({ row, text: text(), cells: members, values, written, uncastable });
    },
  });
  return report.delimiter ?? ',';
}

/** Each key field's index in the record's bound columns, or -1 when the header does not have it. */
export function membersOf(record: CheckedRecord, names: string[]): number[] {
  return names.map((name) => record.columns.findIndex((c) => c.column.key === normalizeLabel(name)));
}

/** Each key field's cell in the header row (its first column of that label), or -1 when the header does not have it. */
export function cellsOf(header: readonly string[], names: string[]): number[] {
  return names.map((name) => header.findIndex((label) => normalizeLabel(label) === normalizeLabel(name)));
}

/** The range from the first to the last of `cells` in a record that starts the line `row - 1`. */
export function spanOf(text: string, row: number, cells: number[], delimiter: string): Range {
  const spans = locateCells(text, 0, text.length, delimiter);
  const lines = new LineCursor(text);
  const at = (offset: number) => {
    const position = lines.positionAt(offset);
    return { line: row - 1 + position.line, character: position.character };
  };
  const starts = cells.map((c) => spans[c]?.start ?? 0);
  const ends = cells.map((c) => spans[c]?.end ?? text.length);
  return { start: at(Math.min(...starts)), end: at(Math.max(...ends)) };
}
