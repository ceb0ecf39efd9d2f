/**
 * Editors break lines at every \r\n, \n and lone \r; papaparse splits a parse at one newline string. For a
 * file that mixes them, this gives papaparse a copy of the same length, so every offset still matches the
 * original: each \r\n becomes "\n\n" (one more blank record, which the checks skip) and each lone \r becomes
 * \n. A file with one kind of line ending is returned as it is, at the cost of one scan when it holds a \r.
 */
export function withOneLineEnding(text: string, newline: string): { text: string; newline: string } {
  if (!hasMixedLineEndings(text)) return { text, newline };
  return { text: text.replace(/\r\n?/g, (lineBreak) => (lineBreak.length === 2 ? '\n\n' : '\n')), newline: '\n' };
}

function hasMixedLineEndings(text: string): boolean {
  let cr = text.indexOf('\r');
  if (cr === -1) return false;
  let crlf = 0;
  let crs = 0;
  for (; cr !== -1; cr = text.indexOf('\r', cr + 1)) {
    crs++;
    if (text.charCodeAt(cr + 1) === 10) crlf++;
  }
  if (crlf !== crs) return true;
  let lfs = 0;
  for (let lf = text.indexOf('\n'); lf !== -1; lf = text.indexOf('\n', lf + 1)) lfs++;
  return lfs !== crlf;
}
