/**
 * The characters that JavaScript code read with charCodeAt while `run` ran: a count of a text engine's steps, with no
 * clock. RE2 (re2js) reads its input only so, once per character and instruction at most, so that a linear engine
 * gives a count bounded by the pattern's size times the text's, and a backtracking one in JavaScript an exponential
 * count. A native RegExp reads nothing through it: a count of 0 means the cell never reached the linear engine.
 */
export function charReads<T>(run: () => T): { value: T; reads: number } {
  const prototype = String.prototype;
  // From the descriptor: the method is called with its own string as `this`, never unbound.
  const original = (Object.getOwnPropertyDescriptor(prototype, 'charCodeAt') as { value: (this: string, index: number) => number }).value;
  let reads = 0;
  prototype.charCodeAt = function (this: string, index: number) {
    reads++;
    return original.call(this, index);
  };
  try {
    const value = run();
    return { value, reads };
  } finally {
    prototype.charCodeAt = original;
  }
}
