// NestJS 12 is ESM-only, so tests run as native ES modules through ts-jest.
const common = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }] },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
};

// One PostgreSQL for the run (DATABASE_URL, else an embedded one); each test file migrates a schema of its own.
const database = {
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
};

export default {
  testTimeout: 120000,
  projects: [
    // Unit tests: pure logic next to the code, no database.
    { ...common, displayName: 'unit', roots: ['<rootDir>/src'], testMatch: ['**/*.spec.ts'] },
    // Medium tests: services of the real feature modules on a real PostgreSQL, no HTTP.
    { ...common, ...database, displayName: 'medium', roots: ['<rootDir>/test/medium'], testMatch: ['**/*.medium-spec.ts'] },
    // End-to-end tests: the real HTTP app against a real PostgreSQL.
    { ...common, ...database, displayName: 'e2e', roots: ['<rootDir>/test'], testMatch: ['**/*.e2e-spec.ts'] },
    // Cluster tests (`npm run test:cluster` only): two instances behind nginx on PgBouncer; they start the stack themselves.
    ...(process.env.CLUSTER_TESTS === 'on'
      ? [{ ...common, displayName: 'cluster', roots: ['<rootDir>/test/cluster'], testMatch: ['**/*.cluster-spec.ts'] }]
      : []),
  ],
};
