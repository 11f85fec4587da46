import { fixture, jsonBytes } from './fixtures/fixture';
import { unparseable } from './fixtures/unparseable';
import { parseSarif } from './sarif';

describe('parseSarif', () => {
  it("should count CodeQL's and ESLint's results by effective level and by rule", () => {
    expect(parseSarif(fixture('codeql-and-eslint.sarif'))).toEqual({
      results: { error: 3, warning: 2, note: 2, none: 1, total: 8 },
      byRule: {
        'js/sql-injection': 1,
        'js/unused-local-variable': 2,
        'js/missing-rate-limiting': 1,
        'js/clear-text-logging': 1,
        'no-unused-vars': 2,
        '@typescript-eslint/no-explicit-any': 1,
      },
      suppressed: 1,
    });
  });

  it('should default a level to warning when neither the result nor its rule sets one', () => {
    const log = {
      version: '2.1.0',
      runs: [{ tool: { driver: { name: 'x' } }, results: [{ ruleId: 'r1', message: { text: 'm' } }] }],
    };
    expect(parseSarif(jsonBytes(log)).results).toEqual({ error: 0, warning: 1, note: 0, none: 0, total: 1 });
  });

  it('should not count results fixed since the baseline', () => {
    const log = {
      version: '2.1.0',
      runs: [
        {
          tool: { driver: { name: 'x' } },
          results: [{ ruleId: 'r', level: 'error', baselineState: 'absent', message: { text: 'm' } }],
        },
      ],
    };
    expect(parseSarif(jsonBytes(log))).toEqual({
      results: { error: 0, warning: 0, note: 0, none: 0, total: 0 },
      byRule: {},
      suppressed: 0,
    });
  });

  it('should count a clean scan as zero', () => {
    const log = { version: '2.1.0', runs: [{ tool: { driver: { name: 'Semgrep OSS' } }, results: [] }] };
    expect(parseSarif(jsonBytes(log)).results.total).toBe(0);
  });

  it('should refuse what is not SARIF 2.1.0', () => {
    expect(unparseable(parseSarif, jsonBytes({ version: '2.0.0', runs: [] })).reason).toMatch(
      /version "2.0.0" is not supported/,
    );
    expect(unparseable(parseSarif, jsonBytes({ runs: [] })).reason).toMatch(/"version": "2.1.0" is missing/);
    expect(unparseable(parseSarif, jsonBytes({ version: '2.1.0' })).reason).toMatch(/"runs" must be an array/);
    expect(unparseable(parseSarif, jsonBytes([])).reason).toMatch(/must be a JSON object, not an array/);
    const badLevel = { version: '2.1.0', runs: [{ results: [{ ruleId: 'r', level: 'critical' }] }] };
    expect(unparseable(parseSarif, jsonBytes(badLevel)).reason).toMatch(
      /runs\[0\]\.results\[0\]\.level must be one of/,
    );
  });

  it('should give the line of a JSON syntax error', () => {
    const text = '{\n  "version": "2.1.0",\n  "runs": [\n    { "results": [] },\n  ]\n}\n';
    expect(unparseable(parseSarif, Buffer.from(text))).toMatchObject({ line: 5 });
  });

  it('should refuse a rule id that could pollute a prototype', () => {
    const log = { version: '2.1.0', runs: [{ results: [{ ruleId: '__proto__', level: 'error' }] }] };
    expect(unparseable(parseSarif, jsonBytes(log)).reason).toMatch(/"__proto__" is not allowed/);
  });
});
