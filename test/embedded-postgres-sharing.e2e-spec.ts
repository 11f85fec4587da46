import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { KeelProcess, runKeelCommand, startKeelProcess } from '@keel/platform-testing';
import { LogLine, parseLogLines } from './support/log-lines';
import { makeTempDir, TempDir } from './support/temp-dir';
import { processesUsing } from './support/processes-using';

/** Each case starts one or two Keels on a fresh embedded PostgreSQL (initdb and migrations included). */
const STARTS_TIMEOUT_MS = 360_000;
/** initdb alone can take a minute on a busy machine, before Keel answers at all. */
const START_TIMEOUT_MS = 150_000;

function logLine(keel: KeelProcess, msg: RegExp): LogLine | undefined {
  return parseLogLines(keel.output()).find((line) => typeof line['msg'] === 'string' && msg.test(line['msg']));
}

/** Lines at level error or fatal (pino's 50 and 60, written by name). */
function errorLines(output: string): LogLine[] {
  return parseLogLines(output).filter((line) => line['level'] === 'error' || line['level'] === 'fatal');
}

async function ready(keel: KeelProcess): Promise<number> {
  return (await fetch(`${keel.url}/health/ready`)).status;
}

describe('split roles on one embedded PostgreSQL folder', () => {
  let dir: TempDir;
  let dataDir: string;
  let env: Record<string, string | undefined>;
  let worker: KeelProcess;
  let api: KeelProcess;

  beforeAll(async () => {
    dir = await makeTempDir('keel-e2e-split-roles');
    dataDir = join(dir.path, 'postgres');
    env = { DATABASE_URL: undefined, EMBEDDED_PG_DIR: dataDir, EMBEDDED_PG_PORT: '0', LOG_LEVEL: 'info' };
    worker = await startKeelProcess({ env: { ...env, KEEL_ROLE: 'worker' }, startTimeoutMs: START_TIMEOUT_MS });
    api = await startKeelProcess({ env: { ...env, KEEL_ROLE: 'api' }, startTimeoutMs: START_TIMEOUT_MS });
  }, STARTS_TIMEOUT_MS);

  afterAll(async () => {
    await api?.stop('SIGTERM');
    await worker?.stop('SIGTERM');
    await dir?.remove();
  });

  it('should start the API beside the running worker, on the database the worker started', async () => {
    const started = logLine(worker, /^embedded PostgreSQL started$/);
    const joined = logLine(api, /^embedded PostgreSQL joined/);

    expect(started).toBeDefined();
    expect(joined).toMatchObject({ port: started?.['port'], pid: started?.['pid'], startedBy: worker.child.pid });
    expect(await ready(api)).toBe(200);
    expect(await ready(worker)).toBe(200);
  });

  it('should leave the database running when the API stops, for the worker that started it', async () => {
    expect(await api.stop('SIGTERM')).toBe(0);

    expect(existsSync(join(dataDir, 'postmaster.pid'))).toBe(true);
    expect(await ready(worker)).toBe(200);
    expect(logLine(api, /^embedded PostgreSQL stopped$/)).toBeUndefined();
  });

  it('should stop the database when the worker that started it stops', async () => {
    expect(await worker.stop('SIGTERM')).toBe(0);

    expect(existsSync(join(dataDir, 'postmaster.pid'))).toBe(false);
    expect(await processesUsing(dataDir)).toEqual([]);
  });
});

describe('a PostgreSQL left running on the folder', () => {
  let dir: TempDir;
  let dataDir: string;
  let env: Record<string, string | undefined>;

  beforeAll(async () => {
    dir = await makeTempDir('keel-e2e-leftover-pg');
    dataDir = join(dir.path, 'postgres');
    env = { DATABASE_URL: undefined, EMBEDDED_PG_DIR: dataDir, EMBEDDED_PG_PORT: '0', LOG_LEVEL: 'info' };
  });

  afterAll(async () => {
    for (const pid of await processesUsing(dataDir)) process.kill(pid, 'SIGKILL');
    await dir?.remove();
  });

  it(
    'should be adopted by the next Keel when the one that started it was killed, and stopped by it',
    async () => {
      const killed = await startKeelProcess({ env, startTimeoutMs: START_TIMEOUT_MS });
      const leftover = logLine(killed, /^embedded PostgreSQL started$/);
      await killed.stop('SIGKILL');
      expect(await processesUsing(dataDir)).not.toEqual([]);

      const next = await startKeelProcess({ env, startTimeoutMs: START_TIMEOUT_MS });
      expect(logLine(next, /^embedded PostgreSQL adopted/)).toMatchObject({ pid: leftover?.['pid'] });
      expect(await ready(next)).toBe(200);

      expect(await next.stop('SIGTERM')).toBe(0);
      expect(existsSync(join(dataDir, 'postmaster.pid'))).toBe(false);
      expect(await processesUsing(dataDir)).toEqual([]);
    },
    STARTS_TIMEOUT_MS,
  );

  it(
    'should say why it cannot share a running server that does not let it in, and how to run both sides',
    async () => {
      const first = await startKeelProcess({ env, startTimeoutMs: START_TIMEOUT_MS });
      const passwordFile = `${dataDir}.password`;
      const password = await readFile(passwordFile, 'utf8');
      try {
        await writeFile(passwordFile, 'not-the-password\n');
        const second = await runKeelCommand({ env: { ...env, HOST: '127.0.0.1', PORT: '0' } });
        const pid = logLine(first, /^embedded PostgreSQL started$/)?.['pid'];

        expect(second.code).toBe(1);
        expect(second.output).toContain(
          `A PostgreSQL (pid ${pid}) is running on ${dataDir}, but this Keel cannot share it`,
        );
        expect(second.output).toContain('EMBEDDED_PG_PORT=');
        expect(second.output).toContain('DATABASE_URL=');
        expect(await ready(first)).toBe(200);
      } finally {
        await writeFile(passwordFile, password);
        expect(await first.stop('SIGTERM')).toBe(0);
      }
    },
    STARTS_TIMEOUT_MS,
  );
});

describe('Ctrl-C in the terminal (SIGINT to the whole process group)', () => {
  let dir: TempDir;
  let dataDir: string;
  let keel: KeelProcess;
  let exitCode: number | NodeJS.Signals | null;

  beforeAll(async () => {
    dir = await makeTempDir('keel-e2e-ctrl-c');
    dataDir = join(dir.path, 'postgres');
    keel = await startKeelProcess({
      env: { DATABASE_URL: undefined, EMBEDDED_PG_DIR: dataDir, EMBEDDED_PG_PORT: '0', LOG_LEVEL: 'info' },
      detached: true,
      startTimeoutMs: START_TIMEOUT_MS,
    });
    expect(await ready(keel)).toBe(200);
    const groupId = keel.child.pid;
    if (groupId === undefined) throw new Error('Keel has no pid');
    process.kill(-groupId, 'SIGINT');
    exitCode = await keel.exited;
  }, STARTS_TIMEOUT_MS);

  afterAll(async () => {
    for (const pid of await processesUsing(dataDir)) process.kill(pid, 'SIGKILL');
    await dir?.remove();
  });

  it('should exit with code 0', () => {
    expect(exitCode).toBe(0);
  });

  it('should log no error while stopping', () => {
    expect(errorLines(keel.output())).toEqual([]);
  });

  it('should stop the embedded PostgreSQL last, after Keel logged it stopped the rest', async () => {
    const messages = parseLogLines(keel.output()).map((line) => line['msg']);

    expect(messages.indexOf('embedded PostgreSQL stopped')).toBeGreaterThan(messages.indexOf('shutting down'));
    expect(existsSync(join(dataDir, 'postmaster.pid'))).toBe(false);
    expect(await processesUsing(dataDir)).toEqual([]);
  });
});
