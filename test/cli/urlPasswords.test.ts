// Issue 21, class 9: a password in a --mysql URL, well formed or not, never reaches a message.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { explainIngestError } from '../../cli/src/ingestMessages';
import { IngestError } from '../../shared/src/ingest/ingestError';
import { parseEndpoint, parseMysqlUrl } from '../../shared/src/ingest/load/connect/target';
import { fuzz } from '../support/fuzz';
import { runCli } from '../support/run';

const MARKER = 'Zq9Sekrit';

/** URL shapes a hurried user types, each carrying the password `pw`. */
const SHAPES: ((pw: string) => string)[] = [
  (pw) => `mysql://u:${pw}@`,
  (pw) => `mysql://u:${pw}@host:notaport/db`,
  (pw) => `mysql://u:${pw}@@host/db`,
  (pw) => `mysql://u:p@${pw}@host`,
  (pw) => `u:${pw}@host`,
  (pw) => `u:${pw}@host:3306/db`,
  (pw) => `mysql:/u:${pw}@h`,
  (pw) => `mysql:u:${pw}@h/db`,
  (pw) => `mysql://u:${encodeURIComponent(pw)}%zz@h/db`,
  (pw) => `mysql://u: ${pw} @h/db`,
  (pw) => `mysql://u:${pw}@h1,,h3/db`,
  (pw) => `mysql://u:${pw}@h1:x,h2/db`,
  (pw) => `mysql://u@h1,u:${pw}@h2/db`,
  (pw) => `mysql://u:${pw}@[::1/db`,
  (pw) => `postgres://u:${pw}@h/db`,
  (pw) => `mysql://u:${pw}`,
  (pw) => `mysql://u:${pw}/db`,
  (pw) => `mysql://u@h/db?password=${pw}`,
  (pw) => `mysql://127.0.0.1/db?pwd=${pw}`,
  (pw) => `mysql://127.0.0.1/db?passwd=${pw}`,
  (pw) => `mysql://h/db?ssl=${encodeURIComponent(JSON.stringify({ password: pw }))}`,
  (pw) => `mysql://u:${pw}@h/`,
  (pw) => `mysql://:${pw}@h/db`,
  (pw) => `mysql://u@h:${pw}/db`,
  (pw) => `mysql://u@h1:3306,h2:${pw}/db`,
  (pw) => `mysql://h1:3306,h2:${pw}/db`,
  (pw) => `mysql://u@[::1]:${pw}/db`,
  (pw) => `u@h:${pw}`,
];

/** Everything a refused URL puts in front of the user: the CLI's words and the error's facts. */
function shown(url: string): string {
  try {
    parseMysqlUrl(url);
    return '';
  } catch (error) {
    assert.ok(error instanceof IngestError);
    return [explainIngestError(error, undefined), error.message, ...Object.values(error.data)].join('\n');
  }
}

/** The password as typed, and as a URL decoder would give it back. */
const leaks = (text: string, password: string) => [password, encodeURIComponent(password)].some((p) => p.length > 0 && text.includes(p));

describe('a password in a --mysql URL is never echoed', () => {
  it('in the words for any malformed URL of many shapes, with any password', () => {
    // Passwords of URL-significant characters too: '@', ':', '/', '%', spaces.
    const password = fc.string({ unit: fc.constantFrom(...'abcXYZ019@:/%#?&= ,.'.split('')), minLength: 1, maxLength: 12 }).map((noise) => `${MARKER}${noise}`);
    fc.assert(
      fc.property(fc.nat(SHAPES.length - 1), password, (shape, pw) => {
        const url = SHAPES[shape](pw);
        assert.ok(!leaks(shown(url), MARKER), `${url} => ${shown(url)}`);
      }),
      fuzz(400),
    );
  });

  it('in a profile host that holds user info', () => {
    for (const host of [`u:${MARKER}@h`, `u:${MARKER}@h:3306`, `:${MARKER}@h`, `u:${MARKER}`]) {
      assert.throws(
        () => parseEndpoint(host),
        (error: IngestError) => !leaks(error.message + JSON.stringify(error.data), MARKER),
      );
    }
  });

  describe('from the loadline CLI', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-urls-'));
    after(() => fs.rmSync(dir, { recursive: true, force: true }));
    const log = path.join(dir, 'a.jsonl');
    fs.writeFileSync(log, '{"id":"1"}\n');

    it('on stdout and stderr, for every shape', () => {
      for (const shape of SHAPES) {
        const url = shape(`${MARKER}@x`);
        const result = runCli(['ingest', log, '--mysql', url], { env: { ...process.env, MYSQL_PWD: 'irrelevant' }, timeout: 20000 });
        assert.notEqual(result.status, 0, url);
        assert.ok(!leaks(result.stdout + result.stderr, MARKER), `${url} => ${result.stderr}`);
        assert.match(result.stderr, /^loadline: /, url);
      }
    });
  });
});
