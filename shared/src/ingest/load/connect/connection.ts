// The driver's surface that the run outside load/ uses (the coordinator, the range worker, startRun), named
// here so that mysql2 is imported in load/ only (test/unit/layering.test.ts holds it).
export { escapeId } from 'mysql2';
export { createConnection } from 'mysql2/promise';
export type { Connection, RowDataPacket } from 'mysql2/promise';
export { setSessionSqlMode } from './sessionMode';
