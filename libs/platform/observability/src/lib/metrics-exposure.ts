import { isIP } from 'node:net';

/** Where /metrics is served, from HOST and the METRICS_* settings (see docs/operations.md, Metrics). */
export interface MetricsExposure {
  /** On the API's own port: only when that port is reachable from this machine alone, or a token guards it. */
  onApiPort: boolean;
  /** A listener of its own, for the scraper: whenever the API's port is reachable from elsewhere. */
  listener?: { host: string; port: number };
  /** Asked for as a bearer token wherever /metrics is served. */
  token?: string;
}

export interface MetricsSettings {
  HOST: string;
  METRICS_PORT: number;
  METRICS_HOST: string;
  METRICS_TOKEN?: string;
}

/** localhost, 127.0.0.0/8, ::1 and their IPv4-mapped forms: reachable from this machine only. */
export function isLoopbackHost(host: string): boolean {
  const address = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (address === 'localhost') return true;
  if (isIP(address) === 4) return address.startsWith('127.');
  if (isIP(address) === 6) return address === '::1' || /^::ffff:127\./.test(address);
  return false;
}

/**
 * Metrics name every route, queue and job type, and how busy each is: not for the public. An API
 * bound to loopback serves them itself (a development machine, or a proxy on the same host in
 * front); otherwise a listener of their own takes them, on METRICS_HOST (loopback by default)
 * and METRICS_PORT. METRICS_TOKEN adds a bearer token everywhere, and puts /metrics back on the
 * API's port for scrapers that can only reach that one.
 */
export function metricsExposure(settings: MetricsSettings): MetricsExposure {
  const loopback = isLoopbackHost(settings.HOST);
  return {
    onApiPort: loopback || settings.METRICS_TOKEN !== undefined,
    listener: loopback ? undefined : { host: settings.METRICS_HOST, port: settings.METRICS_PORT },
    token: settings.METRICS_TOKEN,
  };
}
