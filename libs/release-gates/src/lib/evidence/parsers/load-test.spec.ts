import { fixture, jsonBytes } from './fixtures/fixture';
import { unparseable } from './fixtures/unparseable';
import { parseLoadTest } from './load-test';

describe('parseLoadTest', () => {
  it("should read k6's --summary-export with p(99) asked for", () => {
    expect(parseLoadTest(fixture('k6-summary-export.json'))).toEqual({
      http_req_duration: { avg: 84.21, min: 11.03, med: 61.5, max: 2210.4, p90: 170.2, p95: 231.77, p99: 612.08 },
      http_req_failed: { rate: 0.0035 },
      checks: { rate: 0.9965 },
      iterations: 6000,
    });
  });

  it("should leave p99 out when k6's default trend stats did not compute it", () => {
    const facts = parseLoadTest(fixture('k6-default-trend-stats.json'));
    expect(facts.http_req_duration).toEqual({ avg: 40.5, min: 9.8, med: 33.1, max: 501.7, p90: 71.2, p95: 98.4 });
    expect(facts.http_req_duration).not.toHaveProperty('p99');
    expect(facts).toMatchObject({ http_req_failed: { rate: 0 }, iterations: 3000 });
  });

  it("should read handleSummary's JSON, figures under values", () => {
    const summary = {
      metrics: {
        http_req_duration: { type: 'trend', contains: 'time', values: { 'p(95)': 120.5, 'p(99)': 301 } },
        http_req_failed: { type: 'rate', contains: 'default', values: { rate: 0.012, passes: 12, fails: 988 } },
        iterations: { type: 'counter', contains: 'default', values: { count: 1000, rate: 16.6 } },
      },
    };
    expect(parseLoadTest(jsonBytes(summary))).toEqual({
      http_req_duration: { p95: 120.5, p99: 301 },
      http_req_failed: { rate: 0.012 },
      iterations: 1000,
    });
  });

  it('should refuse what is not a k6 summary', () => {
    expect(unparseable(parseLoadTest, jsonBytes({ p95: 100 })).reason).toMatch(/"metrics" is missing/);
    expect(unparseable(parseLoadTest, jsonBytes({ metrics: { vus: { value: 1 } } })).reason).toMatch(
      /no http_req_duration/,
    );
    const badRate = { metrics: { http_req_failed: { value: 3 } } };
    expect(unparseable(parseLoadTest, jsonBytes(badRate)).reason).toMatch(/between 0 and 1/);
    const text = '{\n  "metrics": {\n    "iterations": { "count": 10 }\n  }\n  "state": {}\n}';
    expect(unparseable(parseLoadTest, Buffer.from(text))).toMatchObject({ line: 5 });
  });
});
