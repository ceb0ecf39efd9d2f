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
  // A delimiter where a host should be, or '@' after a port, moved the old mask's cuts (h23).
  (pw) => `mysql://u@h#:3306,h2:${pw}/db`,
  (pw) => `mysql://[@:3306,h2:${pw}/?]`,
  (pw) => `mysql://h/db?pwd=${pw}:x&@`,
  (pw) => `mysql://u@h:x@${pw}`,
  (pw) => `mysql://u@h:${pw}/db?x=a@b`,
  // A fragment or a bare query key where a ':' was meant, and a ':' percent-encoded into the user (h31).
  (pw) => `mysql://u@h#${pw}`,
  (pw) => `mysql://u@h/#${pw}`,
  (pw) => `mysql://u@/db#${pw}`,
  (pw) => `mysql://@h/db#${pw}`,
  (pw) => `mysql://h/db#${pw}`,
  (pw) => `mysql://u@h/?${pw}`,
  (pw) => `mysql://u%3A${encodeURIComponent(pw)}@host/db`,
  // hp21 07: a '/' typed for the ':'.
  (pw) => `mysql://loadline/${pw}@127.0.0.1/db`,
  (pw) => `mysql:/u/${pw}@h/db`,
  (pw) => `mysql://u/${pw}@h:x/db`,
  (pw) => `u/${pw}@h/db`,
];

/**
 * A malformed URL put together from random pieces, with the password where a user puts one: after the user, as a
 * port (of the first or a later host), or as a query value.
 */
const piece = fc.string({ unit: fc.constantFrom(...'abh019@:/%#?&=,.[] '.split('')), maxLength: 6 });
const randomUrl = (password: fc.Arbitrary<string>) =>
  fc
    .tuple(fc.constantFrom('mysql://', 'mariadb://', '', 'mysql:/', 'mysql:'), piece, piece, piece, piece, fc.nat(5), password)
    .map(([scheme, user, host, path, query, place, pw]) => ({
      pw,
      url: [
        `${scheme}${user}:${pw}@${host}/${path}?${query}`,
        `${scheme}u${user.replace(/:/g, '')}/${pw}@${host}/${path}?${query}`,
        `${scheme}${user}:${pw}@${host}:${path}/db?x=${query}`,
        `${scheme}${user}@${host}:${pw}/${path}?${query}`,
        `${scheme}${user}@${host}:3306,h2:${pw}/${path}?${query}`,
        `${scheme}${user}@${host}/${path}?pwd=${pw}&${query}`,
      ][place],
    }));

/** Passwords of URL-significant characters too: '@', ':', '/', '%', spaces. */
const password = fc.string({ unit: fc.constantFrom(...'abcXYZ019@:/%#?&= ,.[]'.split('')), minLength: 1, maxLength: 12 }).map((noise) => `${MARKER}${noise}`);

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
    fc.assert(
      fc.property(fc.nat(SHAPES.length - 1), password, (shape, pw) => {
        const url = SHAPES[shape](pw);
        assert.ok(!leaks(shown(url), MARKER), `${url} => ${shown(url)}`);
      }),
      fuzz(400),
    );
  });

  it('in the words for a URL of random pieces, with the password after the user, as a port or as a query value', () => {
    fc.assert(
      fc.property(randomUrl(password), ({ url }) => {
        assert.ok(!leaks(shown(url), MARKER), `${url} => ${shown(url)}`);
      }),
      fuzz(2000),
    );
  });

  it('refuses a user whose percent-encoded name holds a ":" (a password in the wrong place)', () => {
    assert.throws(
      () => parseMysqlUrl(`mysql://u%3A${MARKER}@host/db`),
      (error: IngestError) => error.data.reason === 'password-in-url' && !leaks(error.message + JSON.stringify(error.data), MARKER),
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
      // Every other shape with an '@' in its password, which moved the old mask's cuts one way or another.
      for (const [i, shape] of SHAPES.entries()) {
        const url = shape(i % 2 === 0 ? MARKER : `${MARKER}@x`);
        const result = runCli(['ingest', log, '--mysql', url], { env: { ...process.env, MYSQL_PWD: 'irrelevant' }, timeout: 20000 });
        assert.notEqual(result.status, 0, url);
        assert.ok(!leaks(result.stdout + result.stderr, MARKER), `${url} => ${result.stderr}`);
        assert.match(result.stderr, /^loadline: /, url);
      }
    });

    it('nowhere, for random malformed URLs: not on stdout or stderr, nor in a rejects file or a checkpoint', () => {
      fc.assert(
        fc.property(randomUrl(password), ({ url }) => {
          const run = fs.mkdtempSync(path.join(dir, 'run-'));
          const input = path.join(run, 'a.jsonl');
          fs.writeFileSync(input, '{"id":"1"}\n');
          const rejects = path.join(run, 'rejects.jsonl');
          const checkpoint = path.join(run, 'checkpoint.json');
          const result = runCli(['ingest', input, '--mysql', url, '--rejects', rejects, '--checkpoint', checkpoint], {
            cwd: run,
            env: { ...process.env, MYSQL_PWD: 'irrelevant' },
            timeout: 20000,
          });
          const written = fs.readdirSync(run).map((name) => fs.readFileSync(path.join(run, name), 'utf8'));
          assert.ok(!leaks([result.stdout, result.stderr, ...written].join('\n'), MARKER), `${url} => ${result.stderr}`);
        }),
        fuzz(12),
      );
    });
  });
});
