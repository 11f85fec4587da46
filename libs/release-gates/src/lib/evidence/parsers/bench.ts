import { EvidenceUnparseable } from './evidence-unparseable';
import { assertSafeKey, isJsonObject, JsonObject, readJsonObject } from './read-json';

export interface BenchFacts {
  /**
   * Metric name → number. Names may contain dots ("liveness.ratio"): a
   * metric is one key of this map, so a gate's path is "metrics." followed
   * by the whole name.
   */
  metrics: Record<string, number>;
}

/** Keeps the map bounded: a benchmark has dozens of metrics, not millions. */
export const MAX_BENCH_METRICS = 10_000;

/**
 * Two shapes: the generic `{"metrics": {"name": number}}`, or a results file
 * of Keel's own bench (tools/bench/results/*.json, `{revision, machine,
 * scenarios: [...]}`), whose figures become metrics named after the scenario:
 *
 * - Keel against a floor (kind versus-baseline / versus-argon2id / versus-route, whose floor is
 *   Keel's own HTTP route doing the same work):
 *   `<scenario>.ratio`, and `<scenario>.keel.<figure>` / `<scenario>.baseline.<figure>`
 *   for requestsPerSecond, latencyP50Ms, latencyP99Ms, cpuMsPerRequest;
 * - under load: `<scenario>.<side>.p99Ratio` and
 *   `<scenario>.<side>.<alone|loaded|background>.<figure>` for side keel / baseline;
 * - the event pipeline, per phase named `steady-<rate>` or `flat-out-<concurrency>`:
 *   `<scenario>.<phase>.throughputRatio`, `.latencyP50Ratio`, and `.<keel|baseline>.<figure>`
 *   (eventsPerSecond, latencyP50Ms, latencyP99Ms, undelivered, …), plus `<scenario>.targetP50Ms`;
 * - ingestion (a file uploaded and ingested, no baseline): `<scenario>.<figure>` of the rounds'
 *   median (chunksPerSecond, unitsPerSecond, ingestSeconds, endToEndSeconds, chunks, …).
 *
 * Per-round raw measurements are left out: the summaries are what a gate compares.
 */
export function parseBench(bytes: Buffer): BenchFacts {
  const document = readJsonObject(bytes, 'A bench result');
  const metrics = new Map<string, number>();
  if (isJsonObject(document['metrics'])) {
    for (const [name, value] of Object.entries(document['metrics'])) {
      addMetric(metrics, name, value, `metrics["${name.slice(0, 100)}"]`);
    }
  } else if (Array.isArray(document['scenarios'])) {
    document['scenarios'].forEach((scenario: unknown, index) => addScenario(metrics, scenario, index));
  } else {
    throw new EvidenceUnparseable(
      'a bench result needs "metrics": {"name": number}, or "scenarios" as in tools/bench/results files',
    );
  }
  return { metrics: Object.fromEntries(metrics) };
}

function addMetric(metrics: Map<string, number>, name: string, value: unknown, where: string): void {
  if (name.trim() === '') throw new EvidenceUnparseable(`${where}: a metric needs a name`);
  for (const part of name.split('.')) assertSafeKey(part, where);
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new EvidenceUnparseable(`${where} must be a finite number`);
  }
  if (metrics.size >= MAX_BENCH_METRICS) throw new EvidenceUnparseable(`more than ${MAX_BENCH_METRICS} metrics`);
  metrics.set(name, value);
}

/** Every finite number of `summary` (one level, no arrays) as `<prefix>.<key>`. */
function addFigures(metrics: Map<string, number>, prefix: string, summary: unknown): void {
  if (!isJsonObject(summary)) return;
  for (const [key, value] of Object.entries(summary)) {
    if (typeof value === 'number') addMetric(metrics, `${prefix}.${key}`, value, `${prefix}.${key}`);
  }
}

function addScenario(metrics: Map<string, number>, scenario: unknown, index: number): void {
  if (!isJsonObject(scenario) || typeof scenario['scenario'] !== 'string' || scenario['scenario'] === '') {
    throw new EvidenceUnparseable(`scenarios[${index}] needs a "scenario" name`);
  }
  const name = scenario['scenario'];
  // Files written before scenarios had a kind hold only Keel-versus-baseline results.
  const kind = scenario['kind'] ?? 'versus-baseline';
  if (kind === 'versus-baseline' || kind === 'versus-argon2id' || kind === 'versus-route') {
    addMetric(metrics, `${name}.ratio`, scenario['ratio'], `scenarios[${index}].ratio`);
    addFigures(metrics, `${name}.keel`, scenario['keel']);
    addFigures(metrics, `${name}.baseline`, scenario['baseline']);
  } else if (kind === 'under-load') {
    for (const side of ['keel', 'baseline']) {
      const figures = scenario[side];
      if (!isJsonObject(figures)) continue;
      addMetric(metrics, `${name}.${side}.p99Ratio`, figures['p99Ratio'], `scenarios[${index}].${side}.p99Ratio`);
      for (const part of ['alone', 'loaded', 'background'])
        addFigures(metrics, `${name}.${side}.${part}`, figures[part]);
    }
  } else if (kind === 'event-pipeline') {
    if (typeof scenario['targetP50Ms'] === 'number') {
      addMetric(metrics, `${name}.targetP50Ms`, scenario['targetP50Ms'], `scenarios[${index}].targetP50Ms`);
    }
    const phases = Array.isArray(scenario['phases']) ? scenario['phases'] : [];
    phases.forEach((phase: unknown, phaseIndex) => {
      if (!isJsonObject(phase)) return;
      const where = `scenarios[${index}].phases[${phaseIndex}]`;
      const prefix = `${name}.${phaseName(phase, where)}`;
      for (const ratio of ['throughputRatio', 'latencyP50Ratio']) {
        if (phase[ratio] !== undefined) addMetric(metrics, `${prefix}.${ratio}`, phase[ratio], `${where}.${ratio}`);
      }
      addFigures(metrics, `${prefix}.keel`, phase['keel']);
      addFigures(metrics, `${prefix}.baseline`, phase['baseline']);
    });
  } else if (kind === 'ingestion') {
    addFigures(metrics, name, scenario['median']);
  } else {
    throw new EvidenceUnparseable(`scenarios[${index}].kind is not a kind of tools/bench result`);
  }
}

function phaseName(phase: JsonObject, where: string): string {
  const pace = isJsonObject(phase['pace']) ? phase['pace'] : {};
  if (pace['kind'] === 'steady' && typeof pace['ratePerSecond'] === 'number') return `steady-${pace['ratePerSecond']}`;
  if (pace['kind'] === 'flat-out' && typeof pace['concurrency'] === 'number') return `flat-out-${pace['concurrency']}`;
  throw new EvidenceUnparseable(`${where}.pace must be steady (ratePerSecond) or flat-out (concurrency)`);
}
