import { ColumnMapping, IngestMapping } from './mapping';

export type MappedLine = { kind: 'row'; values: string[] } | { kind: 'reject'; reason: string } | { kind: 'blank' };

/** TIMESTAMP's range: 1970-01-01 00:00:01 to 2038-01-19 03:14:07 UTC. */
const MIN_TIMESTAMP = 1;
const MAX_TIMESTAMP = 2147483647;

/** Turns one log line into the row values of `mapping`, in column order, or the reason it cannot be stored. */
export function mapLine(line: string, mapping: IngestMapping): MappedLine {
  if (line.charCodeAt(0) !== 123 /* { */ && line.trim() === '') return { kind: 'blank' };
  let event: unknown;
  try {
    event = JSON.parse(line);
  } catch (error) {
    return { kind: 'reject', reason: `invalid JSON: ${(error as Error).message}` };
  }
  if (!isObject(event)) return { kind: 'reject', reason: 'invalid event: expected a JSON object' };

  const type = valueAt(event, mapping.typePath);
  if (typeof type !== 'string' || !mapping.acceptedTypes.includes(type)) {
    return { kind: 'reject', reason: `unsupported type ${JSON.stringify(type ?? null)}: only ${mapping.acceptedTypes.join(' and ')} events are loaded` };
  }

  const values: string[] = [];
  for (const column of mapping.columns) {
    const path = 'path' in column.source ? column.source.path : column.source.byType[type];
    const mapped = mapValue(valueAt(event, path), column, path.join('.'));
    if (typeof mapped !== 'string') return { kind: 'reject', reason: mapped.reason };
    values.push(mapped);
  }
  return { kind: 'row', values };
}

function mapValue(value: unknown, column: ColumnMapping, field: string): string | { reason: string } {
  if (value === undefined || value === null) {
    if (column.required) return { reason: `missing required field ${field}` };
    return column.defaultValue ?? '';
  }
  if (column.kind === 'unix-seconds') return unixSeconds(value, field);

  let text: string;
  if (typeof value === 'string') text = value;
  else if (column.acceptIntegers && typeof value === 'number' && Number.isSafeInteger(value)) text = String(value);
  else return { reason: `wrong type for ${field}: expected a string, got ${describeType(value)}` };

  if (column.required && text.trim() === '') return { reason: `missing required field ${field}: it is empty` };
  if (!text.isWellFormed()) return { reason: `${field} holds a lone UTF-16 surrogate, which ${column.column} cannot store` };
  if (column.maxChars !== undefined && text.length > column.maxChars) {
    const chars = countCodePoints(text);
    if (chars > column.maxChars) return { reason: `${field} is ${chars} characters, more than ${column.column} holds (${column.maxChars})` };
  }
  return text;
}

function unixSeconds(value: unknown, field: string): string | { reason: string } {
  let seconds: number;
  if (typeof value === 'number') seconds = value;
  else if (typeof value === 'string' && /^\d{1,12}$/.test(value)) seconds = Number(value);
  else return { reason: `wrong type for ${field}: expected unix seconds as a number or a string of digits, got ${describeType(value)}` };
  if (!Number.isInteger(seconds)) return { reason: `${field} ${value} has a fraction; the column stores whole seconds` };
  if (seconds < MIN_TIMESTAMP || seconds > MAX_TIMESTAMP) return { reason: `${field} ${value} is outside TIMESTAMP's range (1 to ${MAX_TIMESTAMP})` };
  return String(seconds);
}

function valueAt(object: Record<string, unknown>, path: string[]): unknown {
  let current: unknown = object;
  for (const key of path) {
    if (!isObject(current)) return undefined;
    current = current[key];
  }
  return current;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeType(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${JSON.stringify(value)}`.slice(0, 60);
}

/** Characters as MySQL counts them in utf8mb4: code points, so an emoji is one. */
function countCodePoints(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff) count++;
  }
  return count;
}
