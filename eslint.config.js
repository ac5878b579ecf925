// ESLint flat config. The import rules keep each file to its runtime: the engine
// runs under plain Node and in an Electron utility process, so it never imports
// Electron; the renderer runs in a sandboxed page, so it imports no native module and
// nothing from the engine but the admin API contract's types.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'out/', 'release/', 'test-artifacts/', 'renderer/dist/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    files: ['**/*.js', '**/*.mjs', 'bin/**', 'scripts/**'],
    languageOptions: { globals: globals.node },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['engine/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'engine/ runs without Electron; talk to main/ through engine/host.' }],
          patterns: [{ group: ['electron/*', '**/main/**', '**/renderer/**'], message: 'engine/ must not depend on main/ or renderer/.' }],
        },
      ],
    },
  },
  {
    files: ['renderer/**'],
    rules: {
      // The typescript-eslint variant tells type-only imports apart. Patterns follow
      // gitignore rules, where a file under an excluded folder cannot be re-included,
      // so engine's folders are excluded one level down and engine/api re-included.
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'better-sqlite3', message: 'Native modules stay in the engine.' },
            { name: 'electron', message: 'The renderer reaches the engine only through its admin client.' },
          ],
          patterns: [
            { group: ['node:*'], message: 'The renderer runs in a sandboxed page without Node.' },
            {
              group: ['**/engine/*', '!**/engine/api'],
              message: 'The renderer may import only the admin API contract from engine/api.',
            },
            {
              group: ['**/engine/api/*'],
              allowTypeImports: true,
              message: 'The renderer may import only types from engine/api; use `import type`.',
            },
          ],
        },
      ],
    },
  },
);
