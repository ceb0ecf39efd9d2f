import { RowValues } from '../../mapping/mapLine';
import { integerKey } from '../keys/keyIndex';
import { SortedRows } from './parsedRange';

/**
 * Rows in key order, ties in file order (so that the first of two equal keys comes first). Integer keys sort as
 * numbers, as an integer key column orders them (as strings, ids 1, 2, … 10 went in as 1, 10, 2, …), and rows
 * already in order, as a CSV's ascending ids are, are not sorted at all.
 */
export function sortByKey(values: RowValues[], keys: string[]): SortedRows {
  const order = Uint32Array.from(keys, (_, i) => i);
  const numbers = integerKeys(keys);
  if (numbers) {
    if (!isAscending(numbers.length, (i) => numbers[i - 1] <= numbers[i])) order.sort((a, b) => numbers[a] - numbers[b] || a - b);
  } else if (!isAscending(keys.length, (i) => keys[i - 1] <= keys[i])) {
    order.sort((a, b) => (keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : a - b));
  }
  return { values, keys, order };
}

/** Every key as a number, or undefined when one is not an integer's one spelling. */
function integerKeys(keys: string[]): Float64Array | undefined {
  const numbers = new Float64Array(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const number = integerKey(keys[i]);
    if (number === undefined) return undefined;
    numbers[i] = number;
  }
  return numbers;
}

function isAscending(length: number, inOrder: (i: number) => boolean): boolean {
  for (let i = 1; i < length; i++) if (!inOrder(i)) return false;
  return true;
}
