// Prints, after jest's own summary, how long each of the slowest suites took:
// the suites worth making faster (or splitting) are visible in every CI log.
const SHOWN = 15;

class SuiteTimesReporter {
  constructor(globalConfig, options = {}) {
    this.shown = options.shown ?? SHOWN;
  }

  onRunComplete(_contexts, results) {
    const suites = results.testResults
      .map((suite) => ({
        path: suite.testFilePath.replace(`${process.cwd()}/`, ''),
        seconds: (suite.perfStats.end - suite.perfStats.start) / 1000,
      }))
      .filter((suite) => Number.isFinite(suite.seconds) && suite.seconds > 0)
      .sort((a, b) => b.seconds - a.seconds);
    if (suites.length < 2) return;
    const total = suites.reduce((sum, suite) => sum + suite.seconds, 0);
    const width = Math.max(...suites.slice(0, this.shown).map((suite) => suite.path.length));
    const lines = suites
      .slice(0, this.shown)
      .map((suite) => `  ${suite.path.padEnd(width)}  ${suite.seconds.toFixed(1).padStart(7)} s`);
    process.stderr.write(
      `\nSlowest suites (${Math.min(this.shown, suites.length)} of ${suites.length}; ` +
        `${total.toFixed(0)} s of suite time in all):\n${lines.join('\n')}\n`,
    );
  }
}

module.exports = SuiteTimesReporter;
