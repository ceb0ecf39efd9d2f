import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { SNIPPETS } from '../../shared/src/snippets/catalog';
import { codeSnippetsFileText } from '../../shared/src/snippets/codeSnippetsFile';
import { fillDefaults, toSnippetSyntax } from '../../shared/src/snippets/render';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const hasShellcheck = spawnSync('shellcheck', ['--version']).status === 0;

/** What VS Code inserts for a snippet when every placeholder keeps its default (enough of the grammar for ours). */
function expandSnippet(body: string): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\\' && '\\$}'.includes(body[i + 1])) out += body[++i];
    else if (c === '$' && body[i + 1] === '{') {
      const colon = body.indexOf(':', i);
      const close = findClose(body, i + 2);
      out += colon !== -1 && colon < close ? expandSnippet(body.slice(colon + 1, close)) : '';
      i = close;
    } else if (c === '$' && /\d/.test(body[i + 1])) {
      while (/\d/.test(body[i + 1])) i++;
    } else out += c;
  }
  return out;
}

function findClose(body: string, from: number): number {
  let depth = 1;
  for (let i = from; i < body.length; i++) {
    if (body[i] === '\\') i++;
    else if (body[i] === '{') depth++;
    else if (body[i] === '}' && --depth === 0) return i;
  }
  throw new Error(`unclosed placeholder in ${body}`);
}

function shellcheck(text: string): { code: number; level: string; message: string }[] {
  const result = spawnSync('shellcheck', ['--shell=bash', '--severity=warning', '--format=json', '-'], { input: text, encoding: 'utf8' });
  return JSON.parse(result.stdout || '[]');
}

describe('sysadmin snippet catalog', () => {
  it('has unique ids and a task-style title, description and tags on every entry', () => {
    assert.equal(new Set(SNIPPETS.map((s) => s.id)).size, SNIPPETS.length);
    for (const s of SNIPPETS) {
      assert.match(s.title, /^[A-Z][\w ]+: /, s.id);
      assert.ok(s.description.length > 20 && s.tags.length >= 2, s.id);
    }
  });

  it('covers every command from the source notes', () => {
    const all = SNIPPETS.map((s) => s.template).join('\n');
    for (const needle of [
      'find ',
      '-print',
      'truncate -s0',
      'du -cks',
      'sort -rn',
      "awk '{print $4",
      'ngrep -W none -T',
      'ssh -fNL',
      'ssh -fND',
      'tcpdump',
      'not arp and not rarp',
      'netstat -an | grep TIME_WAIT',
      'ss -tan state time-wait',
      'openssl enc -aes-256-cbc -pbkdf2 -salt',
      'openssl enc -d',
      'Vagrant.configure',
      'type: "rsync"',
      'yum install',
      'apt-get install',
    ]) {
      assert.ok(all.includes(needle), needle);
    }
    assert.ok(!/des3|-pass pass:|-k /.test(all), 'no des3 and no password on the command line');
  });

  for (const snippet of SNIPPETS) {
    describe(snippet.id, () => {
      const filled = fillDefaults(snippet.template);

      it('passes bash -n with its defaults filled in', () => {
        const result = spawnSync('bash', ['-n'], { input: filled, encoding: 'utf8' });
        assert.equal(result.status, 0, result.stderr);
      });

      it(
        'passes shellcheck with no warning above info',
        { skip: hasShellcheck ? false : 'SKIPPED: shellcheck is not installed (apt-get install shellcheck)' },
        () => {
          const allowed = new Set(snippet.shellcheckExclude?.codes.map((c) => Number(c.replace('SC', ''))) ?? []);
          const findings = shellcheck(filled).filter((f) => !allowed.has(f.code));
          assert.deepEqual(
            findings.map((f) => `SC${f.code}: ${f.message}`),
            [],
          );
        },
      );

      it('escapes every $ the shell needs: VS Code expands the snippet back to the same shell text', () => {
        assert.equal(expandSnippet(toSnippetSyntax(snippet.template)), filled);
      });

      if (snippet.destructive) {
        it('says it is destructive and cannot do damage as pasted', () => {
          assert.match(snippet.template, /DESTRUCTIVE/);
          const runnable = filled.split('#')[0];
          assert.ok(/^echo /.test(runnable) || (!/-delete|\brm\b|truncate/.test(runnable) && /-print/.test(runnable)), runnable);
        });
      }
    });
  }

  it('shellcheck itself catches a real problem (so the check above can fail)', { skip: hasShellcheck ? false : 'SKIPPED: shellcheck is not installed' }, () => {
    assert.ok(shellcheck('cd $1\nrm -rf "$dir"/*').some((f) => f.level === 'warning'));
  });

  it('the generated editor snippets file matches the catalog', () => {
    const generated = fs.readFileSync(path.join(ROOT, 'dist', 'shellscript.code-snippets'), 'utf8');
    assert.equal(generated, codeSnippetsFileText());
    const parsed = JSON.parse(generated);
    assert.deepEqual(parsed['Free disk: largest directories here'], {
      prefix: 'll-du-largest',
      body: ['sudo du -cks -- ${1:*} | sort -rn | head -n ${2:15}'],
      description: 'Sizes of everything in the current directory in KiB, largest first, with a total. du -c -k -s work the same on GNU and FreeBSD.',
    });
    assert.equal(
      parsed['Memory: %MEM and process count per command (original one-liner)'].body[0],
      String.raw`ps aux | awk '{print \$4"\\t"\$11\}' | sort | uniq -c | awk '{print \$2" "\$1" "\$3\}' | sort -nr`,
    );
  });
});
