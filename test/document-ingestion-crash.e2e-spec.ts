/**
 * A worker killed (SIGKILL) in the middle of ingesting a document: the
 * document stays `processing` with its previous chunks untouched, the jobs
 * reaper hands the run back once its heartbeat is stale, another worker
 * ingests it, and it ends indexed exactly once — every chunk written once,
 * none left over from the killed attempt.
 */
import { KeelProcess, startKeelProcess } from '@keel/platform-testing';
import { httpRequest, jsonObject } from './support/http';
import { createKeelTestDatabase, KeelTestDatabase } from './support/keel-on-test-database';
import { SignedInPerson, signUp } from './support/keel-people';
import { createWorkspace } from './support/keel-tenants';
import { pollUntil } from './support/poll';
import { makeTempDir, TempDir } from './support/temp-dir';

type Json = Record<string, unknown>;

const ROWS = 100_000;

describe('a document whose ingesting worker is killed', () => {
  let database: KeelTestDatabase;
  let storage: TempDir;
  let api: KeelProcess;
  const workers: KeelProcess[] = [];
  let owner: SignedInPerson;
  let workspaceId: string;

  const env = () => ({ DATABASE_URL: database.login.url, STORAGE_DIR: storage.path, LOG_LEVEL: 'warn' });

  beforeAll(async () => {
    storage = await makeTempDir('keel-crash-storage');
    database = await createKeelTestDatabase();
    api = await startKeelProcess({ env: { ...env(), KEEL_ROLE: 'api' } });
    owner = await signUp(api.url, 'ingestion-crash-owner');
    workspaceId = String((await createWorkspace(owner, { name: 'Crash Documents' })).id);
  }, 120_000);

  afterAll(async () => {
    for (const worker of workers) await worker.stop('SIGKILL').catch(() => undefined);
    await api?.stop('SIGTERM');
    await database?.database.drop();
    await storage?.remove();
  });

  it('should be ingested again by another worker and end indexed exactly once', async () => {
    const auth = { authorization: `Bearer ${owner.accessToken}` };
    const documentOf = async (id: string): Promise<Json> =>
      jsonObject(await httpRequest(`${api.url}/v1/workspaces/${workspaceId}/documents/${id}`, { headers: auth }));
    const csv = ['customer,plan,seats,region'];
    for (let row = 0; row < ROWS; row++) csv.push(`Customer ${row},Plan ${row % 7},${row % 90},Region ${row % 13}`);
    const form = new FormData();
    form.append('file', new Blob([csv.join('\n')]), 'customers.csv');
    const uploaded = jsonObject(
      await httpRequest(`${api.url}/v1/workspaces/${workspaceId}/documents`, {
        method: 'POST',
        headers: auth,
        body: form,
      }),
    );
    const id = String(uploaded['id']);
    expect(uploaded['status']).toBe('queued');

    workers.push(await startKeelProcess({ entry: 'dist/apps/worker/main.js', env: env() }));
    await pollUntil(
      `document ${id} processing`,
      () => documentOf(id),
      (document) => document['status'] === 'processing',
      {
        timeoutMs: 60_000,
        intervalMs: 50,
      },
    );
    await workers[0].stop('SIGKILL');
    // Nothing of the killed attempt was committed.
    const [{ count: afterKill }] = await database.database.dataSource.query(
      'SELECT count(*)::int AS count FROM document_chunks WHERE document_id = $1',
      [id],
    );
    expect(afterKill).toBe(0);
    expect((await documentOf(id))['status']).toBe('processing');

    workers.push(await startKeelProcess({ entry: 'dist/apps/worker/main.js', env: env() }));
    const indexed = await pollUntil(
      `document ${id} indexed`,
      () => documentOf(id),
      (document) => document['status'] === 'indexed',
      {
        timeoutMs: 180_000,
        intervalMs: 500,
      },
    );
    expect(indexed['attempts']).toBe(2);
    const [chunks] = await database.database.dataSource.query(
      `SELECT count(*)::int AS count, count(DISTINCT position)::int AS positions, min(position) AS first, max(position) AS last
         FROM document_chunks WHERE document_id = $1`,
      [id],
    );
    expect(chunks).toEqual({
      count: indexed['chunkCount'],
      positions: indexed['chunkCount'],
      first: 0,
      last: Number(indexed['chunkCount']) - 1,
    });
    // Every row is in exactly one chunk.
    const [{ rows }] = await database.database.dataSource.query(
      `SELECT sum(array_length(regexp_split_to_array(content, E'\\n'), 1))::int AS rows FROM document_chunks WHERE document_id = $1`,
      [id],
    );
    expect(rows).toBe(ROWS);
  }, 300_000);
});
