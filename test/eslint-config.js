import path from 'node:path';
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/** The repository's root: the root eslint.config.js re-exports this file, so paths are relative to it. */
const ROOT = path.dirname(import.meta.dirname);

/** Type-aware linting of everything TypeScript; Prettier owns the layout, so its conflicting rules are off. */
export default tseslint.config(
  {
    ignores: ['**/dist/', 'node_modules/', 'clients/python/', 'clients/typescript/src/schema.ts', 'data/', '.scratch/', 'coverage/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.config.js', '*.config.ts', 'bin/*.mjs', 'scripts/*.mjs', 'test/eslint-config.js'] },
        tsconfigRootDir: ROOT,
      },
    },
    rules: {
      // Unused names are the compiler's to report (noUnusedLocals); `_x` marks one left out on purpose.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // Fastify handlers and interface implementations are async by contract, awaiting or not.
      '@typescript-eslint/require-await': 'off',
      eqeqeq: ['error', 'always'],
      'no-console': 'error',
    },
  },
  {
    // The web UI: React's rules of hooks (the classic two; the compiler's rules assume the React Compiler).
    files: ['web/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    // Kysely migrations run on a database of no declared shape: Kysely<any> is their signature.
    files: ['src/store/migrations/**', 'src/store/migrate.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // The process, the command line, the clients' examples and the scripts talk to a terminal.
    files: ['src/main.ts', 'src/cli/**', 'clients/typescript/examples/**', 'scripts/**'],
    rules: { 'no-console': 'off' },
  },
  {
    // Plain Node scripts, run without a build, see Node's globals.
    files: ['scripts/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
  {
    // Tests and benchmarks read HTTP answers as loose JSON and print their figures.
    files: ['test/**', 'bench/**'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      'no-console': 'off',
    },
  },
  prettier,
);
