/** One HTTP request of a scenario, sent as is to Keel and (when there is one) to the baseline. */
export interface BenchRequest {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  /** JSON text. */
  body?: string;
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
