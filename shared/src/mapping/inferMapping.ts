import { parseTree } from 'jsonc-parser';
import { ColumnType, DEFAULT_STRING_LENGTH, DeclaredColumn, DeclaredMapping } from './declaredMapping';
import { splitLogLines } from '../text/logLines';
/** The widest VARCHAR a utf8mb4 column takes; a longer sampled string gets this and its line would be rejected. */
const MOST_VARCHAR = 16_383;
/** Names and tables as MySQL identifiers take them. */
const MOST_IDENTIFIER = 64;

interface Seen {
  types: Set<ColumnType>;
  /** Lines where the value is there and not null. */
  present: number;
  longest: number;
  values: Set<string>;
  /** A whole number past BIGINT was sampled: the column keeps numbers as their digits (acceptNumbers). */
  wholeAsText?: true;
}

/**
 * An ingest mapping for a log no mapping matches, from its first `rows` JSON object lines (as `loadline infer`
 * does for a CSV): a column per top-level member, typed by every sampled value (integer, number, boolean,
 * string, else json), required when every sampled line has it; the key is `id` when the sample holds each once,
 * else the first column that does, else the first column. `glob` names the log below the config's folder.
 * Undefined when no sampled line is a JSON object.
 */
export function inferMapping(text: string, { rows, glob, name }: { rows: number; glob: string; name: string }): DeclaredMapping | undefined {
  const seen = new Map<string, Seen>();
  let sampled = 0;
  for (const line of splitLogLines(text)) {
    if (sampled >= rows) break;
    const event = parseObject(line);
    if (!event) continue;
    sampled++;
    let written: Map<string, string> | undefined;
    for (const [member, value] of Object.entries(event)) {
      let column = seen.get(member);
      if (!column) seen.set(member, (column = { types: new Set(), present: 0, longest: 0, values: new Set() }));
      if (value === null) continue;
      column.present++;
      // JSON.parse rounds a number past 2^53: its digits as written decide the type, and tell two values apart.
      const text = typeof value === 'number' && !Number.isSafeInteger(value) ? (written ??= numbersAsWritten(line)).get(member) : undefined;
      const type = text === undefined ? typeOf(value) : wholeNumberType(text);
      column.types.add(type);
      if (type === 'string') column.longest = Math.max(column.longest, [...(text ?? (value as string))].length);
      if (text !== undefined && type === 'string') column.wholeAsText = true;
      column.values.add(text ?? JSON.stringify(value));
    }
  }
  if (seen.size === 0) return undefined;
  const columns: Record<string, DeclaredColumn> = {};
  const names = new Map<string, string>();
  for (const [member, column] of seen) {
    const name = uniqueName(member, columns);
    names.set(member, name);
    columns[name] = declare(member, column, sampled);
  }
  const members = [...seen.keys()];
  const unique = (member: string) => seen.get(member)!.present === sampled && seen.get(member)!.values.size === sampled;
  const keyMember = ['id', ...members].find((m) => seen.has(m) && unique(m)) ?? members[0];
  return { name, files: [glob], table: identifier(name), key: names.get(keyMember)!, columns };
}

function parseObject(line: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The top-level members' numbers of a line, as written. */
function numbersAsWritten(line: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const property of parseTree(line)?.children ?? []) {
    const [name, value] = property.children ?? [];
    if (name && value?.type === 'number') found.set(String(name.value), line.slice(value.offset, value.offset + value.length));
  }
  return found;
}

/** BIGINT's most, which a whole number's digits must not pass to be an integer column's value. */
const BIGINT_MAX = 2n ** 63n - 1n;

/** A number past 2^53 as written: a whole one is an integer within BIGINT, else its digits as text; else a number. */
function wholeNumberType(text: string): ColumnType {
  if (!/^-?(0|[1-9]\d*)$/.test(text)) return 'number';
  const whole = BigInt(text);
  return whole <= BIGINT_MAX && whole >= -BIGINT_MAX - 1n ? 'integer' : 'string';
}

function typeOf(value: unknown): ColumnType {
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return Number.isSafeInteger(value) ? 'integer' : 'number';
  return typeof value === 'string' ? 'string' : 'json';
}

/** One type that takes every sampled value: integers widen to numbers, anything else mixed is JSON. */
function declare(member: string, { types, present, longest, wholeAsText }: Seen, sampled: number): DeclaredColumn {
  const mixed = (a: ColumnType, b: ColumnType) => types.size === 2 && types.has(a) && types.has(b);
  const only = types.size === 1 ? [...types][0] : mixed('integer', 'number') ? 'number' : mixed('integer', 'string') ? 'string' : 'json';
  // A path that names exactly this member: a dot path when it reads as one, else a JSON Pointer.
  const from = /^[A-Za-z_][\w-]*$/.test(member) ? member : `/${member.replace(/~/g, '~0').replace(/\//g, '~1')}`;
  const declared: DeclaredColumn = { from, type: types.size === 0 ? 'string' : only };
  if (declared.type === 'string' && longest > DEFAULT_STRING_LENGTH) declared.maxLength = Math.min(Math.ceil(longest / 256) * 256, MOST_VARCHAR);
  if (mixed('integer', 'string') || (declared.type === 'string' && wholeAsText)) declared.acceptNumbers = true;
  if (present === sampled) declared.required = true;
  return declared;
}

const identifier = (text: string) => (text.replace(/[^\w]+/g, '_').replace(/^_+|_+$/g, '') || 'column').slice(0, MOST_IDENTIFIER);

/** MySQL compares column names without case: `Id` and `id` are one column. */
function uniqueName(member: string, taken: Record<string, unknown>): string {
  const base = identifier(member);
  const isTaken = (name: string) => Object.keys(taken).some((t) => t.toLowerCase() === name.toLowerCase());
  let name = base;
  for (let n = 2; isTaken(name); n++) name = `${base.slice(0, MOST_IDENTIFIER - 4)}_${n}`;
  return name;
}
