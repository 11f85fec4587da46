import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Client } from 'pg';
import { KeelProcess, startKeelProcess } from '@keel/platform-testing';
import { KeelOnTestDatabase, startKeelOnTestDatabase } from './support/keel-on-test-database';
import { parseLogLines } from './support/log-lines';
import { ConnectionOutcome, tryNewConnection } from './support/new-connection';
import { pollUntil } from './support/poll';
import { CompleteResponse, openSlowUpload } from './support/slow-upload';
import { makeTempDir, TempDir } from './support/temp-dir';
import { processesUsing } from './support/processes-using';

const pause = (ms: number) => new Promise((wait) => setTimeout(wait, ms));

/** Resolves once the process has logged that it received the signal and started shutting down. */
function shuttingDown(keel: KeelProcess): Promise<unknown> {
  return pollUntil(
    'the "shutting down" log line',
    async () => keel.output(),
    (output) => parseLogLines(output).some((line) => line['msg'] === 'shutting down'),
    { timeoutMs: 10_000, intervalMs: 20 },
  );
}

describe('SIGTERM during a slow request', () => {
  let keel: KeelOnTestDatabase;
  let response: CompleteResponse;
  let answeredBeforeBodyEnded = false;
  let afterSignal: ConnectionOutcome;
  let exitCode: number | NodeJS.Signals | null;

  beforeAll(async () => {
    keel = await startKeelOnTestDatabase();
    const body = JSON.stringify({ parts: Array.from({ length: 10 }, (_, index) => ({ index, data: 'x'.repeat(40) })) });
    const pieces = body.match(/[\s\S]{1,50}/g) ?? [body];

    const upload = openSlowUpload(`${keel.keel.url}/v1/slow-upload`, Buffer.byteLength(body));
    let bodyEnded = false;
    void upload.response.then(
      () => (answeredBeforeBodyEnded = !bodyEnded),
      () => undefined,
    );
    await upload.write(pieces[0]);
    // Answered only once the server has read what came before it: the upload's headers and first piece.
    expect((await fetch(`${keel.keel.url}/health/live`)).status).toBe(200);

    keel.keel.child.kill('SIGTERM');
    await shuttingDown(keel.keel);
    afterSignal = await tryNewConnection(keel.keel.url);

    // The rest of the body, trickled over about two seconds.
    for (const piece of pieces.slice(1)) {
      await pause(2_000 / pieces.length);
      await upload.write(piece);
    }
    bodyEnded = true;
    upload.end();
    response = await upload.response;
    exitCode = await keel.keel.exited;
  });

  afterAll(async () => {
    await keel?.stop();
  });

  it('should give the in-flight request a complete response once its body is in', () => {
    expect(answeredBeforeBodyEnded).toBe(false);
    expect(response.status).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Buffer.byteLength(response.body)).toBe(Number(response.headers['content-length']));
    expect(JSON.parse(response.body)).toMatchObject({ status: 404, code: 'NOT_FOUND' });
  });

  it('should refuse a new connection, or answer it 503, once the signal has arrived', () => {
    expect(['refused', 503]).toContain(afterSignal);
  });

  it('should exit with code 0', () => {
    expect(exitCode).toBe(0);
  });

  it('should log that it stopped', () => {
    const messages = parseLogLines(keel.keel.output()).map((line) => line['msg']);

    expect(messages.indexOf('stopped')).toBeGreaterThan(messages.indexOf('shutting down'));
  });
});

describe('SIGTERM with the embedded PostgreSQL', () => {
  let dir: TempDir;
  let dataDir: string;
  let env: Record<string, string | undefined>;

  /** A superuser client on the embedded server `keel` is running, found from its own log line. */
  async function connectTo(keel: KeelProcess): Promise<Client> {
    const started = parseLogLines(keel.output()).find((line) => line['msg'] === 'embedded PostgreSQL started');
    if (!started) throw new Error(`no "embedded PostgreSQL started" line in:\n${keel.output()}`);
    const password = (await readFile(`${dataDir}.password`, 'utf8')).trim();
    const client = new Client({
      host: '127.0.0.1',
      port: Number(started['port']),
      user: 'postgres',
      password,
      database: 'keel',
    });
    await client.connect();
    return client;
  }

  beforeAll(async () => {
    dir = await makeTempDir('keel-e2e-embedded');
    dataDir = join(dir.path, 'postgres');
    env = { DATABASE_URL: undefined, EMBEDDED_PG_DIR: dataDir, EMBEDDED_PG_PORT: '0', LOG_LEVEL: 'info' };
  });

  afterAll(async () => {
    await dir?.remove();
  });

  describe('the first run', () => {
    let keel: KeelProcess;
    let exitCode: number | NodeJS.Signals | null;

    beforeAll(async () => {
      keel = await startKeelProcess({ env });
      const client = await connectTo(keel);
      try {
        await client.query('CREATE TABLE e2e_marker (note text NOT NULL)');
        await client.query("INSERT INTO e2e_marker VALUES ('written before SIGTERM')");
      } finally {
        await client.end();
      }
      exitCode = await keel.stop('SIGTERM');
    });

    afterAll(async () => {
      await keel?.stop('SIGKILL');
    });

    it('should exit with code 0', () => {
      expect(exitCode).toBe(0);
    });

    it('should stop the embedded PostgreSQL: no postmaster.pid and no postgres process left for its folder', async () => {
      expect(existsSync(join(dataDir, 'postmaster.pid'))).toBe(false);
      expect(await processesUsing(dataDir)).toEqual([]);
    });
  });

  describe('the next run on the same folder', () => {
    let keel: KeelProcess;
    let markers: string[];
    let migrations: string[];

    beforeAll(async () => {
      keel = await startKeelProcess({ env });
      const client = await connectTo(keel);
      try {
        markers = (await client.query<{ note: string }>('SELECT note FROM e2e_marker')).rows.map((row) => row.note);
        migrations = (await client.query<{ name: string }>('SELECT name FROM typeorm_migrations')).rows.map(
          (row) => row.name,
        );
      } finally {
        await client.end();
      }
    });

    afterAll(async () => {
      await keel?.stop('SIGTERM');
    });

    it('should find the data written by the first run', () => {
      expect(markers).toEqual(['written before SIGTERM']);
      expect(migrations).toContain('DatabaseRoles1763800000000');
    });

    it('should find the schema current and apply no migration again', () => {
      const messages = parseLogLines(keel.output()).map((line) => line['msg']);

      expect(messages).toContain('database schema is current');
      expect(messages).not.toContain('migrations applied');
    });

    it('should stop again on SIGTERM with code 0, leaving no PostgreSQL behind', async () => {
      expect(await processesUsing(dataDir)).not.toEqual([]);

      expect(await keel.stop('SIGTERM')).toBe(0);
      expect(existsSync(join(dataDir, 'postmaster.pid'))).toBe(false);
      expect(await processesUsing(dataDir)).toEqual([]);
    });
  });
});
