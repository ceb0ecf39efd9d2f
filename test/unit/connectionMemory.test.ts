// A worker reconnects for each range whose rows the server skipped (a CHECK): 40,000 lines in 3,000-byte ranges
// ran its 160 MB heap out, as each mysql2 connection held a 16,000-entry prepared-statement cache (~0.5 MB).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createConnection } from 'mysql2';
import { connectionOptions } from '../../shared/src/ingest/load/connect/target';

describe('an ingest connection', () => {
  it('keeps no large prepared-statement cache (Loadline prepares none)', () => {
    const options = connectionOptions({ host: '127.0.0.1', port: 9, user: 'u', database: 'd' }, undefined);
    assert.ok((options.maxPreparedStatements ?? 16000) <= 16, `maxPreparedStatements ${options.maxPreparedStatements}`);
    // mysql2 accepts it: a connection is built with it (and closed before it ever connects).
    const connection = createConnection(options);
    connection.on('error', () => undefined);
    connection.destroy();
  });
});
