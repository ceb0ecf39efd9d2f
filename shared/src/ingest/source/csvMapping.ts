import { normalizeLabel } from '../../contract/normalizeLabel';
import { ColumnRule, tableRules } from '../../contract/tableRules';
import { Contract } from '../../contract/types';
import { FieldType, onlyEmptyMissing } from '../../schema/tableSchema';
import { ColumnType, DEFAULT_STRING_LENGTH } from '../../mapping/declaredMapping';
import { IngestError } from '../ingestError';
import { ColumnLimits, ColumnMapping, IngestMapping, ROW_ID_COLUMN } from '../../mapping/ingestMapping';

/** How a Table Schema type is stored: the mapped type whose checks apply, and the SQL type a new table gets. */
const STORAGE: Record<FieldType, { type: ColumnType; sql?: string }> = {
  string: { type: 'string' },
  integer: { type: 'integer', sql: 'BIGINT' },
  number: { type: 'number', sql: 'DOUBLE' },
  boolean: { type: 'boolean', sql: 'BOOLEAN' },
  date: { type: 'date', sql: 'DATE' },
  datetime: { type: 'datetime', sql: 'DATETIME(6)' },
  time: { type: 'string', sql: 'TIME(6)' },
  year: { type: 'integer', sql: 'SMALLINT' },
  yearmonth: { type: 'string', sql: 'CHAR(7)' },
  duration: { type: 'string', sql: 'VARCHAR(64)' },
  object: { type: 'json', sql: 'JSON' },
  array: { type: 'json', sql: 'JSON' },
  list: { type: 'string', sql: 'TEXT' },
  geopoint: { type: 'string', sql: 'VARCHAR(64)' },
  any: { type: 'string', sql: 'TEXT' },
};

/** A CSV column as an ingest column: `cell` is its index in the header row, `rule` what the contract says of it. */
export interface CsvColumn {
  cell: number;
  /** The contract's field type, or undefined for a column the contract leaves untyped. */
  fieldType?: FieldType;
  /**
   * The cell texts its field reads as missing, stored as NULL, when they are not Table Schema's default `[""]`
   * (`["", "NA"]`; `["NA"]`, where an empty cell is the text ""): the schema's one list, shared by its columns.
   */
  missingValues?: readonly string[];
}

/**
 * The table a CSV loads into, from its contract and header row (docs/ingest.md, "CSV files through their contract"):
 * a column per header cell, named by the header rule's `field` or else the label; the contract's types pick
 * the SQL types, and its primary key (else its first unique column, else the row's line) is the duplicate key.
 */
export function csvMapping(contract: Contract, header: string[], table: string, fileName: string): { mapping: IngestMapping; columns: CsvColumn[] } {
  const rules = tableRules(contract);
  const ruleOf = (label: string) => rules.columns.find((c) => normalizeLabel(c.label) === normalizeLabel(label));
  const nameOf = (label: string) => ruleOf(label)?.mapsTo ?? label.trim();
  const keyLabels =
    rules.primaryKey.length > 0
      ? rules.primaryKey
      : rules.columns
          .filter((c) => c.rule.unique)
          .slice(0, 1)
          .map((c) => c.label);
  const keyCells = keyLabels.map((label) => header.findIndex((h) => normalizeLabel(h) === normalizeLabel(label)));
  if (keyCells.includes(-1)) {
    const why = `its header has no ${keyLabels[keyCells.indexOf(-1)]}, part of the primary key`;
    throw new IngestError('file', `${fileName} cannot be loaded: ${why}, so duplicates could not be found`, { file: fileName, reason: 'no-csv-key' });
  }
  const lineKey = keyLabels.length === 0;
  const reserved = lineKey && header.map((label) => nameOf(label).toLowerCase()).find((name) => name === LINE_KEY_COLUMN || name === ROW_ID_COLUMN);
  if (reserved) {
    throw new IngestError('file', `${fileName} cannot be loaded: its contract has no key, and its column ${reserved} is a name Loadline gives such a table`, {
      file: fileName,
      reason: 'no-csv-key',
    });
  }
  const columns: CsvColumn[] = [];
  const mapped: ColumnMapping[] = [];
  header.forEach((label, cell) => {
    if (label.trim() === '') return;
    const rule = ruleOf(label);
    const inKey = keyCells.includes(cell);
    const missingValues = rule?.rule.missingValues;
    const ownMissing = missingValues !== undefined && !onlyEmptyMissing(missingValues);
    columns.push({ cell, ...(rule?.rule.typed ? { fieldType: rule.rule.type } : {}), ...(ownMissing ? { missingValues } : {}) });
    mapped.push(csvColumn(nameOf(label), label.trim(), rule, inKey));
  });
  if (lineKey) mapped.push(LINE_KEY);
  return {
    mapping: {
      name: 'contract',
      builtIn: false,
      table,
      key: lineKey ? [LINE_KEY_COLUMN] : keyCells.map((cell) => nameOf(header[cell])),
      ...(lineKey ? { lineKey } : {}),
      columns: mapped,
      indexes: [],
      onDuplicate: 'skip',
    },
    columns,
  };
}

/**
 * The in-file key of a CSV without one: the row's line in the file (its first line, for a record over several),
 * never repeated, so no row of the file is taken for a repeat. The table keys rows by ROW_ID_COLUMN.
 */
const LINE_KEY_COLUMN = 'csv_line';

const LINE_KEY: ColumnMapping = {
  column: LINE_KEY_COLUMN,
  type: 'integer',
  sqlType: 'BIGINT NOT NULL',
  source: { path: [], label: LINE_KEY_COLUMN },
  required: true,
  defaultValue: null,
  acceptNumbers: false,
  limits: { integerRange: { min: '1', max: '9223372036854775807' } },
};

function csvColumn(column: string, label: string, rule: ColumnRule | undefined, inKey: boolean): ColumnMapping {
  const fieldType = rule?.rule.typed ? rule.rule.type : 'string';
  const storage = STORAGE[fieldType];
  const maxLength = rule?.rule.field.constraints?.maxLength;
  let sql = storage.sql;
  let limits: ColumnLimits = {};
  if (storage.type === 'string' && sql === undefined) {
    // Keys need a width to be indexed; other text takes what TEXT holds unless the contract caps it.
    const width = typeof maxLength === 'number' ? maxLength : inKey ? DEFAULT_STRING_LENGTH : undefined;
    sql = width === undefined ? 'TEXT' : `VARCHAR(${width})`;
    limits = width === undefined ? { maxBytes: 65535 } : { maxChars: width };
  }
  if (storage.type === 'integer' && fieldType === 'integer') limits = { integerRange: { min: '-9223372036854775808', max: '9223372036854775807' } };
  if (fieldType === 'year') limits = { integerRange: { min: '-32768', max: '32767' } };
  const required = inKey || rule?.rule.required === true;
  return {
    column,
    type: storage.type,
    sqlType: `${sql}${required ? ' NOT NULL' : ''}`,
    source: { path: [], label },
    required,
    defaultValue: null,
    acceptNumbers: false,
    limits,
  };
}
