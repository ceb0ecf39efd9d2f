// The layering of the source: no import cycle between files (type-only imports too), core folders importing
// only downward, and each package where it belongs. Reads every file's imports with TypeScript's parser.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';
import { REPO_ROOT } from '../support/run';

const SOURCE_ROOTS = ['shared/src', 'cli/src', 'server/src', 'client/src'];
/**
 * shared/src's folders and top-level files from the bottom up: each may import from its own entry and the
 * entries before it. A new folder must be placed here.
 */
const CORE_ORDER: string[][] = [
  ['problem.ts', 'childScripts.ts', 'editorProtocol.ts', 'threadRunTime.ts'],
  ['text'],
  ['snippets'],
  ['schema'],
  ['mapping'],
  ['contract'],
  ['csv'],
  ['ingest'],
  ['index.ts'],
];
/** Where a package may be imported: a path prefix under the repository. */
const PACKAGE_HOMES: { test: (name: string) => boolean; what: string; homes: string[] }[] = [
  { test: (name) => name === 'vscode', what: 'vscode', homes: ['client/src/'] },
  { test: (name) => name.startsWith('vscode-languageserver'), what: 'the LSP server packages', homes: ['server/src/'] },
  {
    test: (name) => name.startsWith('vscode-languageclient') || name === 'vscode-jsonrpc' || name.startsWith('vscode-jsonrpc/'),
    what: 'the LSP client packages',
    homes: ['client/src/'],
  },
  { test: (name) => name === 'mysql2' || name.startsWith('mysql2/'), what: 'mysql2', homes: ['shared/src/ingest/load/'] },
  // The core reaching itself through its package name would hide a cycle from the check, which follows relative paths.
  {
    test: (name) => name === '@loadline/shared' || name.startsWith('@loadline/shared/'),
    what: '@loadline/shared',
    homes: ['cli/src/', 'server/src/', 'client/src/'],
  },
];
const MOST_LINES_IN_A_SOURCE_FILE = 400;
const MOST_FILES_IN_A_CORE_FOLDER = 16;

interface Import {
  specifier: string;
  /** The repository-relative file a relative specifier names. */
  file?: string;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(REPO_ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(rel);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [rel] : [];
  });
}

function resolve(from: string, specifier: string): string | undefined {
  const base = path.posix.join(path.posix.dirname(from), specifier);
  return [base, `${base}.ts`, `${base}/index.ts`].find((f) => fs.existsSync(path.join(REPO_ROOT, f)) && fs.statSync(path.join(REPO_ROOT, f)).isFile());
}

/** Every module a file names: import and export declarations (type-only too), import(), require() and import types. */
function importsOf(file: string, text: string): Import[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const specifiers: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      specifiers.push(node.moduleSpecifier.text);
    } else if (
      ts.isImportEqualsDeclaration(node) &&
      ts.isExternalModuleReference(node.moduleReference) &&
      ts.isStringLiteral(node.moduleReference.expression)
    ) {
      specifiers.push(node.moduleReference.expression.text);
    } else if (
      ts.isCallExpression(node) &&
      (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require')) &&
      node.arguments.length === 1 &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      specifiers.push(node.arguments[0].text);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      specifiers.push(node.argument.literal.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return specifiers.map((specifier) => (specifier.startsWith('.') ? { specifier, file: resolve(file, specifier) } : { specifier }));
}

/** The strongly connected components of more than one file (or a file importing itself): Tarjan's algorithm. */
function importCycles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const connect = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(component.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) connect(v);
  return cycles;
}

/** shared/src's entry of CORE_ORDER that a file is in, by its first path step under shared/src. */
const coreLayer = (file: string) => CORE_ORDER.findIndex((names) => names.includes(file.slice('shared/src/'.length).split('/')[0]));

const files = SOURCE_ROOTS.flatMap(sourceFiles);
const imports = new Map(files.map((file) => [file, importsOf(file, fs.readFileSync(path.join(REPO_ROOT, file), 'utf8'))]));
const sourceGraph = new Map([...imports].map(([file, list]) => [file, list.flatMap((i) => (i.file ? [i.file] : []))]));

describe('layering', () => {
  it('reads the imports of every source file', () => {
    assert.ok(files.length > 100, `only ${files.length} files`);
    const unresolved = [...imports].flatMap(([file, list]) => list.filter((i) => i.specifier.startsWith('.') && !i.file).map((i) => `${file}: ${i.specifier}`));
    assert.deepEqual(unresolved, []);
  });

  it('has no import cycle between files, type-only imports included', () => {
    assert.deepEqual(
      importCycles(sourceGraph).map((cycle) => cycle.join(' <-> ')),
      [],
    );
  });

  it('imports from a lower core folder only, in the order CORE_ORDER states', () => {
    const core = files.filter((f) => f.startsWith('shared/src/'));
    const unplaced = core.filter((f) => coreLayer(f) < 0);
    assert.deepEqual(unplaced, [], 'each folder and top-level file of shared/src has a place in CORE_ORDER');
    const upward = core.flatMap((file) =>
      sourceGraph
        .get(file)!
        .filter((target) => coreLayer(target) > coreLayer(file))
        .map((target) => `${file} imports ${target}, above it`),
    );
    assert.deepEqual(upward, []);
  });

  it('keeps vscode, the LSP packages and mysql2 where they belong', () => {
    const misplaced = [...imports].flatMap(([file, list]) =>
      list.flatMap((i) => {
        const rule = PACKAGE_HOMES.find((p) => p.test(i.specifier));
        return rule && !rule.homes.some((home) => file.startsWith(home))
          ? [`${file} imports ${i.specifier}: ${rule.what} only in ${rule.homes.join(', ')}`]
          : [];
      }),
    );
    assert.deepEqual(misplaced, []);
  });

  it('lets the adapters reach the core through @loadline/shared only', () => {
    const reaching = [...imports]
      .filter(([file]) => !file.startsWith('shared/'))
      .flatMap(([file, list]) => list.filter((i) => i.file?.startsWith('shared/')).map((i) => `${file} imports ${i.file}`));
    assert.deepEqual(reaching, []);
  });

  it(`keeps every source file to ${MOST_LINES_IN_A_SOURCE_FILE} lines`, () => {
    const long = files
      .map((file) => [file, fs.readFileSync(path.join(REPO_ROOT, file), 'utf8').split('\n').length - 1] as const)
      .filter(([, lines]) => lines > MOST_LINES_IN_A_SOURCE_FILE);
    assert.deepEqual(
      long.map(([file, lines]) => `${file}: ${lines} lines`),
      [],
    );
  });

  it(`holds at most ${MOST_FILES_IN_A_CORE_FOLDER} files in any core folder`, () => {
    const folders = [...new Set(files.filter((f) => f.startsWith('shared/src/')).map((f) => path.posix.dirname(f)))];
    const crowded = folders.map((dir) => [dir, fs.readdirSync(path.join(REPO_ROOT, dir), { withFileTypes: true }).filter((e) => e.isFile()).length] as const);
    assert.deepEqual(
      crowded.filter(([, count]) => count > MOST_FILES_IN_A_CORE_FOLDER).map(([dir, count]) => `${dir}: ${count} files`),
      [],
    );
  });
});
