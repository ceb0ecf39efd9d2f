// The Markdown documents link to each other (README, CONTRIBUTING, ARCHITECTURE, CHANGELOG, docs/): every
// relative link must name a file that exists and an anchor that a heading of its target makes, as GitHub
// slugs it. The checker itself is held to a planted broken link and a broken anchor.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { globSync } from 'tinyglobby';
import { anchorsOf, brokenLinks, headingsOf, linksOf, target } from '../support/markdownLinks';
import { REPO_ROOT } from '../support/run';

const DOCUMENTS = ['README.md', 'CONTRIBUTING.md', 'ARCHITECTURE.md', 'CHANGELOG.md', ...globSync('docs/**/*.md', { cwd: REPO_ROOT })].map((f) =>
  path.join(REPO_ROOT, f),
);

describe('links between the Markdown documents', () => {
  it('every relative link names a file that exists, and every #anchor a heading of its target', () => {
    assert.ok(DOCUMENTS.every((f) => fs.existsSync(f)));
    assert.deepEqual(brokenLinks(DOCUMENTS, REPO_ROOT), []);
  });

  // Messages send users to a section by its title and document (`See "Typed contracts" in docs/contracts.md`):
  // the document named holds a heading that starts with each such title. The README is only the front door, and
  // its sections move (hp26): a message names the doc in docs/ that describes the behaviour.
  it('every section that a message names is a heading of the document in docs/ it names', () => {
    const sources = globSync(['{shared,server,client,cli}/src/**/*.ts'], { cwd: REPO_ROOT });
    const named = sources.flatMap((file) =>
      [...fs.readFileSync(path.join(REPO_ROOT, file), 'utf8').matchAll(/"([^"]+)"(?: section)? (?:in|of) (the README|docs\/[\w.-]+\.md)/g)].map(
        ([, title, doc]) => ({ source: file, title, doc }),
      ),
    );
    assert.ok(new Set(named.map((n) => n.title)).size >= 3, named.map((n) => n.title).join(', '));
    assert.deepEqual(
      named
        .filter(({ title, doc }) => !doc.startsWith('docs/') || !headingsOf(path.join(REPO_ROOT, doc)).some((heading) => heading.startsWith(title)))
        .map(({ source, title, doc }) => `${source}: "${title}" in ${doc}`),
      [],
    );
  });

  it('every document in docs/ is linked from another document', () => {
    const linked = new Set(DOCUMENTS.flatMap(linksOf).map((link) => target(link, REPO_ROOT).file));
    assert.deepEqual(
      DOCUMENTS.filter((f) => f.startsWith(path.join(REPO_ROOT, 'docs')) && !linked.has(f)).map((f) => path.relative(REPO_ROOT, f)),
      [],
    );
  });
});

describe('the link checker', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-links-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
    return path.join(dir, name);
  };

  it('slugs headings as GitHub does: code spans kept, punctuation dropped, repeats numbered', () => {
    const file = write('slugs.md', '# Loadline\n\n## In CI: `loadline validate`\n\n### Configuring `.loadline.json`\n\n## Usage\n\n## Usage\n');
    assert.deepEqual([...anchorsOf(file)], ['loadline', 'in-ci-loadline-validate', 'configuring-loadlinejson', 'usage', 'usage-1']);
  });

  it('reports a planted broken link and a broken anchor, and passes good links, external ones and code', () => {
    write('docs/guide.md', '# Guide\n\n## The part\n\nBack to [the top](../README.md#top).\n');
    const readme = write(
      'README.md',
      [
        '# Top',
        '',
        '[guide](docs/guide.md) [part](docs/guide.md#the-part) [self](#top) [web](https://example.com/x.md) [mail](mailto:a@b.c)',
        '',
        '[missing](docs/missing.md) [no part](docs/guide.md#no-such-part) [no self](#nowhere)',
        '',
        '```md',
        '[in a code block](docs/not-a-link.md)',
        '```',
        '',
        'A `[code span](docs/not-a-link-either.md)`, and a [reference][ref].',
        '',
        '[ref]: docs/gone.md',
        '',
      ].join('\n'),
    );
    assert.deepEqual(brokenLinks([readme, path.join(dir, 'docs/guide.md')], dir), [
      'README.md:5: docs/missing.md: no file docs/missing.md',
      'README.md:5: docs/guide.md#no-such-part: no heading makes #no-such-part',
      'README.md:5: #nowhere: no heading makes #nowhere',
      'README.md:11: docs/gone.md: no file docs/gone.md',
    ]);
  });
});
