import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseBench } from './bench';
import { fixture, jsonBytes } from './fixtures/fixture';
import { unparseable } from './fixtures/unparseable';

describe('parseBench', () => {
  it('should keep a generic metrics map as it is', () => {
    const metrics = { 'api.p99Ms': 41.5, 'import.rowsPerSecond': 12000, coldStartMs: 830 };
    expect(parseBench(jsonBytes({ metrics, runner: 'gha-ubuntu-24' }))).toEqual({ metrics });
  });

  it("should name each figure of Keel's bench results after its scenario", () => {
    const { metrics } = parseBench(fixture('keel-bench-results.json'));
    expect(metrics).toMatchObject({
      'project-read.ratio': 0.47,
      'project-read.keel.requestsPerSecond': 1460,
      'project-read.keel.latencyP99Ms': 75,
      'project-read.keel.cpuMsPerRequest': 0.79,
      'project-transition.ratio': 0.63,
      'event-pipeline.targetP50Ms': 50,
      'event-pipeline.steady-50.throughputRatio': 1,
      'event-pipeline.steady-50.latencyP50Ratio': 4.12,
      'event-pipeline.steady-50.keel.latencyP50Ms': 6.6,
      'event-pipeline.steady-50.keel.undelivered': 0,
      'event-pipeline.flat-out-50.keel.eventsPerSecond': 270.9,
    });
    expect(Object.keys(metrics).some((name) => name.includes('rounds'))).toBe(false);
  });

  it("should read the under-load scenario's p99 ratios", () => {
    const { metrics } = parseBench(fixture('keel-bench-under-load.json'));
    expect(metrics).toMatchObject({
      'sign-in.ratio': 0.53,
      'me-during-sign-in.keel.p99Ratio': 3.85,
      'me-during-sign-in.keel.loaded.latencyP99Ms': 77,
    });
  });

  it("should read an ingestion scenario's median figures", () => {
    const scenario = {
      kind: 'ingestion',
      scenario: 'ingest-csv',
      unit: 'rows',
      rounds: [{ chunks: 7473, chunksPerSecond: 47, unitsPerSecond: 629.4 }],
      median: { chunks: 7473, chunksPerSecond: 47, unitsPerSecond: 629.4 },
    };
    expect(parseBench(jsonBytes({ revision: 'abc', scenarios: [scenario] })).metrics).toEqual({
      'ingest-csv.chunks': 7473,
      'ingest-csv.chunksPerSecond': 47,
      'ingest-csv.unitsPerSecond': 629.4,
    });
  });

  it("should read a tool call against its route like Keel against a floor, the route's figures as the baseline's", () => {
    const scenario = {
      kind: 'versus-route',
      scenario: 'tool-call',
      rounds: { keel: [], baseline: [] },
      keel: { requestsPerSecond: 400, latencyP50Ms: 11, latencyP99Ms: 30 },
      baseline: { requestsPerSecond: 1000, latencyP50Ms: 4, latencyP99Ms: 12 },
      ratio: 0.4,
    };
    expect(parseBench(jsonBytes({ revision: 'abc', scenarios: [scenario] })).metrics).toEqual({
      'tool-call.ratio': 0.4,
      'tool-call.keel.requestsPerSecond': 400,
      'tool-call.keel.latencyP50Ms': 11,
      'tool-call.keel.latencyP99Ms': 30,
      'tool-call.baseline.requestsPerSecond': 1000,
      'tool-call.baseline.latencyP50Ms': 4,
      'tool-call.baseline.latencyP99Ms': 12,
    });
  });

  it('should refuse a scenario of an unknown kind', () => {
    expect(unparseable(parseBench, jsonBytes({ scenarios: [{ kind: 'mystery', scenario: 'x' }] })).reason).toBe(
      'scenarios[0].kind is not a kind of tools/bench result',
    );
  });

  it('should read every results file tools/bench has written', () => {
    const directory = join(__dirname, '../../../../../../tools/bench/results');
    for (const name of readdirSync(directory).filter((file) => file.endsWith('.json'))) {
      const { metrics } = parseBench(readFileSync(join(directory, name)));
      expect(Object.keys(metrics).length).toBeGreaterThan(0);
    }
  });

  it('should refuse metrics that are not finite numbers, and other shapes', () => {
    expect(unparseable(parseBench, jsonBytes({ metrics: { p99: '41ms' } })).reason).toBe(
      'metrics["p99"] must be a finite number',
    );
    expect(unparseable(parseBench, Buffer.from('{"metrics": {"huge": 1e400}}')).reason).toMatch(/finite number/);
    expect(unparseable(parseBench, jsonBytes({ p99: 41 })).reason).toMatch(/needs "metrics"/);
    expect(unparseable(parseBench, Buffer.from('{"metrics": {"__proto__": 1}}')).reason).toMatch(/not allowed/);
  });
});
