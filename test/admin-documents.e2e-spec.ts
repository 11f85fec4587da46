/**
 * What platform admins see of a workspace's documents, and what removing a
 * deleted workspace does to its blobs: the counts `documents` and
 * `storedBytes` (restricted documents included) and the overview's stored
 * bytes, then a deletion falling due that removes every row and every blob
 * of the workspace from the local blob store, proved by counting. Through the
 * built API on PostgreSQL as the production login.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { httpRequest, HttpResult, jsonObject } from './support/http';
import { bearerRequest } from './support/keel-admins';
import { KeelOnTestDatabase, startKeelOnTestDatabase } from './support/keel-on-test-database';
import { SignedInPerson, signUp } from './support/keel-people';
import { createWorkspace } from './support/keel-tenants';
import { pollUntil } from './support/poll';
import { makeTempDir, TempDir } from './support/temp-dir';

const HANDBOOK = '# Handbook\n\nEveryone ships on Fridays, carefully.\n';
const SECRET = 'The acquisition of Initech closes on Friday.';

/** Every file under `folder`, as paths relative to it. */
async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(folder.length + 1));
}

describe("platform admins and a workspace's documents", () => {
  let storage: TempDir;
  let keel: KeelOnTestDatabase;
  let admin: SignedInPerson;
  let owner: SignedInPerson;
  let workspaceId: string;

  const url = (path: string) => `${keel.keel.url}${path}`;
  const asAdmin = (path: string, method = 'GET', body?: unknown) =>
    bearerRequest(url(path), admin.accessToken, method, body);

  async function ok<T>(result: Promise<HttpResult>, status = 200): Promise<T> {
    const answer = await result;
    expect([answer.status, answer.text]).toEqual([status, expect.any(String)]);
    return jsonObject(answer) as T;
  }

  function upload(content: string, fileName: string, fields: Record<string, string>): Promise<HttpResult> {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    form.append('file', new Blob([content], { type: 'text/plain' }), fileName);
    return httpRequest(url(`/v1/workspaces/${workspaceId}/documents`), {
      method: 'POST',
      headers: { authorization: `Bearer ${owner.accessToken}` },
      body: form,
    });
  }

  beforeAll(async () => {
    storage = await makeTempDir('keel-admin-blobs');
    // No grace period: a deletion falls due at once and its job removes the workspace.
    keel = await startKeelOnTestDatabase({
      LOG_LEVEL: 'warn',
      STORAGE_DRIVER: 'local',
      STORAGE_DIR: storage.path,
      WORKSPACE_DELETE_GRACE_DAYS: '0',
    });
    admin = await signUp(keel.keel.url, 'documents-admin');
    // The grant command itself is covered by admin-access.e2e-spec.ts.
    await keel.database.dataSource.query(`INSERT INTO platform_admins (user_id, granted_by) VALUES ($1, 'cli:e2e')`, [
      admin.userId,
    ]);
    owner = await signUp(keel.keel.url, 'documents-owner');
    workspaceId = (await createWorkspace(owner, { name: 'Paperwork' })).id;
    await ok(upload(HANDBOOK, 'handbook.md', { title: 'Handbook' }), 201);
    await ok(
      upload(SECRET, 'deal.txt', { title: 'Project Falcon', visibility: 'restricted', allowedRoles: 'admin' }),
      201,
    );
  }, 180_000);

  afterAll(async () => {
    await keel?.stop();
    await storage?.remove();
  });

  const uploadedBytes = Buffer.byteLength(HANDBOOK) + Buffer.byteLength(SECRET);

  it('should count its documents, restricted ones included, and the bytes they hold', async () => {
    const workspace = await ok<{ counts: Record<string, number> }>(asAdmin(`/v1/admin/workspaces/${workspaceId}`));
    expect(workspace.counts).toEqual({ members: 1, projects: 0, documents: 2, storedBytes: uploadedBytes });
    const listed = await ok<{ data: { id: string; counts: Record<string, number> }[] }>(
      asAdmin(`/v1/admin/workspaces?q=${workspaceId}`),
    );
    expect(listed.data.map((row) => row.counts)).toEqual([workspace.counts]);
  });

  it("should show the platform's stored bytes in the overview", async () => {
    const overview = await ok<{ storedBytes: { value: number; computedAt: string } }>(
      asAdmin('/v1/admin/overview/refresh', 'POST'),
    );
    expect(overview.storedBytes).toEqual({ value: uploadedBytes, computedAt: expect.any(String) });
  });

  it('should remove every row and every blob of the workspace once its deletion is due', async () => {
    const stored = (await filesUnder(storage.path)).filter((file) => file.includes(workspaceId));
    expect(stored).toHaveLength(2);

    const answer = await asAdmin(`/v1/admin/workspaces/${workspaceId}`, 'DELETE', { reason: 'Closed by the customer' });
    expect(answer.status).toBe(202);
    await pollUntil(
      'the deleted workspace removed',
      async () => (await asAdmin(`/v1/admin/workspaces/${workspaceId}`)).status,
      (status) => status === 404,
      { timeoutMs: 60_000 },
    );

    // The rows go in one transaction (hence the 404), then the blobs, then the audit entry that counts both.
    const [entry] = await pollUntil(
      'the deletion audited',
      (): Promise<{ data: Record<string, unknown> }[]> =>
        keel.database.dataSource.query(
          `SELECT data FROM platform_audit_events WHERE action = 'workspace.deleted' AND target_id = $1`,
          [workspaceId],
        ),
      (entries) => entries.length === 1,
    );
    expect(entry.data).toMatchObject({
      deletedRows: expect.objectContaining({ documents: 2 }),
      remainingRows: 0,
      deletedBlobs: 2,
      remainingBlobs: 0,
    });
    expect((await filesUnder(storage.path)).filter((file) => file.includes(workspaceId))).toEqual([]);
    const [left] = await keel.database.dataSource.query(
      `SELECT count(*)::int AS count FROM documents WHERE workspace_id = $1`,
      [workspaceId],
    );
    expect(left.count).toBe(0);
  });
});
