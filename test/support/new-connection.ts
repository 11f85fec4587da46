import { connect } from 'node:net';

export type ConnectionOutcome = 'refused' | 'closed without an answer' | number;

/**
 * Opens a brand-new TCP connection to `url` and sends one GET: 'refused' when
 * nothing listens any more, else the status the server answered.
 */
export function tryNewConnection(url: string, path = '/health/live'): Promise<ConnectionOutcome> {
  const { hostname, port } = new URL(url);
  return new Promise((done) => {
    let answer = '';
    const socket = connect({ host: hostname, port: Number(port) });
    socket.setTimeout(10_000, () => socket.destroy());
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNREFUSED') done('refused');
    });
    socket.on('connect', () => socket.write(`GET ${path} HTTP/1.1\r\nHost: ${hostname}\r\nConnection: close\r\n\r\n`));
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    socket.on('close', () => {
      const status = /^HTTP\/1\.1 (\d{3})/.exec(answer);
      done(status ? Number(status[1]) : 'closed without an answer');
    });
  });
}
