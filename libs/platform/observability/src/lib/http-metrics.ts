import { Histogram, Registry } from 'prom-client';

/** Request latency by route template, never by raw URL, so label cardinality stays bounded. */
export function createHttpDurationHistogram(registry: Registry): Histogram<'method' | 'route' | 'status_code'> {
  return new Histogram({
    name: 'http_server_request_duration_seconds',
    help: 'Duration of HTTP server requests, by method, route template and status code.',
    labelNames: ['method', 'route', 'status_code'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
}

/** The label of requests that matched no route: their URLs are not worth a time series each. */
export const UNMATCHED_ROUTE = 'unmatched';
