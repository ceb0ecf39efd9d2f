import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import * as oniguruma from 'vscode-oniguruma';
import { INITIAL, IGrammar, parseRawGrammar, Registry } from 'vscode-textmate';

const ROOT = path.resolve(__dirname, '..', '..', '..');

/** Tokenizes with the same TextMate engine VS Code uses, and returns the scopes of each token per line. */
function tokenize(grammar: IGrammar, text: string): { token: string; scopes: string[] }[][] {
  let state = INITIAL;
  return text.split('\n').map((line) => {
    const result = grammar.tokenizeLine(line, state);
    state = result.ruleStack;
    return result.tokens.map((t) => ({ token: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
  });
}

describe('TextMate grammars', () => {
  const grammars: Record<string, IGrammar> = {};

  before(async () => {
    const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const registry = new Registry({
      onigLib: Promise.resolve({ createOnigScanner: (p) => new oniguruma.OnigScanner(p), createOnigString: (s) => new oniguruma.OnigString(s) }),
      loadGrammar: (scope) => {
        const file = path.join(ROOT, 'syntaxes', `${scope.split('.')[1]}.tmLanguage.json`);
        return Promise.resolve(parseRawGrammar(fs.readFileSync(file, 'utf8'), file));
      },
    });
    grammars.csv = (await registry.loadGrammar('text.csv.loadline'))!;
    grammars.tsv = (await registry.loadGrammar('text.tsv.loadline'))!;
  });

  it('marks the header row as a heading and only the header row', () => {
    const lines = tokenize(grammars.csv, 'a,b,c\n1,2,3');
    assert.ok(lines[0][0].scopes.includes('markup.heading.header-row.csv'));
    assert.ok(!lines[1].some((t) => t.scopes.includes('markup.heading.header-row.csv')));
  });

  it('gives neighbouring columns different scopes, quoted delimiters included', () => {
    const [, row] = tokenize(grammars.csv, 'h\n1,"x, y",3');
    const cells = row.filter((t) => !t.scopes.some((s) => s.startsWith('punctuation.separator')));
    assert.deepEqual(
      cells.map((t) => t.token),
      ['1', '"x, y"', '3'],
    );
    const scopes = cells.map((t) => t.scopes[t.scopes.length - 1]);
    assert.deepEqual(scopes, ['support.type.column-1.csv', 'keyword.other.column-2.csv', 'entity.name.function.column-3.csv']);
  });

  it('splits TSV rows on tabs only', () => {
    const [, row] = tokenize(grammars.tsv, 'h\na,b\tc');
    assert.deepEqual(
      row.filter((t) => t.scopes.some((s) => s.includes('column'))).map((t) => t.token),
      ['a,b', 'c'],
    );
  });
});
