// Issue 21, class 9 for connection profiles: a profile's host reaches messages only as a host; no password, no
// control character, nothing unbounded.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IngestError } from '../../shared/src/ingest/ingestError';
import { parseEndpoint, profileHost } from '../../shared/src/ingest/load/connect/target';

const hasControl = (text: string) => [...text].some((c) => c < ' ' || c === '\u007f');
const messageOf = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof IngestError);
    return error.message;
  }
  assert.fail('refused');
};

describe("a connection profile's host in messages", () => {
  it('a host name or address is taken as it is', () => {
    for (const host of ['db.example.com', '127.0.0.1', '[::1]', 'DB-2']) assert.equal(profileHost(host), host);
  });

  it('a password, control characters or a long text is refused, masked, escaped and clipped', () => {
    const cases = ['root:s3cret@db', 'db\u001b[2J', 'db\nloadline: all rows loaded', 'db:3307', 'db/x', `${'a'.repeat(300)}:s3cret@db`, 'h'.repeat(254)];
    for (const host of cases) {
      const message = messageOf(() => profileHost(host));
      assert.match(message, /^not a host name or address: "/);
      assert.doesNotMatch(message, /s3cret/);
      assert.ok(!hasControl(message), message);
      assert.ok(message.length < 140, message);
    }
  });

  it("a profile's `hosts` entry is shown escaped, without its password", () => {
    for (const entry of ['u:s3cret@db:3307', 'db\u001b[31m:3307', 'db\r\nx:1']) {
      const message = messageOf(() => parseEndpoint(entry));
      assert.doesNotMatch(message, /s3cret/);
      assert.ok(!hasControl(message), message);
    }
  });
});
