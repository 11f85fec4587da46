import { ChildProcess, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { findFreePort } from '@keel/platform-database';
import { makeTempDir, TempDir } from './temp-dir';

const WORKSPACE_ROOT = resolve(__dirname, '../..');
const SERVER_MAIN = join(__dirname, 'postgres-server.main.ts');

interface ServerProcess {
  child: ChildProcess;
  exited: Promise<number | null>;
}

/** Starts postgres-server.main.ts and resolves with its process and URL once PostgreSQL is up. */
function spawnServer(dataDir: string, port: number): Promise<ServerProcess & { url: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', SERVER_MAIN, dataDir, String(port)], {
      cwd: WORKSPACE_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((settle) => child.on('exit', (code) => settle(code)));
    let output = '';
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((text) => text.startsWith('{"url":'));
      if (line) done({ child, exited, url: (JSON.parse(line) as { url: string }).url });
    });
    void exited.then((code) => fail(new Error(`embedded PostgreSQL exited (${code}) before it was up:\n${output}`)));
  });
}

/**
 * A PostgreSQL of a test's own that it can stop and start again on the same
 * data folder and port, so a client holding its URL sees an outage, then the
 * same server back. It runs in a child process (see postgres-server.main.ts).
 */
export class RestartablePostgres {
  private server: ServerProcess | undefined;

  private constructor(
    private readonly dir: TempDir,
    readonly port: number,
    readonly url: string,
    server: ServerProcess,
  ) {
    this.server = server;
  }

  static async start(): Promise<RestartablePostgres> {
    const dir = await makeTempDir('keel-e2e-pg');
    const port = await findFreePort();
    try {
      const { url, ...server } = await spawnServer(join(dir.path, 'data'), port);
      return new RestartablePostgres(dir, port, url, server);
    } catch (error) {
      await dir.remove();
      throw error;
    }
  }

  /** Stops PostgreSQL (a fast shutdown: open sessions are terminated) and waits until it has exited. */
  async stop(): Promise<void> {
    if (!this.server) return;
    const { child, exited } = this.server;
    this.server = undefined;
    child.kill('SIGTERM');
    await exited;
  }

  /** Starts PostgreSQL again on the same data folder and port. */
  async restart(): Promise<void> {
    if (this.server) return;
    const { url, ...server } = await spawnServer(join(this.dir.path, 'data'), this.port);
    if (url !== this.url) throw new Error(`restarted PostgreSQL answers at ${url}, not ${this.url}`);
    this.server = server;
  }

  async destroy(): Promise<void> {
    await this.stop();
    await this.dir.remove();
  }
}
