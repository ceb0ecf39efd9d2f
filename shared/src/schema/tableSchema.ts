// Frictionless Table Schema, as Loadline reads it: https://datapackage.org/standard/table-schema/

export const FIELD_TYPES = [
  'string',
  'integer',
  'number',
  'boolean',
  'date',
  'time',
  'datetime',
  'year',
  'yearmonth',
  'duration',
  'object',
  'array',
  'list',
  'geopoint',
  'any',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export interface Constraints {
  required?: boolean;
  unique?: boolean;
  enum?: unknown[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: unknown;
  maximum?: unknown;
  exclusiveMinimum?: unknown;
  exclusiveMaximum?: unknown;
}
export type ConstraintName = keyof Constraints;

/** The properties of a field that say how to read and check its cells. */
export interface FieldOptions {
  type?: FieldType;
  format?: string;
  trueValues?: string[];
  falseValues?: string[];
  decimalChar?: string;
  groupChar?: string;
  bareNumber?: boolean;
  /** Replaces the schema's list for this field (Table Schema v2). */
  missingValues?: string[];
  constraints?: Constraints;
  /** For `list`. */
  delimiter?: string;
  itemType?: FieldType;
  title?: string;
  description?: string;
}

export interface SchemaField extends FieldOptions {
  name: string;
}

export interface TableSchema {
  fields: SchemaField[];
  missingValues?: string[];
  /** A bare string is Table Schema v1's form of a one-column key. */
  primaryKey?: string[] | string;
  uniqueKeys?: string[][];
  foreignKeys?: ForeignKey[];
  /** How the header must match the fields (Table Schema v2); Loadline's default, when absent, asks only for required fields. */
  fieldsMatch?: FieldsMatch;
}

/** Table Schema `foreignKeys`: each row's `fields` must be a key of the referenced resource. */
export interface ForeignKey {
  fields: string | string[];
  reference: ForeignKeyReference;
}

export interface ForeignKeyReference {
  /** Another resource of the package (another contract of a .loadline.json); "" or absent: this one. */
  resource?: string;
  fields: string | string[];
  /** .loadline.json only: the referenced file, when the referenced contract's globs match several. */
  path?: string;
}

/** Key fields as written: a bare string is a key of one field. */
export const keyFieldsOf = (fields: string | string[]): string[] => (typeof fields === 'string' ? [fields] : fields);

export type FieldsMatch = 'exact' | 'equal' | 'subset' | 'superset' | 'partial';

export const DEFAULT_MISSING_VALUES = [''];

/** Whether a missingValues list is the default's: only an empty cell is missing. */
export const onlyEmptyMissing = (missingValues: readonly string[]) => missingValues.length === 1 && missingValues[0] === '';
