/** One test case of a JUnit report: failed when it carries a failure message. */
export interface ReportedTest {
  suite: string;
  name: string;
  seconds: number;
  failure?: string;
}

function xmlEscaped(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A JUnit XML report shaped like jest-junit's (what `npm test` writes to reports/junit.xml). */
export function junitReport(tests: ReportedTest[]): string {
  const suites = [...new Set(tests.map((test) => test.suite))].map((suite) => {
    const cases = tests.filter((test) => test.suite === suite);
    const failures = cases.filter((test) => test.failure !== undefined).length;
    const time = cases.reduce((sum, test) => sum + test.seconds, 0).toFixed(3);
    const body = cases
      .map((test) => {
        const open = `    <testcase classname="${xmlEscaped(suite)}" name="${xmlEscaped(test.name)}" time="${test.seconds.toFixed(3)}" file="${xmlEscaped(suite)}"`;
        if (test.failure === undefined) return `${open}>\n    </testcase>`;
        return `${open}>\n      <failure>${xmlEscaped(test.failure)}</failure>\n    </testcase>`;
      })
      .join('\n');
    return (
      `  <testsuite name="${xmlEscaped(suite)}" errors="0" failures="${failures}" skipped="0" ` +
      `timestamp="2026-12-07T03:00:00" time="${time}" tests="${cases.length}">\n${body}\n  </testsuite>`
    );
  });
  const failures = tests.filter((test) => test.failure !== undefined).length;
  const time = tests.reduce((sum, test) => sum + test.seconds, 0).toFixed(3);
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<testsuites name="jest tests" tests="${tests.length}" failures="${failures}" errors="0" time="${time}">\n` +
    `${suites.join('\n')}\n</testsuites>\n`
  );
}

/** One source file of an lcov report: which of its lines ran. */
export interface CoveredFile {
  path: string;
  lines: number;
  linesHit: number;
}

/** An lcov tracefile like the one jest writes to coverage/lcov.info: per file its functions, lines and totals. */
export function lcovReport(files: CoveredFile[]): string {
  return files
    .map((file) => {
      const lines = Array.from(
        { length: file.lines },
        (_, index) => `DA:${index + 1},${index < file.linesHit ? 1 : 0}`,
      );
      return [
        'TN:',
        `SF:${file.path}`,
        'FN:1,(anonymous_0)',
        'FNF:1',
        `FNH:${file.linesHit > 0 ? 1 : 0}`,
        `FNDA:${file.linesHit > 0 ? 1 : 0},(anonymous_0)`,
        ...lines,
        `LF:${file.lines}`,
        `LH:${file.linesHit}`,
        'BRF:0',
        'BRH:0',
        'end_of_record',
      ].join('\n');
    })
    .join('\n')
    .concat('\n');
}
