import type { BenchItemKey } from './seed-bench-items';

export interface Scenario {
  name: string;
  description: string;
  /** Request paths every connection cycles through; the same list goes to Keel and to the baseline. */
  paths(items: BenchItemKey[]): string[];
}

/** Distinct reads per run: enough to spread over workspaces and pages, few enough to prebuild per connection. */
const TENANT_READ_SAMPLE = 1000;

function sample<T>(items: T[], size: number): T[] {
  const pool = [...items];
  for (let i = pool.length - 1; i > 0; i -= 1) {
    const j = Math.floor(Math.random() * (i + 1));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, size);
}

export const SCENARIOS: Scenario[] = [
  {
    name: 'liveness',
    description: 'GET /health/live: the framework floor (routing, hooks, headers, serialisation), no database.',
    paths: () => ['/health/live'],
  },
  {
    name: 'tenant-read',
    description:
      'GET /v1/workspaces/:workspaceId/bench-items/:itemId: one primary-key read on a FORCE RLS table inside a ' +
      'tenant transaction (BEGIN, SET LOCAL ROLE, set_config, SELECT, COMMIT).',
    paths: (items) =>
      sample(items, TENANT_READ_SAMPLE).map((item) => `/v1/workspaces/${item.workspaceId}/bench-items/${item.itemId}`),
  },
];

/** The scenarios named (all when none is), failing on a name that does not exist. */
export function selectScenarios(names: string[]): Scenario[] {
  const unknown = names.filter((name) => !SCENARIOS.some((scenario) => scenario.name === name));
  if (unknown.length > 0) {
    throw new Error(`Unknown scenario(s): ${unknown.join(', ')}. Known: ${SCENARIOS.map((s) => s.name).join(', ')}.`);
  }
  return names.length === 0 ? SCENARIOS : SCENARIOS.filter((scenario) => names.includes(scenario.name));
}
