import { DEFAULT_FALSE_VALUES, DEFAULT_TRUE_VALUES } from './castValue';
import { Violation } from './fieldRule';
import { SchemaField } from './tableSchema';

const STRING_FORMATS: Record<string, string> = {
  email: 'an email address',
  uri: 'a URI with a scheme (https://…)',
  uuid: 'a UUID',
  binary: 'base64 text',
};
const DEFAULT_TEMPORAL: Record<string, string> = {
  date: 'a date (YYYY-MM-DD)',
  time: 'a time (hh:mm:ss)',
  datetime: 'a datetime (YYYY-MM-DDThh:mm:ss, optionally with Z or ±hh:mm)',
};

/** What a cell of the field must be, ending a sentence that starts "Value "x" in col (row n) is not …". */
export function describeType(field: SchemaField): string {
  const type = field.type ?? 'string';
  const format = field.format && field.format !== 'default' ? field.format : undefined;
  switch (type) {
    case 'string':
      return (format && STRING_FORMATS[format]) ?? 'a string';
    case 'integer':
    case 'number': {
      const options = [
        field.decimalChar && `decimal mark "${field.decimalChar}"`,
        field.groupChar && `thousands separator "${field.groupChar}"`,
        field.bareNumber === false && 'signs around it allowed',
      ].filter(Boolean);
      return `${type === 'integer' ? 'an integer' : 'a number'}${options.length > 0 ? ` (${options.join(', ')})` : ''}`;
    }
    case 'boolean': {
      const truths = field.trueValues ?? DEFAULT_TRUE_VALUES;
      const falsehoods = field.falseValues ?? DEFAULT_FALSE_VALUES;
      return `a boolean (${[...truths, ...falsehoods].map((v) => JSON.stringify(v)).join(', ')})`;
    }
    case 'date':
    case 'time':
    case 'datetime':
      return format ? `a ${type} in the format ${clip(format, RULE_SHOWN)}` : DEFAULT_TEMPORAL[type];
    case 'year':
      return 'a year (YYYY)';
    case 'yearmonth':
      return 'a year and month (YYYY-MM)';
    case 'duration':
      return 'an ISO 8601 duration (such as P1DT2H)';
    case 'object':
      return 'a JSON object';
    case 'array':
      return 'a JSON array';
    case 'list':
      return `a list of ${field.itemType ?? 'string'} items separated by "${field.delimiter ?? ','}"`;
    case 'geopoint':
      return format === 'array' ? 'a geopoint [lon, lat]' : format === 'object' ? 'a geopoint {"lon": …, "lat": …}' : 'a geopoint "lon, lat"';
    case 'any':
      return 'a value';
  }
}

/** `text`, cut to `max` characters with an ellipsis: a message is sent once per bad cell, so no part may grow with the contract. */
export const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max)}…` : text);

/** Most characters of a rule's own text (a pattern, a format, a limit) that a message quotes. */
const RULE_SHOWN = 80;

const show = (limit: unknown) => clip(typeof limit === 'string' ? limit : String(JSON.stringify(limit)), RULE_SHOWN);

/** How many of an enum's values a message lists: one message per bad cell, so its size must not grow with the enum. */
const ENUM_SHOWN = 5;

function describeEnum(values: unknown[]): string {
  const quoted = values.slice(0, ENUM_SHOWN).map((v) => quoteValue(typeof v === 'string' ? v : JSON.stringify(v)));
  if (values.length <= ENUM_SHOWN) return `is not one of ${quoted.join(', ')} (enum)`;
  return `is not one of the ${values.length.toLocaleString('en-US')} allowed values, such as ${quoted.join(', ')} (enum)`;
}

/** What the value broke, ending a sentence that starts "Value "x" in col (row n) …". */
export function describeViolation({ constraint, limit }: Violation): string {
  switch (constraint) {
    case 'enum':
      return describeEnum(limit as unknown[]);
    case 'pattern':
      // Quoted when bare text would hide it: an empty pattern, or spaces at either end, would leave the sentence ending blank.
      return `does not match the pattern ${limit === '' || (limit as string).trim() !== limit ? clip(JSON.stringify(limit), RULE_SHOWN) : show(limit)}`;
    case 'minLength':
      return `is shorter than the minLength ${show(limit)}`;
    case 'maxLength':
      return `is longer than the maxLength ${show(limit)}`;
    case 'minimum':
      return `is below the minimum ${show(limit)}`;
    case 'maximum':
      return `is above the maximum ${show(limit)}`;
    case 'exclusiveMinimum':
      return `is not above the exclusiveMinimum ${show(limit)}`;
    case 'exclusiveMaximum':
      return `is not below the exclusiveMaximum ${show(limit)}`;
  }
}

/** A cell's text as a message quotes it: at most 40 characters, on one line. */
export function quoteValue(raw: string): string {
  return JSON.stringify(clip(raw, 40));
}
