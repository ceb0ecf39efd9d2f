/** Windows-1252's characters for bytes 0x80-0x9F (WHATWG: the five it leaves unassigned stay C1 controls). */
const HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
const C1 = /[\u0080-\u009f]/;
const C1_ALL = /[\u0080-\u009f]/g;

/**
 * Bytes as Windows-1252, what spreadsheets export on Windows. Node 20's TextDecoder takes the label
 * 'windows-1252' for Latin-1 (0x80 came out as U+0080, not €), so this reads Latin-1 and maps the 32 bytes
 * where the two differ.
 */
export function decodeWindows1252(bytes: Uint8Array): string {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return C1.test(text) ? text.replace(C1_ALL, (c) => HIGH[c.charCodeAt(0) - 0x80]) : text;
}
