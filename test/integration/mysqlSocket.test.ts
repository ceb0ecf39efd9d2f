// Guards the one reach into mysql2's internals: if a release moves the socket, this fails first.
import assert from 'node:assert/strict';
import { Socket } from 'node:net';
import { describe, it } from 'node:test';
import { createConnection } from 'mysql2/promise';
import { socketOf } from '../../shared/src/ingest/load/connect/mysqlSocket';
import { localMariadb } from '../support/mariadb';

describe('socketOf (mysql2 adapter)', () => {
  it('finds the net.Socket of a live mysql2 promise connection, the one it writes queries to', async () => {
    const { host, port, user, password } = localMariadb();
    const connection = await createConnection({ host, port, user, password });
    try {
      const socket = socketOf(connection);
      assert.ok(socket instanceof Socket);
      assert.equal(typeof socket.writableLength, 'number');
      const written = socket.bytesWritten;
      await connection.query('SELECT 1');
      assert.ok(socket.bytesWritten > written, 'the query went out through this socket');
    } finally {
      await connection.end();
    }
  });

  it('says clearly when the shape is not there', () => {
    assert.throws(() => socketOf({} as never), /mysql2 no longer exposes its socket/);
  });
});
