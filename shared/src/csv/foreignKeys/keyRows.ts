import { Contract, ForeignKeyTarget } from '../../contract/types';
import { Range } from '../../problem';
import { INVALID } from '../../schema/temporal';
import { CsvInput, keyOf, membersOf, referencedContract, referringRows, spanOf } from '../foreignKeyCheck';

/** A row that holds a key: its file (the input's name), its 1-based row, and the range of its key cells. */
export interface KeyRow {
  file: string;
  row: number;
  range: Range;
  /** The key as cast by the referenced fields' types; a cell they cannot read, as written. */
  values: unknown[];
}

/** The foreign key that row `row` of a referencing input holds, or undefined when it holds none (a null member). */
export async function referringKeyAt(input: CsvInput, contract: Contract, target: ForeignKeyTarget, row: number): Promise<KeyRow | undefined> {
  let found: { text: string; cells: number[]; values: unknown[] } | undefined;
  const delimiter = await referringRows(input, contract, target, (r) => {
    if (r.row === row) found = { text: r.text, cells: r.cells, values: [...r.values] };
  });
  return found && { file: input.name, row, range: spanOf(found.text, row, found.cells, delimiter), values: found.values };
}

/** The first row of the referenced inputs whose key is `values`: where a reference leads. */
export async function referencedRowOf(inputs: CsvInput[], target: ForeignKeyTarget, values: unknown[]): Promise<KeyRow | undefined> {
  const wanted = keyOf(values);
  const contract = referencedContract(target);
  const names = target.referenced.map((f) => f.name);
  for (const input of inputs) {
    let members: number[] | undefined;
    let found: { row: number; text: string; cells: number[] } | undefined;
    const report = await input.check(contract, {
      raggedRows: 'off',
      fileName: input.name,
      onRecord: (record) => {
        members ??= membersOf(record, names);
        if (found || members.includes(-1)) return;
        const key = members.map((b) => record.values[b]);
        if (!key.includes(INVALID) && keyOf(key) === wanted) found = { row: record.row, text: record.text, cells: members.map((b) => record.columns[b].index) };
      },
    });
    if (found) return { file: input.name, row: found.row, range: spanOf(found.text, found.row, found.cells, report.delimiter ?? ','), values };
  }
  return undefined;
}
