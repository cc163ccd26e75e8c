/**
 * Lint configuration: typescript-eslint's type-checked rules over the
 * TypeScript sources (src/, test/, bench/), the plain recommended rules over
 * the few JavaScript files (bin/, the jest global setup, the preview page).
 * Formatting is Prettier's job (.prettierrc.json); no rule here concerns layout.
 *
 * The recommended type-checked set finds real problems in this code: promises
 * nobody awaits or that are handed where a callback's result is ignored,
 * values of type `any` flowing into typed code, redundant casts, errors
 * rethrown without their cause; non-null assertions need a stated reason.
 * The few rules turned off are listed below with why.
 */
import js from '@eslint/js';
import comments from '@eslint-community/eslint-plugin-eslint-comments/configs';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  {
    // Output, dependencies and generated files.
    ignores: ['dist/', 'output/', 'coverage/', 'node_modules/', 'profiles/', '**/.coursebook-cache/', 'src/**/*.generated.ts'],
  },
  {
    linterOptions: {
      // A disable comment that no longer suppresses anything is an error: it would hide the next real problem.
      reportUnusedDisableDirectives: 'error',
    },
  },
  js.configs.recommended,
  comments.recommended,
  {
    rules: {
      // Every eslint-disable comment says why, after `--` (e.g. `// eslint-disable-next-line rule -- reason`).
      '@eslint-community/eslint-comments/require-description': 'error',
      // A whole-file disable at the top (a byte scanner's bounds-checked indexing) needs no closing comment.
      '@eslint-community/eslint-comments/disable-enable-pair': ['error', { allowWholeFile: true }],
    },
  },
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        // One TypeScript program per tsconfig, found the way the editor finds it.
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
      globals: globals.node,
    },
    rules: {
      // A `!` claims something the type system could not prove: it needs a reason in a disable comment.
      '@typescript-eslint/no-non-null-assertion': 'error',
      // tsc's noUnusedLocals and noUnusedParameters report unused names already (parameters starting with `_` excepted).
      '@typescript-eslint/no-unused-vars': 'off',
      // An async function that does not await still turns a throw into a rejection: callbacks and
      // implementations of a promise-returning interface (a print service, a part reader) are async so that
      // they fail the way their callers handle, whether or not they wait for anything today.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['**/*.test.ts', 'test/**/*.ts'],
    rules: {
      // In a test a wrong `!` throws at once and fails the test, which is what the test wants to happen;
      // a disable comment on each of the ~340 (`pages[0]!`, `match[1]!`) would say that again each time.
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // Plain JavaScript run by Node (the bin entry, jest's global setup, this file).
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: globals.node },
  },
  {
    // The preview page's script runs in the browser.
    files: ['src/dev/viewer.js'],
    languageOptions: { globals: globals.browser },
  },
);
