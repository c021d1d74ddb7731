// Shared Jest settings: every workspace's jest.config.js spreads this.
// @swc/jest compiles TypeScript without type checking (tsc --noEmit does that separately).
module.exports = {
  testEnvironment: 'node',
  // Generous: CI machines have 2 cores and tests share them with real Postgres, Redis and S3;
  // speed is measured by benchmarks, never by timeouts.
  testTimeout: 60_000,
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  transform: {
    '^.+\\.(t|j)sx?$': [
      '@swc/jest',
      {
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
        module: { type: 'commonjs' },
      },
    ],
  },
  // ESM-only dependencies that Jest (CJS) must compile.
  transformIgnorePatterns: ['/node_modules/(?!.*(cookie|content-disposition|@huggingface)/)'],
};
