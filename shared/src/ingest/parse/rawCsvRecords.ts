import { bindColumns } from '../../csv/headers';
import { RowValues } from '../../mapping/mapLine';
import { DEFAULT_FALSE_VALUES, DEFAULT_TRUE_VALUES } from '../../schema/castValue';
import { SchemaField } from '../../schema/tableSchema';
import { CsvInput } from '../source/inputKind';
import { missingSets } from './csvRowValues';

/**
 * How the server turns a cell's text, read by LOAD DATA into a user variable, into the text today's path sends
 * (loadRawCsv writes it as SQL): each is a string operation that `serverText` repeats exactly in JavaScript.
 */
export type ServerCast =
  | { kind: 'text' }
  | { kind: 'boolean'; trueValues: string[]; falseValues: string[] }
  /** A strptime pattern of only %Y, %m and %d and plain separators: STR_TO_DATE reads it as strptime does. */
  | { kind: 'date'; format: string; pattern: RegExp; order: [number, number, number] }
  | { kind: 'number'; groupChar: string; decimalChar: string };

/** Per mapped column (mapping order), the header cell it comes from and how the server casts it. */
export interface RawCsvPlan {
  cells: number[];
  casts: ServerCast[];
  /** Per mapped column, the cell texts besides "" that are NULL (CsvColumn.missingValues): the server reads them so too. */
  missing: ReadonlySet<string>[];
  delimiter: string;
  headerCells: number;
}

/** The most characters of missing-value tokens a range's LOAD DATA statement carries (rawCsvPlan). */
const MAX_TOKEN_CHARS = 64 << 10;

/**
 * The plan for loading a CSV's own bytes, or undefined when no range of it can be: only UTF-8 files whose
 * records end in \n or \r\n (LOAD DATA's LINES TERMINATED BY), and a table keyed by its columns (a key-less
 * CSV's rows carry their line, which the bytes do not).
 */
export function rawCsvPlan(csv: CsvInput, lineKey: boolean): RawCsvPlan | undefined {
  if (csv.encoding !== 'utf-8' || csv.dialect.newline === '\r' || lineKey || csv.dialect.delimiter.length !== 1) return undefined;
  if (csv.dialect.delimiter === '"' || csv.dialect.delimiter === '\n' || csv.dialect.delimiter === '\r') return undefined;
  const bound = bindColumns(csv.header, csv.contract);
  const casts: ServerCast[] = [];
  for (const { cell, fieldType } of csv.columns) {
    const field = bound.find((b) => b.index === cell)?.column.rule.field;
    const cast = fieldType === undefined || field === undefined ? { kind: 'text' as const } : serverCast(fieldType, field);
    if (!cast) return undefined;
    casts.push(cast);
  }
  // Once per list (a schema's is shared by its columns), not per column: a range's plan is made for each range.
  const tokensOf = new Map<ReadonlySet<string> | undefined, { tokens: ReadonlySet<string>; chars: number }>();
  const lists = missingSets(csv.columns).map((set) => {
    let list = tokensOf.get(set);
    if (!list) {
      const tokens = [...(set ?? [])].filter((token) => token !== '');
      tokensOf.set(set, (list = { tokens: new Set(tokens), chars: tokens.reduce((chars, token) => chars + token.length + 4, 0) }));
    }
    return list;
  });
  // Each column's tokens are written into the statement: thousands of them on wide files made statements of tens of
  // megabytes (a worker ran out of memory building them); such a file takes the parsed rows' path.
  if (lists.reduce((sum, list) => sum + list.chars, 0) > MAX_TOKEN_CHARS) return undefined;
  const missing = lists.map((list) => list.tokens);
  return { cells: csv.columns.map((c) => c.cell), casts, missing, delimiter: csv.dialect.delimiter, headerCells: csv.header.length };
}

function serverCast(type: string, field: SchemaField): ServerCast | undefined {
  if (type === 'boolean')
    return { kind: 'boolean', trueValues: field.trueValues ?? DEFAULT_TRUE_VALUES, falseValues: field.falseValues ?? DEFAULT_FALSE_VALUES };
  if (type === 'number' && (field.groupChar || (field.decimalChar && field.decimalChar !== '.'))) {
    return { kind: 'number', groupChar: field.groupChar ?? '', decimalChar: field.decimalChar ?? '.' };
  }
  if (type === 'date' && field.format && field.format !== 'default' && field.format !== 'any') return dateCast(field.format);
  return { kind: 'text' };
}

/** A date pattern STR_TO_DATE reads exactly: %Y, %m and %d once each, between separators that are not directives. */
function dateCast(format: string): ServerCast | undefined {
  const parts = format.match(/%[Ymd]|[-/. ]/g);
  if (!parts || parts.join('') !== format) return undefined;
  const directives = parts.filter((p) => p.startsWith('%'));
  if (directives.length !== 3 || new Set(directives).size !== 3) return undefined;
  const source = parts.map((p) => (p === '%Y' ? '(\\d{4})' : p.startsWith('%') ? '(\\d{2})' : `\\${p}`)).join('');
  const at = (d: string) => directives.indexOf(d) + 1;
  return { kind: 'date', format, pattern: new RegExp(`^${source}$`), order: [at('%Y'), at('%m'), at('%d')] };
}

/** What the server makes of a cell's text under `cast` (undefined: not the text today's path would send). */
function serverText(cast: ServerCast, raw: string): string | undefined {
  switch (cast.kind) {
    case 'text':
      return raw;
    case 'boolean':
      return cast.trueValues.includes(raw) ? '1' : cast.falseValues.includes(raw) ? '0' : undefined;
    case 'date': {
      // Only the zero-padded spelling: STR_TO_DATE would also read "5/3/2024", strptime's reading of which the check decides.
      const m = cast.pattern.exec(raw);
      return m ? `${m[cast.order[0]]}-${m[cast.order[1]]}-${m[cast.order[2]]}` : undefined;
    }
    case 'number':
      return (cast.groupChar ? raw.split(cast.groupChar).join('') : raw).split(cast.decimalChar).join('.');
  }
}

/**
 * Per mapped column, whether a record of the range has its cell empty: only such a column needs the server's
 * IF(LENGTH(…)) to read it as NULL (rawCsvSql); a text column without one loads straight from its field.
 */
export type EmptyColumns = boolean[];

/** A range's raw load: which columns had an empty cell (ParsedRange.rawCsv). */
export interface RawCsvRange {
  emptyColumns: EmptyColumns;
}

/**
 * Whether LOAD DATA of the record's own text gives the row today's path sends: the server's FIELDS clause
 * (rawCsvSql) reads `text` as exactly `cells`, and each mapped cell, cast by the server, is the row's value
 * (an empty cell or a missing value's token, which the server makes NULL, only where the value is NULL; marked in
 * `empty`).
 */
export function loadsAsRow(plan: RawCsvPlan, text: string, cells: string[], values: RowValues, empty: EmptyColumns): boolean {
  if (cells.length !== plan.headerCells || !readsAsCells(text, cells, plan.delimiter)) return false;
  for (let c = 0; c < plan.cells.length; c++) {
    const raw = cells[plan.cells[c]];
    const value = values[c];
    if (raw === '' || plan.missing[c].has(raw)) {
      if (value !== null) return false;
      empty[c] = true;
    } else if (value !== serverText(plan.casts[c], raw)) return false;
  }
  return true;
}

const QUOTE = 34;
const LF = 10;
const CR = 13;

/**
 * Whether `FIELDS TERMINATED BY delimiter OPTIONALLY ENCLOSED BY '"' ESCAPED BY ''` reads the record as papaparse
 * did: each cell written as it is (no quote, no line break, not the word NULL, which the server reads as NULL), or
 * quoted with its quotes doubled. Anything else (a quote inside an unquoted cell, text after a closing quote)
 * keeps today's path. `cells` are papaparse's reading of `text` without a quote error: a record with one is
 * rejected before it gets here.
 */
export function readsAsCells(text: string, cells: string[], delimiter: string): boolean {
  const firstQuote = text.indexOf('"');
  const breaks = text.indexOf('\n') !== -1 || text.indexOf('\r') !== -1;
  if (firstQuote === -1 && !breaks) return unquotedReadsAsCells(text.length, cells);
  return breaks ? comparesAsCells(text, cells, delimiter) : quotedReadsAsCells(text, cells, delimiter, firstQuote);
}

/**
 * A record with quotes and no line break, by where its cells lie: papaparse read each cell from the text at that
 * place (a quoted cell from its opening quote to the closing one, its inner quotes doubled), so the server reads
 * the same cells when each lies where its length says, its quotes around it and the delimiter after it, and the
 * text holds no quote besides theirs (an unquoted cell has none). Lengths and positions, not every character:
 * half the records of a CSV that quotes now and then come here.
 */
function quotedReadsAsCells(text: string, cells: string[], delimiter: string, firstQuote: number): boolean {
  const end = text.length;
  const d = delimiter.charCodeAt(0);
  let at = 0;
  let quotes = 0;
  for (let i = 0; i < cells.length; i++) {
    if (i > 0) {
      if (text.charCodeAt(at) !== d) return false;
      at++;
    }
    const cell = cells[i];
    const n = cell.length;
    if (text.charCodeAt(at) === QUOTE) {
      const inner = quotesIn(cell, 0);
      at += n + inner + 2;
      if (at > end || text.charCodeAt(at - 1) !== QUOTE) return false;
      quotes += 2 * inner + 2;
    } else {
      if ((n === 4 && cell === 'NULL') || (n === 2 && cell === '\\N')) return false;
      at += n;
    }
  }
  return at === end && quotesIn(text, firstQuote) === quotes;
}

const quotesIn = (text: string, from: number) => {
  let count = 0;
  for (let i = text.indexOf('"', from); i !== -1; i = text.indexOf('"', i + 1)) count++;
  return count;
};

/** A record with a line break in its text: compared with its cells character by character. */
function comparesAsCells(text: string, cells: string[], delimiter: string): boolean {
  const end = text.length;
  // Character loops, no regular expression or startsWith: a quoted line break is rare, but it can be every record.
  const d = delimiter.charCodeAt(0);
  let at = 0;
  for (let i = 0; i < cells.length; i++) {
    if (i > 0) {
      if (text.charCodeAt(at) !== d) return false;
      at++;
    }
    const cell = cells[i];
    const n = cell.length;
    if (text.charCodeAt(at) === QUOTE) {
      at++;
      for (let k = 0; k < n; k++) {
        const ch = cell.charCodeAt(k);
        if (text.charCodeAt(at++) !== ch) return false;
        if (ch === QUOTE && text.charCodeAt(at++) !== QUOTE) return false;
      }
      if (text.charCodeAt(at++) !== QUOTE) return false;
    } else {
      if (at + n > end || (n === 4 && cell === 'NULL') || (n === 2 && cell === '\\N')) return false;
      for (let k = 0; k < n; k++) {
        const ch = cell.charCodeAt(k);
        if (ch === QUOTE || ch === LF || ch === CR || text.charCodeAt(at + k) !== ch) return false;
      }
      at += n;
    }
  }
  return at === end;
}

/**
 * A record with no quote and no line break in its text: papaparse split it at each delimiter, as the server does,
 * so it reads alike when its cells span the whole text and none is a word the server reads as NULL.
 */
function unquotedReadsAsCells(length: number, cells: string[]): boolean {
  let total = cells.length - 1;
  for (let i = 0; i < cells.length; i++) {
    const n = cells[i].length;
    if ((n === 4 && cells[i] === 'NULL') || (n === 2 && cells[i] === '\\N')) return false;
    total += n;
  }
  return total === length;
}
