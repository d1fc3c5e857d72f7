// ESLint for the whole repository, held by `npm run check` with zero warnings (`npm run lint` alone).
// TypeScript: typescript-eslint's strictest typed set; .astro: eslint-plugin-astro's recommended set.
// Layout and spacing are Prettier's business (`npm run format:check`), so no rule here is about them.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';
import astro from 'eslint-plugin-astro';

export default defineConfig(
  globalIgnores(['dist/', '.astro/', '.netlify/', '.data/', 'src/generated/', 'public/admin/', 'test-results/']),

  { linterOptions: { reportUnusedDisableDirectives: 'error', reportUnusedInlineConfigs: 'error' } },

  {
    name: 'project/typescript',
    files: ['**/*.ts', '**/*.tsx', '**/*.mjs'],
    extends: [js.configs.recommended, tseslint.configs.strictTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // TypeScript itself reports undefined names, in .mjs too (typescript-eslint's advice).
      'no-undef': 'off',
      // Numbers in templates are integers (cents, counts, ports, sizes) meant to print as they are.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // `onClick={() => setOpen(true)}` and `if (bad) return send(response, 400)` in a void function are the
      // house idioms for "do this and stop"; a void value used as data is still an error.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true, ignoreVoidReturningFunctions: true }],
      // Preact ignores what a JSX handler returns, and the islands' async handlers catch their own failures;
      // promises handed to timers, listeners and process hooks are still checked.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      // tsconfig is `strictest` (noUncheckedIndexedAccess): `rows[0]!` after INSERT ... RETURNING, a regex group
      // after a match, a key read from the same table are the explicit "exists by construction" marker.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // `const { id: _id, ...rest } = row` is how a key is left out; `_name` marks a parameter kept for its position.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },

  {
    name: 'project/tests',
    files: ['tests/**/*.ts'],
    rules: {
      // Tests read JSON answers and rows as `any` and assert their shape with expect(); vitest's asymmetric
      // matchers (expect.any, expect.stringMatching) are typed `any` too. A wrong shape fails the test.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      // ...and the hostile-input tables build deliberately malformed objects, which no type describes.
      '@typescript-eslint/no-explicit-any': 'off',
      // `let browser: Browser` is set in beforeAll and typed as always set, but afterAll's `browser?.close()`
      // must cope with a beforeAll that failed half-way, so these guards are necessary, not redundant.
      '@typescript-eslint/no-unnecessary-condition': 'off',
    },
  },

  {
    name: 'project/browser-script',
    files: ['public/**/*.js'],
    extends: [js.configs.recommended],
    // Served as is to other sites' pages: a classic script, so no modules.
    languageOptions: { sourceType: 'script', globals: { window: 'readonly', document: 'readonly', URL: 'readonly' } },
  },

  {
    name: 'project/node-js',
    files: ['netlify/**/*.js', '*.js'],
    extends: [js.configs.recommended],
    languageOptions: { globals: { console: 'readonly' } },
  },

  {
    name: 'project/astro',
    files: ['**/*.astro'],
    extends: [js.configs.recommended, tseslint.configs.strictTypeChecked, astro.configs['flat/recommended']],
    // Typed too: astro-eslint-parser takes `project` (it has no projectService) and finds tsconfig.json.
    languageOptions: { parserOptions: { project: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // The same choices as for TypeScript above.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true, ignoreVoidReturningFunctions: true }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
);
