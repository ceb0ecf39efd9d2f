import { CR, isTrimmed, LF, QUOTE, State } from './recordBreaks';

/**
 * Editors break lines at every \r\n, \n and lone \r; papaparse splits a parse at one newline string. For a
 * file that mixes them between records, this gives papaparse a copy of the same length, so every offset still
 * matches the original: each \r\n between records becomes "\n\n" (one more blank record, which the checks skip)
 * and each lone \r becomes \n. A line break inside a quoted cell is the cell's own: it stays as written, so the
 * cell's value is the same in every reading (a key digested here must match the same key read elsewhere). A
 * file with one kind of line ending between records is returned as it is, at the cost of one scan when it holds
 * a \r.
 */
export function withOneLineEnding(text: string, newline: string, delimiter: string): { text: string; newline: string } {
  if (!mayHaveOtherBreaks(text, newline)) return { text, newline };
  const breaks = crsBetweenRecords(text, delimiter.charCodeAt(0), newline);
  if (!breaks) return { text, newline };
  let copy = '';
  let from = 0;
  for (const cr of breaks) {
    copy += text.slice(from, cr) + '\n';
    from = cr + 1;
  }
  return { text: copy + text.slice(from), newline: '\n' };
}

/**
 * Whether the text holds a line break other than `newline`, quoted or not: the cheap test first. Judged against the
 * file's newline, not the text's own: a piece of a \n file whose only line breaks are \r\n mixes them too.
 */
function mayHaveOtherBreaks(text: string, newline: string): boolean {
  if (newline === '\n') return text.indexOf('\r') !== -1;
  if (newline === '\r') return text.indexOf('\n') !== -1;
  let crlf = 0;
  let crs = 0;
  for (let cr = text.indexOf('\r'); cr !== -1; cr = text.indexOf('\r', cr + 1)) {
    crs++;
    if (text.charCodeAt(cr + 1) === 10) crlf++;
  }
  if (crlf !== crs) return true;
  let lfs = 0;
  for (let lf = text.indexOf('\n'); lf !== -1; lf = text.indexOf('\n', lf + 1)) lfs++;
  return lfs !== crlf;
}

/**
 * The offsets of the \r of every line break outside quotes (each would become \n), or undefined when every line
 * break outside quotes is `newline` already.
 */
function crsBetweenRecords(text: string, delimiter: number, newline: string): number[] | undefined {
  const crs: number[] = [];
  let mixed = false;
  eachLineBreakOutsideQuotes(text, delimiter, (at, kind) => {
    if (kind !== newline) mixed = true;
    if (kind !== '\n') crs.push(at);
  });
  return mixed ? crs : undefined;
}

/**
 * The first line break outside quotes in a record's text (its own line break left off), for a load that reads the
 * record as papaparse does: such a break is a line of the editor's that the record swallowed, since the file mixes
 * line endings. Undefined when there is none (the usual case: one search for \r and one for \n). A \r that ends the
 * record in a \n file is a CRLF line end.
 */
export function lineBreakInRecord(record: string, delimiter: string, newline: string): string | undefined {
  if (record.indexOf('\n') === -1 && record.indexOf('\r') === -1) return undefined;
  let found: string | undefined;
  eachLineBreakOutsideQuotes(record, delimiter.charCodeAt(0), (at, kind) => {
    found ??= kind === '\r' && newline === '\n' && at === record.length - 1 ? '\r\n' : kind;
  });
  return found;
}

/**
 * Calls `visit` with the offset and the kind of every line break outside quotes. Quotes are read as papaparse reads
 * them (see RecordBreaks), with any line break, after optional whitespace, closing a quoted field.
 */
function eachLineBreakOutsideQuotes(text: string, delimiter: number, visit: (at: number, kind: '\r\n' | '\r' | '\n') => void): void {
  let state = State.FieldStart;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (state === State.Quoted) {
      const quote = text.indexOf('"', i);
      if (quote === -1) return;
      i = quote;
      state = State.AfterQuote;
      continue;
    }
    if (code === CR || code === LF) {
      const crlf = code === CR && text.charCodeAt(i + 1) === LF;
      visit(i, crlf ? '\r\n' : code === CR ? '\r' : '\n');
      if (crlf) i++;
      state = State.FieldStart;
      continue;
    }
    if (code === delimiter) {
      state = State.FieldStart;
      continue;
    }
    switch (state) {
      case State.FieldStart:
        state = code === QUOTE ? State.Quoted : State.Unquoted;
        break;
      case State.AfterQuote:
        state = code === QUOTE ? State.Quoted : isTrimmed(code) ? State.AfterQuoteSpace : State.Quoted;
        break;
      case State.AfterQuoteSpace:
        state = code === QUOTE ? State.AfterQuote : isTrimmed(code) ? State.AfterQuoteSpace : State.Quoted;
        break;
    }
  }
}
