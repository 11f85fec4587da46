import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { paths } from '../generated/openapi';

/**
 * openapi-fetch typed by Keel's document: `GET('/health/ready')` resolves to
 * `{ data, response }` on 2xx and `{ error, response }` otherwise, where
 * `error` is the parsed body: the route's declared error body or, for every
 * route, a ProblemDetails.
 */
export type KeelClient = Client<paths>;

export interface KeelClientOptions {
  /** Where Keel listens, e.g. `https://api.example.com`; the paths of the document are appended. */
  baseUrl: string;
  /** Sent as `Authorization: Bearer <token>` on every request. */
  accessToken?: string;
  /** Replaces the global fetch: tests, instrumentation, retries. */
  fetch?: ClientOptions['fetch'];
}

/** A client for one caller: one base URL, one identity. */
export function createKeelClient(options: KeelClientOptions): KeelClient {
  return createClient<paths>({
    baseUrl: options.baseUrl,
    fetch: options.fetch,
    headers: options.accessToken ? { Authorization: `Bearer ${options.accessToken}` } : undefined,
  });
}
