/**
 * A range's keys as sorted pairs of 32-bit hashes (FNV-1a and a second, differently seeded pass): small enough
 * to hand to the coordinator by transfer, and two ranges of 50,000 keys collide by chance about once in 10^10.
 */
export function keyDigest(keys: string[]): Uint32Array {
  const first = new Uint32Array(keys.length);
  const second = new Uint32Array(keys.length);
  for (let i = 0; i < keys.length; i++) {
    let a = 0x811c9dc5;
    let b = 0x9747b28c;
    const key = keys[i];
    for (let j = 0; j < key.length; j++) {
      const c = key.charCodeAt(j);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
    }
    first[i] = a >>> 0;
    second[i] = b >>> 0;
  }
  const order = hashOrder(first, second);
  const digest = new Uint32Array(keys.length * 2);
  order.forEach((index, i) => {
    digest[2 * i] = first[index];
    digest[2 * i + 1] = second[index];
  });
  return digest;
}

/** Rows an index fits in beside a 32-bit hash, below 2^53 in a double. */
const INDEX_BITS = 2 ** 21;

/**
 * The indexes in order of (first, second). A typed array's own sort, without a comparator, on the first hash
 * and the index packed into one exact double; runs of an equal first hash (rare) then go by the second.
 */
function hashOrder(first: Uint32Array, second: Uint32Array): Uint32Array {
  const n = first.length;
  if (n >= INDEX_BITS) return Uint32Array.from(first, (_, i) => i).sort((x, y) => first[x] - first[y] || second[x] - second[y]);
  const packed = new Float64Array(n);
  for (let i = 0; i < n; i++) packed[i] = first[i] * INDEX_BITS + i;
  packed.sort();
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = packed[i] % INDEX_BITS;
  for (let i = 1; i < n; i++) {
    // Insertion by the second hash within a run of equal first hashes.
    for (let j = i; j > 0 && first[order[j - 1]] === first[order[j]] && second[order[j - 1]] > second[order[j]]; j--) {
      const t = order[j];
      order[j] = order[j - 1];
      order[j - 1] = t;
    }
  }
  return order;
}

/** Whether two digests share a key (a merge of the two sorted lists). */
export function digestsMeet(a: Uint32Array, b: Uint32Array): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const order = a[i] - b[j] || a[i + 1] - b[j + 1];
    if (order === 0) return true;
    if (order < 0) i += 2;
    else j += 2;
  }
  return false;
}
