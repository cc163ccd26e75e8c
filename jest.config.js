/** Jest runs the TypeScript sources as native ESM (several dependencies are ESM-only). */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, isolatedModules: true, diagnostics: false }],
  },
  moduleNameMapper: {
    // Sources import siblings with an explicit .ts extension; keep that working under ts-jest.
  },
  testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
  globalSetup: '<rootDir>/test/e2e/global-setup.ts',
  testTimeout: 30000,
  maxWorkers: 2,
};
