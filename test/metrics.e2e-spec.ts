import { httpRequest, HttpResult } from './support/http';
import { KeelOnTestDatabase, startKeelOnTestDatabase } from './support/keel-on-test-database';
import { metricTypes, parseSamples, Sample } from './support/prometheus-text';
import { promtoolCheckMetrics, promtoolInstalled } from './support/promtool';

const DB_POOL_MAX = 7;
const HISTOGRAM = 'http_server_request_duration_seconds';

describe('GET /metrics', () => {
  let keel: KeelOnTestDatabase;
  let scrape: HttpResult;
  let samples: Sample[];

  beforeAll(async () => {
    // The API role alone: no relay or workers taking pool connections at the moment of the scrape.
    keel = await startKeelOnTestDatabase({ DB_POOL_MAX: String(DB_POOL_MAX), KEEL_ROLE: 'api' });
    // Traffic worth measuring: a known route, an unknown one with an id in it, and a readiness check.
    await httpRequest(`${keel.keel.url}/health/live`);
    await httpRequest(`${keel.keel.url}/v1/things/918273645`);
    await httpRequest(`${keel.keel.url}/v1/things/918273645?page=2`);
    await httpRequest(`${keel.keel.url}/health/ready`);
    scrape = await httpRequest(`${keel.keel.url}/metrics`);
    samples = parseSamples(scrape.text);
  });

  afterAll(async () => {
    await keel?.stop();
  });

  function histogramSeries(): Sample[] {
    return samples.filter((sample) => sample.name.startsWith(`${HISTOGRAM}_`));
  }

  it('should answer in the Prometheus text format', () => {
    expect(scrape.status).toBe(200);
    expect(scrape.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  it('should include process and Node.js runtime metrics', () => {
    const names = new Set(samples.map((sample) => sample.name));

    expect(names).toContain('process_cpu_seconds_total');
    expect(names).toContain('process_resident_memory_bytes');
    expect([...names].filter((name) => name.startsWith('nodejs_'))).not.toHaveLength(0);
    expect(names).toContain('nodejs_eventloop_lag_seconds');
  });

  it('should measure request durations as a histogram by method, route template and status code', () => {
    expect(metricTypes(scrape.text).get(HISTOGRAM)).toBe('histogram');
    const live = histogramSeries().find(
      (sample) => sample.name === `${HISTOGRAM}_count` && sample.labels['route'] === '/health/live',
    );

    // The start-up probe polled /health/live too, so there is at least the one request made here.
    expect(live?.labels).toEqual({ method: 'GET', route: '/health/live', status_code: '200' });
    expect(live?.value).toBeGreaterThanOrEqual(1);
    const buckets = histogramSeries().filter(
      (sample) => sample.name === `${HISTOGRAM}_bucket` && sample.labels['route'] === '/health/live',
    );
    expect(buckets.map((bucket) => bucket.labels['le'])).toContain('+Inf');
  });

  it('should count requests to unknown routes under route="unmatched", never under their URL', () => {
    const unmatched = histogramSeries().find(
      (sample) =>
        sample.name === `${HISTOGRAM}_count` &&
        sample.labels['route'] === 'unmatched' &&
        sample.labels['status_code'] === '404',
    );
    expect(unmatched?.value).toBe(2);

    const labelValues = histogramSeries().flatMap((sample) => Object.values(sample.labels));
    expect(labelValues.filter((value) => value.includes('918273645') || value.includes('/v1/things'))).toEqual([]);
  });

  it('should label every series with a route template or "unmatched"', () => {
    const routes = new Set(histogramSeries().map((sample) => sample.labels['route']));

    expect([...routes].sort()).toEqual(['/health/live', '/health/ready', 'unmatched']);
  });

  it('should expose the database pool as gauges, its ceiling from DB_POOL_MAX', () => {
    const poolFamilies = [...metricTypes(scrape.text)].filter(([name]) => name.startsWith('db_pool_'));

    expect(poolFamilies.length).toBeGreaterThanOrEqual(4);
    expect(poolFamilies.every(([, kind]) => kind === 'gauge')).toBe(true);
    const pool = new Map(samples.filter((sample) => sample.name.startsWith('db_pool_')).map((s) => [s.name, s.value]));
    expect(pool.get('db_pool_connections_max')).toBe(DB_POOL_MAX);
    expect(pool.get('db_pool_connections_idle')).toBeGreaterThanOrEqual(1);
    expect(pool.get('db_pool_requests_waiting')).toBe(0);
  });

  it('should pass promtool check metrics', async () => {
    if (!promtoolInstalled()) {
      console.warn('promtool is not installed: the exposition was not checked by promtool (CI installs it).');
      return;
    }
    const check = await promtoolCheckMetrics(scrape.text);

    expect(check).toEqual({ code: 0, output: '' });
  });
});
