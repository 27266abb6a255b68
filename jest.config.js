// jest runs NestJS 12 (ESM-only) in native ESM mode: see scripts/run-jest.js for NODE_OPTIONS.
const shared = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts', '.tsx'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.tsx?$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }],
  },
};

export default {
  testTimeout: 60000,
  // Native ESM under jest keeps every test file's module graph alive: run in band (what one
  // worker on two cores means), the process grew past Node's 4 GB heap after ~90 files and died.
  // A limit makes jest use a worker even alone, and start a fresh one when it holds more than this
  // after a file (jest's documented answer to leaks; ts-jest's disk cache keeps restarts cheap).
  workerIdleMemoryLimit: '1GB',
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts?(x)'] },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/helpers/global-setup.js',
    },
    // Pages in a real browser (Debian's Chromium driven by playwright-core): run once, on SQLite.
    {
      ...shared,
      displayName: 'browser',
      testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
    },
  ],
};
