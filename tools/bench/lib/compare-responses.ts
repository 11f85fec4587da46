import { isDeepStrictEqual } from 'node:util';
import type { BenchTarget } from './bench-targets';

async function fetchJson(target: BenchTarget, path: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${target.url}${path}`);
  return { status: response.status, body: await response.json() };
}

/**
 * Before anything is timed: both targets must answer the same path with 200
 * and the same JSON, or the comparison would measure different work.
 */
export async function assertSameResponse(keel: BenchTarget, baseline: BenchTarget, path: string): Promise<void> {
  const [fromKeel, fromBaseline] = await Promise.all([fetchJson(keel, path), fetchJson(baseline, path)]);
  if (fromKeel.status !== 200 || !isDeepStrictEqual(fromKeel, fromBaseline)) {
    throw new Error(
      `Keel and the baseline disagree on GET ${path}:\n` +
        `  keel:     ${JSON.stringify(fromKeel)}\n  baseline: ${JSON.stringify(fromBaseline)}`,
    );
  }
}
