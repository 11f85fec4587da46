// One jest run for the whole workspace: unit specs beside the code, integration
// specs (*.int-spec.ts) on real PostgreSQL, and end-to-end suites in test/.
const { readFileSync } = require('node:fs');
const { compilerOptions } = require('./tsconfig.base.json');

const swcrc = JSON.parse(readFileSync(`${__dirname}/.swcrc`, 'utf8'));
delete swcrc.$schema;
// Rewrite the workspace aliases at compile time: global setup runs outside jest's module mapper.
swcrc.jsc.baseUrl = __dirname;
swcrc.jsc.paths = compilerOptions.paths;

const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [`^${alias}$`, `<rootDir>/${target}`]),
);

module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.(ts|js)$': ['@swc/jest', swcrc] },
  // ESM-only packages that Node 20.19 loads with require(esm) but jest's module system cannot:
  // compiled to CommonJS like our own code.
  transformIgnorePatterns: ['/node_modules/(?!(content-disposition|jose|openid-client|oauth4webapi|file-type|strtok3|token-types|@tokenizer|uint8array-extras|@borewit)/)'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper,
  testMatch: ['<rootDir>/{apps,libs,test,tools}/**/*.{spec,int-spec,e2e-spec}.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
  // The slowest suites start first (test/setup/slow-suites-first.js), and the run ends with their times.
  testSequencer: '<rootDir>/test/setup/slow-suites-first.js',
  reporters: ['default', '<rootDir>/test/setup/suite-times-reporter.js'],
  // With --coverage (npm test, through jest.ci.config.js): V8's own coverage, which costs little, as coverage/lcov.info.
  // Only code that runs in jest's workers is seen: the apps the end-to-end suites spawn are not measured.
  coverageProvider: 'v8',
  collectCoverageFrom: [
    '<rootDir>/{apps,libs}/**/src/**/*.ts',
    '!**/*.{spec,int-spec,e2e-spec}.ts',
    '!<rootDir>/libs/sdk/src/generated/**',
    '!<rootDir>/libs/platform/testing/**',
  ],
  coverageDirectory: '<rootDir>/coverage',
  coverageReporters: ['lcovonly', 'text-summary'],
  testTimeout: 60_000,
  // Both cores of a CI runner: each suite's Keel and PostgreSQL spend much of their time waiting on each other.
  maxWorkers: 2,
};
