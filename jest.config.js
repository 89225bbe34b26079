/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: {
    // Type-checking happens once in `npm run typecheck`; per-file transpilation keeps the suite fast.
    '^.+\\.ts$': ['ts-jest', { diagnostics: false }],
  },
  moduleNameMapper: { '^strip-bom$': '<rootDir>/tests/helpers/stripBomCommonJs.js' },
  testTimeout: 30000,
};
