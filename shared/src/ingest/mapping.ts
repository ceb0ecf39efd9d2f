/**
 * How one JSON-lines log shape becomes rows: the table, its columns, and where each value comes from.
 * A second log shape is a new IngestMapping, not new code.
 */
export type ValueSource =
  /** The same JSON path for every accepted event type. */
  | { path: string[] }
  /** A path that depends on the event type, such as data.message for messages and data.status for statuses. */
  | { byType: Record<string, string[]> };

export interface ColumnMapping {
  column: string;
  sqlType: string;
  source: ValueSource;
  /** 'text' stores a string; 'unix-seconds' takes whole seconds (number or digit string) and stores UTC. */
  kind: 'text' | 'unix-seconds';
  /** A missing or wrongly typed value rejects the line; otherwise `defaultValue` is stored. */
  required: boolean;
  defaultValue?: string;
  /** Whole numbers are accepted as text (site ids are sometimes numbers). */
  acceptIntegers?: boolean;
  /** The column's capacity in characters; longer values are rejected, never truncated. */
  maxChars?: number;
}

export interface IngestMapping {
  table: string;
  /** Path of the event type, and the types that become rows; any other type is rejected. */
  typePath: string[];
  acceptedTypes: string[];
  /** The primary-key column: a repeated key is a duplicate and the first one wins. */
  key: string;
  columns: ColumnMapping[];
  indexes: string[][];
}

export const CHAT_MESSAGES: IngestMapping = {
  table: 'chat_messages',
  typePath: ['type'],
  acceptedTypes: ['message', 'status'],
  key: 'id',
  columns: [
    { column: 'id', sqlType: 'VARCHAR(255)', source: { path: ['id'] }, kind: 'text', required: true, maxChars: 255 },
    { column: 'from', sqlType: 'VARCHAR(255) NOT NULL', source: { path: ['from'] }, kind: 'text', required: true, maxChars: 255 },
    { column: 'type', sqlType: 'VARCHAR(50)', source: { path: ['type'] }, kind: 'text', required: true, maxChars: 50 },
    { column: 'site_id', sqlType: 'VARCHAR(50) NOT NULL', source: { path: ['site_id'] }, kind: 'text', required: true, acceptIntegers: true, maxChars: 50 },
    {
      column: 'data',
      sqlType: "VARCHAR(255) DEFAULT ''",
      source: { byType: { message: ['data', 'message'], status: ['data', 'status'] } },
      kind: 'text',
      required: false,
      defaultValue: '',
      maxChars: 255,
    },
    { column: 'timestamp', sqlType: 'TIMESTAMP NOT NULL', source: { path: ['timestamp'] }, kind: 'unix-seconds', required: true },
  ],
  indexes: [['site_id'], ['timestamp']],
};
