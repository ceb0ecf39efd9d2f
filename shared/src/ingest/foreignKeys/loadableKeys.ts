import { Contract } from '../../contract/types';
import { keyOf } from '../../csv/check/referenceRules';
import { cellsOf, holdsKey, ReferencedKeys } from '../../csv/foreignKeyCheck';
import { fileInput } from '../../csv/validateFile';
import { castFor } from '../../schema/castValue';
import { INVALID } from '../../schema/temporal';
import { readFileKeys } from './fileKeys';
import { IngestForeignKey } from './ingestForeignKeys';
import { ReferenceAsk, referringKeys, RowReferences } from './referenceCheck';

/** Asks the tables for keys the files lack (heldReferences over one connection); none in a dry run. */
export type AskTables = (asked: RowReferences[]) => Promise<(ask: ReferenceAsk) => boolean>;

/**
 * The referenced keys a load of `file` counts: those of referenced rows it would take. A row that breaks its
 * own contract holds no key (readFileKeys), and with a self-reference a row the load rejects as an orphan holds
 * none either, which may orphan the rows that refer to it: settled to a fixpoint over the whole file, so that
 * every worker, and a dry run, decides alike whatever the ranges. Keys the tables already hold still count.
 */
export async function readLoadableKeys(file: string, contract: Contract, foreignKeys: IngestForeignKey[], askTables?: AskTables): Promise<ReferencedKeys[]> {
  const keys = await readFileKeys(file, foreignKeys, contract);
  await settleLoadableKeys(file, contract, foreignKeys, keys, askTables);
  return keys;
}

/** A referencing cell its referenced type cannot read: the row refers to no key. */
const UNCASTABLE = Symbol('uncastable');

/**
 * The loaded file's rows that pass their contract and refer to something, in file order, as columns (a million
 * rows of objects would not fit a heap): per foreign key, the key each row refers to (undefined: a null member) and, for a
 * self-reference, the key it holds.
 */
interface Referrers {
  rows: number[];
  refs: unknown[][];
  own: (unknown[] | undefined)[];
}

/**
 * Withdraws from readFileKeys' `keys` (read with `contract`, ReferencedKeys.withdrawn) those of the rows a load
 * rejects as orphans of a self-reference, until no row changes. Each row is tested in file order, then again
 * whenever a key it refers to is withdrawn, so a chain of any length costs one test per link. The tables are asked,
 * once a round, for the keys the files do not hold; a round is run again only when they hold some new one (then
 * fewer rows are orphans), so the rounds end. A load does it once, on the thread that starts it (the fixpoint holds
 * every referring row of the file, past a worker's heap: hp15 02), and gives the workers the keys settled.
 */
export async function settleLoadableKeys(
  file: string,
  contract: Contract,
  foreignKeys: IngestForeignKey[],
  keys: ReferencedKeys[],
  askTables?: AskTables,
): Promise<void> {
  if (!foreignKeys.some(({ target }) => target.files.length === 0)) return;
  const referrers = await readReferrers(file, contract, foreignKeys);
  const held = foreignKeys.map(() => new Set<unknown>());
  const asked = foreignKeys.map(() => new Set<unknown>());
  for (;;) {
    const { withdrawn, wanted } = settle(referrers, keys, held);
    const fresh = wanted.map((list, i) => list.filter((key) => !asked[i].has(key)));
    if (!askTables || fresh.every((list) => list.length === 0)) {
      withdrawn.forEach((list, i) => list.forEach(([key, row]) => keys[i].withdrawn!.add(key, row)));
      return;
    }
    const asks = await asksFor(file, contract, foreignKeys, fresh);
    const isHeld = await askTables([{ row: 0, asks }]);
    const byText = fresh.map((list) => new Map(list.map((key) => [String(key), key])));
    for (const ask of asks) if (isHeld(ask)) held[ask.foreignKey].add(byText[ask.foreignKey].get(ask.key));
    fresh.forEach((list, i) => list.forEach((key) => asked[i].add(key)));
  }
}

/** One round: per foreign key, the self-referenced keys withdrawn (with their rows), and the keys neither a file nor `held` holds. */
function settle(referrers: Referrers, keys: ReferencedKeys[], held: Set<unknown>[]): { withdrawn: [unknown, number][][]; wanted: unknown[][] } {
  const { rows, refs, own } = referrers;
  const gone = keys.map(() => new Set<unknown>());
  const withdrawn: [unknown, number][][] = keys.map(() => []);
  const wanted = keys.map(() => new Set<unknown>());
  /** Per self-reference, the rows that refer to each key, to test again when it is withdrawn. */
  const byKey = own.map((list, i) => {
    if (!list) return undefined;
    const map = new Map<unknown, number | number[]>();
    refs[i].forEach((key, at) => {
      if (key === undefined || key === UNCASTABLE) return;
      const there = map.get(key);
      map.set(key, there === undefined ? at : typeof there === 'number' ? [there, at] : (there.push(at), there));
    });
    return map;
  });
  const resolves = (i: number, key: unknown) => {
    if (key === undefined) return true;
    if (key === UNCASTABLE) return false;
    if ((holdsKey(keys[i], key) && !gone[i].has(key)) || held[i].has(key)) return true;
    wanted[i].add(key);
    return false;
  };
  const dead = new Uint8Array(rows.length);
  const queue: number[] = rows.map((_, at) => at);
  for (let next = 0; next < queue.length; next++) {
    const at = queue[next];
    if (dead[at]) continue;
    // Every member is tested (not only up to the first orphan), so that one round asks the tables for all it needs.
    let orphan = false;
    for (let i = 0; i < refs.length; i++) if (!resolves(i, refs[i][at])) orphan = true;
    if (!orphan) continue;
    dead[at] = 1;
    own.forEach((list, i) => {
      const key = list?.[at];
      if (key === undefined || !holdsKey(keys[i], key) || gone[i].has(key)) return;
      gone[i].add(key);
      withdrawn[i].push([key, rows[at]]);
      const referring = byKey[i]!.get(key);
      if (referring !== undefined) queue.push(...(typeof referring === 'number' ? [referring] : referring));
    });
  }
  return { withdrawn, wanted: wanted.map((set) => [...set]) };
}

/** Reads the loaded file's referrers (Referrers). */
async function readReferrers(file: string, contract: Contract, foreignKeys: IngestForeignKey[]): Promise<Referrers> {
  const read = referringKeys(contract, foreignKeys);
  const owners = foreignKeys.map(({ target }) => (target.files.length === 0 ? target.referenced : undefined));
  const casts = owners.map((fields) => fields?.map((field) => castFor(field)));
  const found: Referrers = { rows: [], refs: foreignKeys.map(() => []), own: owners.map((fields) => fields && []) };
  let members: (number[] | undefined)[] | undefined;
  await fileInput(file).check(contract, {
    fileName: file,
    onRecord: (record) => {
      if (record.problems.some((p) => p.severity === 'error')) return;
      const refs = read(record.cells);
      if (refs.every((ref) => ref === undefined)) return;
      // By the header: the contract binds no rule to an unconstrained key column.
      members ??= owners.map(
        (fields) =>
          fields &&
          cellsOf(
            record.header,
            fields.map((f) => f.name),
          ),
      );
      found.rows.push(record.row);
      refs.forEach((ref, i) => found.refs[i].push(ref === undefined ? undefined : ref.uncastable ? UNCASTABLE : ref.key));
      members.forEach((at, i) => {
        if (!at) return;
        const values = at.includes(-1) ? [INVALID] : at.map((cell, k) => casts[i]![k](record.cells[cell] ?? ''));
        found.own[i]!.push(values.includes(INVALID) ? undefined : keyOf(values));
      });
    },
  });
  return found;
}

/** The questions for the tables about `wanted` keys (per foreign key), with the cells a referring row writes them in. */
async function asksFor(file: string, contract: Contract, foreignKeys: IngestForeignKey[], wanted: unknown[][]): Promise<ReferenceAsk[]> {
  const read = referringKeys(contract, foreignKeys);
  const sets = wanted.map((list) => new Set(list));
  const asks = new Map<string, ReferenceAsk>();
  await fileInput(file).check(contract, {
    fileName: file,
    onRecord: (record) =>
      read(record.cells).forEach((ref, i) => {
        const name = `${i}\0${String(ref?.key)}`;
        if (ref && sets[i].has(ref.key) && !asks.has(name)) asks.set(name, { foreignKey: i, key: String(ref.key), sent: ref.sent, message: '' });
      }),
  });
  return [...asks.values()];
}
