/**
 * Where this process's HTTP server really listens, once it does: HOST and
 * PORT as bound (PORT=0 picks a port, known only then), as a base URL such
 * as `http://localhost:4123`. Set by the runtime right after `listen`; what
 * must name Keel's own address (links in mails when APP_URL is unset) reads
 * it here instead of assuming port 3000.
 */
export class ListeningAddress {
  private current?: string;

  /** Called once the server listens; `host` is the HOST setting, `port` the bound one. */
  listeningOn(host: string, port: number): void {
    this.current = listeningUrl(host, port);
  }

  /** `http://host:port`; throws before the server listens (or in a process that never does). */
  get url(): string {
    if (this.current === undefined) throw new Error('The HTTP server is not listening yet: its address is unknown.');
    return this.current;
  }
}

/**
 * A URL a client on this machine can open: a wildcard address (0.0.0.0, ::)
 * is reached as `localhost`, an IPv6 address is bracketed.
 */
export function listeningUrl(host: string, port: number): string {
  const reachable = host === '0.0.0.0' || host === '::' || host === '' ? 'localhost' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}
