// ESLint with typescript-eslint's type-checked rules over every TypeScript project; Prettier owns layout.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'out/', 'node_modules/', '.cache/', 'test-results/', '**/*.js', '**/*.mjs', 'shared/src/contract/parse/configValidators.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // node:test's describe/it return promises that the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['describe', 'it', 'before', 'after', 'beforeEach', 'afterEach'] }] },
      ],
    },
  },
  {
    // Tests parse the JSON that the CLI, the server and the database print, then assert on it: the
    // assertions check those values, so the any-tracking rules would only add casts.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  // The package boundaries (test/unit/layering.test.ts holds them too, with the import cycles and folder order):
  // the core is editor-free and reaches the database from ingest/load/ only; each adapter takes its own packages.
  ...packageBoundaries(),
  prettier,
);

function packageBoundaries() {
  const vscode = { name: 'vscode', message: 'vscode only in client/.' };
  const lspServer = { group: ['vscode-languageserver', 'vscode-languageserver/*', 'vscode-languageserver-*'], message: 'LSP server packages only in server/.' };
  const lspClient = {
    group: ['vscode-languageclient', 'vscode-languageclient/*', 'vscode-jsonrpc', 'vscode-jsonrpc/*'],
    message: 'LSP client packages only in client/.',
  };
  const mysql2 = { group: ['mysql2', 'mysql2/*'], message: 'mysql2 only in shared/src/ingest/load/.' };
  const core = { group: ['**/shared/src', '**/shared/src/**'], message: "Adapters import the core from '@loadline/shared'." };
  const self = {
    group: ['@loadline/shared', '@loadline/shared/*'],
    message: 'The core imports its own files by relative path, which the layering test follows.',
  };
  const rule = (paths, patterns) => ({ 'no-restricted-imports': ['error', { paths, patterns }] });
  return [
    { files: ['shared/**/*.ts'], ignores: ['shared/src/ingest/load/**'], rules: rule([vscode], [lspServer, lspClient, mysql2, self]) },
    { files: ['shared/src/ingest/load/**/*.ts'], rules: rule([vscode], [lspServer, lspClient, self]) },
    { files: ['cli/**/*.ts'], rules: rule([vscode], [lspServer, lspClient, mysql2, core]) },
    { files: ['server/**/*.ts'], rules: rule([vscode], [lspClient, mysql2, core]) },
    { files: ['client/**/*.ts'], rules: rule([], [lspServer, mysql2, core]) },
  ];
}
