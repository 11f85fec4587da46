/** One HTTP request of a scenario, sent as is to Keel and (when there is one) to the baseline. */
export interface BenchRequest {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  /** JSON text. */
  body?: string;
}

/** autocannon's scratch object of one connection, kept from a request's set-up to its answer. */
export type ConnectionContext = Record<string, unknown>;

/**
 * A request made afresh just before each send, from what earlier answers
 * said (a write that names the version the last one left). autocannon calls
 * `setupRequest` with the request as it stands (its defaults filled in: keep
 * them) and `onResponse` with the answer; only measure() loads with them,
 * send() and the steady-rate load send requests as they are.
 */
export interface DynamicBenchRequest extends BenchRequest {
  setupRequest: (request: BenchRequest, context: ConnectionContext) => BenchRequest;
  onResponse: (status: number, body: string, context: ConnectionContext) => void;
}

export function authorizedGet(path: string, accessToken: string): BenchRequest {
  return { method: 'GET', path, headers: { authorization: `Bearer ${accessToken}` } };
}

export function jsonPost(path: string, body: unknown): BenchRequest {
  return { method: 'POST', path, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

/** How a request reads in logs and errors: the method and path, never a credential. */
export function describeRequest(request: BenchRequest): string {
  return `${request.method} ${request.path}`;
}
