// One lint configuration for every workspace (`npm run lint` runs it per workspace through turbo).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/.scratch/**', '**/node_modules/**', '**/dist/**', '**/generated/**', '**/.turbo/**', '.data/**', '**/*.cjs', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // Services log through pino; console is for CLIs and scripts only.
      'no-console': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-require-imports': 'off',
      // Parsers rethrow with a clearer message on purpose; the original adds nothing for users.
      'preserve-caught-error': 'off',
    },
  },
  {
    files: ['apps/*/src/**/*.ts', 'packages/*/src/**/*.ts'],
    // Entry points print config errors before a logger exists; CLIs print to their user.
    ignores: ['packages/*/src/cli/**', 'apps/*/src/server.ts', 'apps/*/src/main.ts'],
    rules: { 'no-console': 'error' },
  },
);
