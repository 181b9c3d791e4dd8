// ESLint flat config: typescript-eslint's type-aware recommended rules over the whole TypeScript project.
import eslint from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['dist/', 'node_modules/', 'coverage/', '.data/', 'test/artifacts/', 'src/web/public/hulunbuir-banners.js'] },
  eslint.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      // One TypeScript program for all files (tsconfig.json covers src, migrations, test and bench).
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // `_` marks a parameter a signature requires but the body does not use.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // Tests pass methods to `expect` and read untyped JSON bodies of HTTP responses.
    files: ['test/**/*.ts', 'src/**/*.spec.ts'],
    rules: {
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    // Mongolian text needs U+202F NARROW NO-BREAK SPACE before a case suffix (Unicode's rule for the script):
    // in its tables it is a letter of the text, in strings, templates and comments alike.
    files: ['src/i18n/*-mn.ts', 'src/i18n/*-mn.spec.ts'],
    rules: { 'no-irregular-whitespace': 'off' },
  },
  {
    // Plain JavaScript is outside the TypeScript program: no type-aware rules there.
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // The pages' own scripts run in the browser, beside ECharts (served by the app).
    files: ['src/web/public/**/*.js'],
    languageOptions: { globals: { ...globals.browser, echarts: 'readonly' }, sourceType: 'script' },
  },
  {
    // Config files at the root and build scripts run in Node.
    files: ['*.js', '*.cjs', 'scripts/*.mjs'],
    languageOptions: { globals: globals.node },
  },
);
