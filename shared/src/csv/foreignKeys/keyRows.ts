import { Contract, ForeignKeyTarget } from '../../contract/types';
import { Range } from '../../problem';
import { INVALID } from '../../schema/temporal';
import { keyOf } from '../check/referenceRules';
import { CsvInput, membersOf, referencedContract, referringRows, spanOf } from '../foreignKeyCheck';

/** A row that holds a key: its file (the input's name), its 1-based row, and the range of its key cells. */
export interface KeyRow {
  file: string;
  row: number;
  range: Range;
  /** The key as cast by the referenced fields' types; a cell they cannot read, as written. */
  values: unknown[];
  /** The key's cells as written (writtenKey shows them). */
  written: string[];
}

/** Whether the record of `row` (its first line) and `text` spans the 1-based `line`: a quoted cell may break lines. */
const spansLine = (row: number, text: string, line: number) => row === line || (row < line && line <= row + text.split(LINE_BREAK).length - 1);
const LINE_BREAK = /\r\n|\r|\n/;

/**
 * The foreign key that the record on the 1-based `line` of a referencing input holds (whichever of its lines),
 * or undefined when it holds none (a null member).
 */
export async function referringKeyAt(input: CsvInput, contract: Contract, target: ForeignKeyTarget, line: number): Promise<KeyRow | undefined> {
  let found: { row: number; text: string; cells: number[]; values: unknown[]; written: string[] } | undefined;
  const delimiter = await referringRows(input, contract, target, (r) => {
    if (!found && spansLine(r.row, r.text, line)) found = { row: r.row, text: r.text, cells: r.cells, values: [...r.values], written: [...r.written] };
  });
  if (!found) return undefined;
  const { row, text, cells, values, written } = found;
  return { file: input.name, row, range: spanOf(text, row, cells, delimiter), values, written };
}

/** The first row of the referenced inputs whose key is `values`: where a reference leads. */
export async function referencedRowOf(inputs: CsvInput[], target: ForeignKeyTarget, values: unknown[]): Promise<KeyRow | undefined> {
  const wanted = keyOf(values);
  for (const input of inputs) {
    const found = await findReferenced(input, target, (_row, _text, key) => keyOf(key) === wanted);
    if (found) return { ...found, values };
  }
  return undefined;
}

/**
 * The key that the record on the 1-based `line` of a referenced input holds (whichever of its lines), or undefined
 * when it holds none (a member null or not of its type).
 */
export function referencedKeyAt(input: CsvInput, target: ForeignKeyTarget, line: number): Promise<KeyRow | undefined> {
  return findReferenced(input, target, (row, text) => spansLine(row, text, line));
}

/** The rows of a referencing input whose foreign key is `values`: what refers to a key. */
export async function rowsReferringTo(input: CsvInput, contract: Contract, target: ForeignKeyTarget, values: unknown[]): Promise<KeyRow[]> {
  const wanted = keyOf(values);
  const found: { row: number; text: string; cells: number[]; written: string[] }[] = [];
  const delimiter = await referringRows(input, contract, target, (r) => {
    if (!r.uncastable && keyOf(r.values) === wanted) found.push({ row: r.row, text: r.text, cells: r.cells, written: [...r.written] });
  });
  return found.map(({ row, text, cells, written }) => ({ file: input.name, row, range: spanOf(text, row, cells, delimiter), values, written }));
}

/** The first row of a referenced input whose key `accept` takes. */
async function findReferenced(
  input: CsvInput,
  target: ForeignKeyTarget,
  accept: (row: number, text: string, key: unknown[]) => boolean,
): Promise<KeyRow | undefined> {
  const names = target.referenced.map((f) => f.name);
  let members: number[] | undefined;
  let found: { row: number; text: string; cells: number[]; values: unknown[]; written: string[] } | undefined;
  const report = await input.check(referencedContract(target), {
    raggedRows: 'off',
    fileName: input.name,
    onRecord: (record) => {
      members ??= membersOf(record, names);
      if (found || members.includes(-1)) return;
      const key = members.map((b) => record.values[b]);
      if (key.some((v) => v === INVALID || v === null || v === undefined) || !accept(record.row, record.text, key)) return;
      const cells = members.map((b) => record.columns[b].index);
      found = { row: record.row, text: record.text, cells, values: key, written: cells.map((c) => record.cells[c] ?? '') };
    },
  });
  if (!found) return undefined;
  const { row, text, cells, values, written } = found;
  return { file: input.name, row, range: spanOf(text, row, cells, report.delimiter ?? ','), values, written };
}
