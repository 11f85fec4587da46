import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmod, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { findFreePort } from '@keel/platform-database';
import { pollUntil } from './support/poll';
import { makeTempDir, TempDir } from './support/temp-dir';

const WORKSPACE_ROOT = resolve(__dirname, '..');
const runningAsRoot = process.getuid?.() === 0;

/**
 * The ordinary-user path of `npm start` with no DATABASE_URL: PostgreSQL runs
 * as the user who started Keel and the data folder is theirs. Under root (as
 * CI runs) the process is started as the unprivileged `nobody`; otherwise the
 * test's own user is the ordinary user. (The root path, where PostgreSQL runs
 * as the OS user `postgres`, is what the shutdown suite exercises under root.)
 */
function startAsOrdinaryUser(env: Record<string, string>): ChildProcess {
  const node = process.execPath;
  const entry = join(WORKSPACE_ROOT, 'dist/apps/api/main.js');
  // setpriv execs in place (unlike runuser, which forks): signals reach Keel itself.
  const command = runningAsRoot ? 'setpriv' : node;
  const args = runningAsRoot ? ['--reuid=nobody', '--regid=nogroup', '--clear-groups', '--', node, entry] : [entry];
  return spawn(command, args, {
    cwd: WORKSPACE_ROOT,
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

describe('the embedded PostgreSQL for an ordinary user', () => {
  let folder: TempDir;
  let keel: ChildProcess;
  let output = '';
  let url: string;
  let exited: Promise<number | null>;

  beforeAll(async () => {
    folder = await makeTempDir('keel-ordinary-user');
    // The ordinary user must be able to create its data folder here.
    await chmod(folder.path, 0o777);
    const port = await findFreePort();
    url = `http://127.0.0.1:${port}`;
    keel = startAsOrdinaryUser({
      HOST: '127.0.0.1',
      PORT: String(port),
      EMBEDDED_PG_DIR: join(folder.path, 'postgres'),
      LOG_LEVEL: 'info',
    });
    keel.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    keel.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    exited = new Promise((done) => keel.on('exit', (code) => done(code)));
  });

  afterAll(async () => {
    if (keel.exitCode === null) keel.kill('SIGTERM');
    await exited;
    await folder.remove();
  });

  it('should start, migrate and answer ready', async () => {
    const status = await pollUntil(
      'GET /health/ready answering 200',
      async () => (await fetch(`${url}/health/ready`)).status,
      (code) => code === 200,
      { timeoutMs: 45_000 },
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${output}`);
    });
    expect(status).toBe(200);
  });

  it('should keep the data folder and its password file owned by that user, readable by nobody else', async () => {
    const uid = runningAsRoot ? Number(execFileSync('id', ['-u', 'nobody']).toString().trim()) : process.getuid?.();
    const dataFolder = await stat(join(folder.path, 'postgres'));
    const passwordFile = await stat(join(folder.path, 'postgres.password'));

    expect(dataFolder.uid).toBe(uid);
    expect(passwordFile.uid).toBe(uid);
    expect(passwordFile.mode & 0o077).toBe(0);
  });

  it('should stop PostgreSQL and exit 0 on SIGTERM', async () => {
    keel.kill('SIGTERM');

    expect(await exited).toBe(0);
    await expect(stat(join(folder.path, 'postgres', 'postmaster.pid'))).rejects.toThrow(/ENOENT/);
  });
});
