import { ParseError, printParseErrorCode, visit } from 'jsonc-parser';
import { configNumber, WrittenNumber } from '../../schema/writtenNumber';

/** A limit that a double would change, and where it goes once the value's shape is checked. */
type Written = { holder: Record<string, unknown> | unknown[]; key: string | number; number: WrittenNumber };

/**
 * A JSON or JSONC text read: its value with plain numbers (the shape check wants numbers), and the limits to
 * keep as written; or its syntax errors.
 */
export type JsonRead = { value: unknown; written: Written[] } | { errors: ParseError[] };

/** A syntax error in words ("invalid symbol"), never the text around it: a file named by mistake may hold a secret. */
export function describeParseError(e: ParseError): string {
  return printParseErrorCode(e.error)
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
}

/** Puts the limits kept as written into the value, for the contract. */
export function keepWritten(read: { value: unknown; written: Written[] }): unknown {
  for (const { holder, key, number } of read.written) (holder as Record<string | number, unknown>)[key] = number;
  return read.value;
}

/**
 * A number that a double may change: 16 or more digits (with the point), or an exponent. Without one, every
 * number in the text is exact as a double and JSON.parse reads the file. Strings may match too: that only
 * costs the slower, exact read.
 */
const MAY_BE_INEXACT = /[0-9][0-9.]{15}|[0-9.][eE][+-]?[0-9]/;

/**
 * The value of a contract file. Plain JSON whose numbers a double keeps is read by JSON.parse, many times faster
 * than jsonc-parser; it makes every key an own property, "__proto__" included. Any other text (comments,
 * trailing commas, a limit such as 9007199254740993) is read in one pass of jsonc-parser, without a tree.
 */
export function readJson(text: string): JsonRead {
  if (!MAY_BE_INEXACT.test(text)) {
    try {
      return { value: JSON.parse(text), written: [] };
    } catch {
      // JSONC, or a syntax error: the exact read says which.
    }
  }
  return exactValue(text);
}

type Open = { value: Record<string, unknown> | unknown[]; limits: boolean; exact: boolean };

/**
 * The value as jsonc-parser reads it, with every key an own property (its own `parse` assigns keys, so that a
 * column called "__proto__" replaced the prototype). A number of a `constraints` object, or of an array there
 * (enum), that a double would change is noted with its text, so that 9007199254740993 is not read as 9007199254740992.
 */
function exactValue(text: string): JsonRead {
  const errors: ParseError[] = [];
  const written: Written[] = [];
  const open: Open[] = [];
  let value: unknown;
  let key = '';
  const put = (item: unknown) => {
    const top = open[open.length - 1];
    if (!top) value = item;
    else if (Array.isArray(top.value)) top.value.push(item);
    else Object.defineProperty(top.value, key, { value: item, enumerable: true, writable: true, configurable: true });
  };
  const top = () => open[open.length - 1] as Open | undefined;
  visit(
    text,
    {
      onObjectBegin: () => {
        const parent = top();
        const limits = parent !== undefined && !Array.isArray(parent.value) && key === 'constraints';
        const object = {};
        put(object);
        open.push({ value: object, limits, exact: limits });
      },
      onArrayBegin: () => {
        const array: unknown[] = [];
        const exact = top()?.limits === true;
        put(array);
        open.push({ value: array, limits: false, exact });
      },
      onObjectEnd: () => void open.pop(),
      onArrayEnd: () => void open.pop(),
      onObjectProperty: (property) => {
        key = property;
      },
      onLiteralValue: (literal, offset, length) => {
        const holder = top();
        if (typeof literal !== 'number' || !holder?.exact) return put(literal);
        const number = configNumber(text.slice(offset, offset + length), literal);
        if (typeof number !== 'object') return put(literal);
        // The shape check wants a finite number: a limit past a double's range (1e400) shows it the largest double,
        // and its text replaces that for the contract, which compares it exactly.
        put(Math.max(-Number.MAX_VALUE, Math.min(Number.MAX_VALUE, literal)));
        written.push({ holder: holder.value, key: Array.isArray(holder.value) ? holder.value.length - 1 : key, number });
      },
      onError: (error, offset, length) => void errors.push({ error, offset, length }),
    },
    { allowTrailingComma: true, disallowComments: false },
  );
  return errors.length > 0 ? { errors } : { value, written };
}
