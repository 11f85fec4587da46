import { isDeepStrictEqual } from 'node:util';
import { BenchRequest, describeRequest } from './bench-request';

export interface JsonAnswer {
  status: number;
  body: unknown;
}

export async function send(url: string, request: BenchRequest): Promise<JsonAnswer> {
  const response = await fetch(`${url}${request.path}`, {
    method: request.method,
    headers: request.headers,
    body: request.body,
  });
  return { status: response.status, body: await response.json() };
}

/**
 * Before anything is timed: both targets must answer the same request with
 * 200 and the same JSON, or the comparison would measure different work.
 */
export async function assertSameResponse(keelUrl: string, baselineUrl: string, request: BenchRequest): Promise<void> {
  const [fromKeel, fromBaseline] = await Promise.all([send(keelUrl, request), send(baselineUrl, request)]);
  if (fromKeel.status !== 200 || !isDeepStrictEqual(fromKeel, fromBaseline)) {
    throw new Error(
      `Keel and the baseline disagree on ${describeRequest(request)}:\n` +
        `  keel:     ${JSON.stringify(fromKeel)}\n  baseline: ${JSON.stringify(fromBaseline)}`,
    );
  }
}

/** Before a scenario without a baseline server: Keel must answer its first request with a 2xx. */
export async function assertSucceeds(keelUrl: string, request: BenchRequest): Promise<void> {
  const answer = await send(keelUrl, request);
  if (answer.status < 200 || answer.status > 299) {
    throw new Error(`Keel answered ${describeRequest(request)} with ${answer.status}: ${JSON.stringify(answer.body)}`);
  }
}
