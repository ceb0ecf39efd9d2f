import { normalizeLabel } from '../contract/normalizeLabel';
import { Contract, HeaderRule } from '../contract/types';
import { isBlankRow } from './check/recordRules';
import { detectDialect } from './dialect';
import { parseRecords } from './parseRecords';
import { withOneLineEnding } from './lineEndings';
import { castFor } from '../schema/castValue';
import { valueKey } from '../schema/fieldRule';
import { FieldOptions } from '../schema/tableSchema';
import { Cast, INVALID } from '../schema/temporal';

export const DEFAULT_INFER_ROWS = 10_000;

/**
 * Candidates, most specific first; the first that reads every sampled value of a column wins (frictionless
 * `describe` does the same, with a 0.9 confidence: Loadline asks for all, so that a new contract starts clean).
 */
const CANDIDATES: FieldOptions[] = [
  { type: 'integer' },
  { type: 'number' },
  { type: 'boolean' },
  { type: 'date' },
  { type: 'date', format: '%d/%m/%Y' },
  { type: 'date', format: '%m/%d/%Y' },
  { type: 'date', format: '%d.%m.%Y' },
  { type: 'datetime' },
  { type: 'datetime', format: '%Y-%m-%d %H:%M:%S' },
  { type: 'time' },
  { type: 'yearmonth' },
  { type: 'string', format: 'email' },
  { type: 'string', format: 'uuid' },
  { type: 'string', format: 'uri' },
  { type: 'string' },
];

/** Each candidate's cast, built once: built per column, they made a 100,000-column file take seconds. */
let candidateCasts: Cast<unknown>[] | undefined;
const castsOf = () => (candidateCasts ??= CANDIDATES.map(castFor));

/** Labels that name an identifier: an all-distinct sample there is taken as a unique constraint. */
const IDENTIFIER = /(^|[_\s-])(id|key|uuid|code)$/i;

export interface InferOptions {
  /** Most data rows to read (default DEFAULT_INFER_ROWS). */
  rows?: number;
  fileName?: string;
  /** The contract's `files` glob. */
  glob: string;
}

/**
 * A contract for a CSV from its first rows: each column's type (and format), `required` when no sampled
 * cell is empty, and `unique` for identifier-like columns (the first column, or a label ending in id, key,
 * uuid or code) whose sampled values are all distinct.
 */
export function inferContract(text: string, options: InferOptions): Contract {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const detected = detectDialect(body, { fileName: options.fileName });
  const dialect = detected.ok ? detected.dialect : { delimiter: ',', newline: '\n' as const };
  const { text: parsed, newline } = withOneLineEnding(body, dialect.newline, dialect.delimiter);
  const limit = options.rows ?? DEFAULT_INFER_ROWS;
  let header: string[] | undefined;
  const columns: string[][] = [];
  let rows = 0;
  try {
    parseRecords(parsed, { delimiter: dialect.delimiter, newline }, ({ cells }) => {
      // As the checker reads it: before the header, a row of delimiters only is a header of blank labels.
      if (isBlankRow(cells) && (header || cells.length < 2)) return;
      if (!header) {
        header = cells.map((c) => c.trim());
        header.forEach(() => columns.push([]));
        return;
      }
      if (rows++ >= limit) throw STOP;
      header.forEach((_, i) => columns[i].push(cells[i] ?? ''));
    });
  } catch (error) {
    if (error !== STOP) throw error;
  }
  // Labels are data: "__proto__" or "constructor" must be keys like any other, not the object's own machinery.
  const headers: Record<string, HeaderRule> = Object.create(null) as Record<string, HeaderRule>;
  // The checker matches labels trimmed and case-insensitively: a repeated one is the first column's.
  const seen = new Set<string>();
  (header ?? []).forEach((label, i) => {
    if (label === '' || seen.has(normalizeLabel(label))) return;
    seen.add(normalizeLabel(label));
    headers[label] = inferColumn(columns[i], i === 0 || IDENTIFIER.test(label));
  });
  const contract: Contract = { files: [options.glob], headers };
  if (options.fileName && !/\.(tsv|tab)$/i.test(options.fileName) && dialect.delimiter !== ',') contract.delimiter = dialect.delimiter;
  return contract;
}

/** Thrown out of papaparse's loop once the sample is complete. */
const STOP = new Error('enough rows');

/**
 * As the checker will read the column: an empty cell is missing, a whitespace-only one fails `required` but is
 * otherwise cast, and `unique` compares cast values (`1` and `01` repeat each other in an integer column).
 */
function inferColumn(values: string[], identifier: boolean): HeaderRule {
  const present = values.filter((v) => v !== '');
  const casts = castsOf();
  const chosen = present.length === 0 ? CANDIDATES.length - 1 : casts.findIndex((cast) => present.every((v) => cast(v) !== INVALID));
  const candidate = CANDIDATES[chosen];
  const rule: HeaderRule = { ...candidate };
  const constraints: HeaderRule['constraints'] = {};
  if (present.length > 0 && values.every((v) => v.trim() !== '')) constraints.required = true;
  if (identifier && present.length > 1 && candidate.type !== 'boolean' && allDistinct(present, casts[chosen])) constraints.unique = true;
  if (Object.keys(constraints).length > 0) rule.constraints = constraints;
  return rule;
}

function allDistinct(values: string[], cast: Cast<unknown>): boolean {
  return new Set(values.map((v) => valueKey(cast(v)))).size === values.length;
}
