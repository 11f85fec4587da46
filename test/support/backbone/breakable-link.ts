import { createServer, Server, Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP relay on a loopback port in front of a real server, which a test can
 * cut and restore. Cut, it drops every connection through it and its port is
 * closed — to a client, exactly a server that went down; restored, it listens
 * on the same port again and the client's reconnection reaches the server.
 * For NATS outages against the one real NATS the suite has.
 */
export class BreakableLink {
  private server?: Server;
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly target: { host: string; port: number },
    private port: number,
  ) {}

  /** A link to `targetUrl` (e.g. nats://127.0.0.1:4222), up and listening on a free port. */
  static async open(targetUrl: string): Promise<BreakableLink> {
    const target = new URL(targetUrl);
    const link = new BreakableLink({ host: target.hostname, port: Number(target.port) }, 0);
    await link.restore();
    return link;
  }

  /** The link's address, with the target's scheme: what the client is given instead of the server's. */
  url(scheme = 'nats'): string {
    return `${scheme}://127.0.0.1:${this.port}`;
  }

  /** Drops every connection and closes the port. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    if (server) await new Promise<void>((closed) => server.close(() => closed()));
  }

  /** Listens again, on the same port as before. */
  async restore(): Promise<void> {
    if (this.server) return;
    const server = createServer((client) => this.relay(client));
    await new Promise<void>((listening, fail) => {
      server.once('error', fail);
      server.listen({ port: this.port, host: '127.0.0.1' }, () => listening());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  close(): Promise<void> {
    return this.cut();
  }

  private relay(client: Socket): void {
    const upstream = new Socket();
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      // One side gone: the other goes too, as it would without the link in between.
      socket.on('error', () => undefined);
      socket.on('close', () => (socket === client ? upstream : client).destroy());
    }
    upstream.connect(this.target.port, this.target.host, () => {
      client.pipe(upstream);
      upstream.pipe(client);
    });
  }
}
