import PgBoss from 'pg-boss';
import { findFreePort } from '@keel/platform-database';
import { httpRequest, HttpResult, jsonObject } from './support/http';
import { KeelOnTestDatabase, startKeelOnTestDatabase } from './support/keel-on-test-database';
import { metricTypes, parseSamples, Sample } from './support/prometheus-text';
import { promtoolCheckMetrics } from './support/promtool';

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
    const check = await promtoolCheckMetrics(scrape.text);

    expect(check).toEqual({ code: 0, output: '' });
  });
});

describe('where /metrics is served, and what it tells about the build and the queues', () => {
  describe('with the API on every interface (HOST=0.0.0.0)', () => {
    let keel: KeelOnTestDatabase;
    let metricsPort: number;
    let onApiPort: HttpResult;
    let onListener: HttpResult;
    let samples: Sample[];

    beforeAll(async () => {
      metricsPort = await findFreePort();
      // The API role alone: nothing consumes the jobs sent below, so they stay queued.
      keel = await startKeelOnTestDatabase({ HOST: '0.0.0.0', METRICS_PORT: String(metricsPort), KEEL_ROLE: 'api' });
      const boss = new PgBoss({ connectionString: keel.database.url, schema: 'pgboss' });
      boss.on('error', () => undefined);
      await boss.start();
      try {
        await boss.createQueue('e2e-depth');
        await boss.send('e2e-depth', { n: 1 });
        await boss.send('e2e-depth', { n: 2 });
      } finally {
        await boss.stop({ graceful: false, wait: true });
      }
      onApiPort = await httpRequest(`${keel.keel.url}/metrics`);
      onListener = await httpRequest(`http://127.0.0.1:${metricsPort}/metrics`);
      samples = parseSamples(onListener.text);
    });

    afterAll(async () => {
      await keel?.stop();
    });

    it('should not serve /metrics on the API port', () => {
      expect(onApiPort.status).toBe(404);
      expect(jsonObject(onApiPort)).toMatchObject({ code: 'NOT_FOUND' });
    });

    it('should serve it on METRICS_PORT, bound to loopback', () => {
      expect(onListener.status).toBe(200);
      expect(onListener.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      const started = keel.keel.output().includes(`"url":"http://127.0.0.1:${metricsPort}/metrics"`);
      expect(started).toBe(true);
    });

    it('should answer anything else on that listener with a problem', async () => {
      const other = await httpRequest(`http://127.0.0.1:${metricsPort}/v1/auth/login`);

      expect(other.status).toBe(404);
      expect(other.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(jsonObject(other)).toMatchObject({ status: 404, code: 'NOT_FOUND', requestId: expect.any(String) });
    });

    it('should say which build runs in keel_build_info', () => {
      const info = samples.find((sample) => sample.name === 'keel_build_info');

      expect(info?.value).toBe(1);
      expect(info?.labels).toMatchObject({ version: expect.stringMatching(/^\d+\.\d+\.\d+/), node: process.version });
    });

    it('should count the jobs of each queue by state', () => {
      const depth = (queue: string, state: string) =>
        samples.find(
          (sample) =>
            sample.name === 'keel_queue_jobs' && sample.labels['queue'] === queue && sample.labels['state'] === state,
        )?.value;

      expect(depth('e2e-depth', 'queued')).toBe(2);
      expect(depth('e2e-depth', 'active')).toBeUndefined();
      expect(metricTypes(onListener.text).get('keel_queue_jobs')).toBe('gauge');
    });
  });

  describe('with METRICS_TOKEN set', () => {
    const token = 'e2e-metrics-token-5f1c9a7b';
    let keel: KeelOnTestDatabase;

    beforeAll(async () => {
      keel = await startKeelOnTestDatabase({ METRICS_TOKEN: token, KEEL_ROLE: 'api' });
    });

    afterAll(async () => {
      await keel?.stop();
    });

    it('should refuse a scrape without the token with a 401 problem asking for a bearer token', async () => {
      for (const authorization of [undefined, 'Bearer not-the-token', token]) {
        const scrape = await httpRequest(`${keel.keel.url}/metrics`, {
          headers: authorization ? { authorization } : {},
        });

        expect(scrape.status).toBe(401);
        expect(scrape.headers.get('www-authenticate')).toBe('Bearer');
        expect(jsonObject(scrape)).toMatchObject({ code: 'UNAUTHENTICATED' });
      }
    });

    it('should serve a scrape with the token', async () => {
      const scrape = await httpRequest(`${keel.keel.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });

      expect(scrape.status).toBe(200);
      expect(parseSamples(scrape.text).some((sample) => sample.name === 'keel_build_info')).toBe(true);
    });
  });
});
