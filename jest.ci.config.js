// `npm test`: the whole run as CI makes it, with the reports a release gate reads
// (tools/keel-gate/self-check.ts sends them with keel-gate): the results as JUnit XML in
// reports/junit.xml, and line coverage as lcov in coverage/lcov.info. A targeted `npx jest <path>`
// uses jest.config.js alone and writes neither.
const base = require('./jest.config');

module.exports = {
  ...base,
  collectCoverage: true,
  reporters: [
    ...base.reporters,
    [
      'jest-junit',
      {
        outputDirectory: '<rootDir>/reports',
        outputName: 'junit.xml',
        // Suites named by their file, tests by their describe path and title.
        suiteNameTemplate: '{filepath}',
        classNameTemplate: '{filepath}',
        titleTemplate: '{classname} › {title}',
        addFileAttribute: 'true',
        // A suite that cannot even load is a failure in the report, not a silent gap.
        reportTestSuiteErrors: 'true',
      },
    ],
  ],
};
