/**
 * Workspace bundles: an owner exports a workspace (a job run writing a
 * versioned archive into the blob store) and downloads it; a platform admin
 * imports a bundle into a new workspace. Through the built API on
 * PostgreSQL as the production login, with the local blob store.
 */
import { createHash } from 'node:crypto';
import { bearerRequest } from './support/keel-admins';
import {
  BundleFiles,
  jsonLines,
  linesOf,
  manifestOf,
  packBundle,
  rewriteBundle,
  sha256Of,
  unpackBundle,
} from './support/bundle-files';
import { httpRequest, HttpResult, jsonObject } from './support/http';
import { KeelOnTestDatabase, startKeelOnTestDatabase } from './support/keel-on-test-database';
import { SignedInPerson, signUp } from './support/keel-people';
import {
  createApiKey,
  OWNER_ONLY_PERMISSIONS,
  permissionCatalog,
  populateWorkspace,
  PopulatedWorkspace,
} from './support/keel-tenants';
import { pollUntil } from './support/poll';
import { expectProblem } from './support/problem-details';
import { makeTempDir, TempDir } from './support/temp-dir';
import { workspaceDrained } from './support/workspace-history';

interface ExportRecord {
  id: string;
  status: string;
  jobId: string;
  formatVersion: number;
  sha256: string | null;
  sizeBytes: number | null;
  counts: Record<string, number> | null;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
}

interface ImportRecord {
  id: string;
  status: string;
  workspaceId: string;
  jobId: string;
  bundleSha256: string;
  bundleSizeBytes: number;
  formatVersion: number;
  forced: boolean;
  counts: Record<string, number> | null;
  invited: string[] | null;
  error: string | null;
}

const UUIDS = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const TIMES = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})/g;

/** A bundle's content apart from ids and times: each table's lines (ids and times blanked, sorted) and its blobs' hashes. */
function contentOf(files: BundleFiles): Record<string, string[]> {
  const content: Record<string, string[]> = { blobs: [] };
  for (const [path, bytes] of files) {
    if (path.startsWith('blobs/')) content['blobs'].push(sha256Of(bytes));
    if (!path.startsWith('tables/')) continue;
    content[path] = bytes
      .toString('utf8')
      .split('\n')
      .filter((line) => line.length > 0)
      .map((line) => line.replace(UUIDS, '<id>').replace(TIMES, '<time>'))
      .sort();
  }
  content['blobs'].sort();
  return content;
}

describe('workspace bundles', () => {
  let storage: TempDir;
  let keel: KeelOnTestDatabase;
  let admin: SignedInPerson;
  let source: PopulatedWorkspace;

  const url = (path: string) => `${keel.keel.url}${path}`;

  /** POST …/exports as `person`, then the export once its job has finished. */
  async function exportWorkspace(person: SignedInPerson, workspaceId: string): Promise<ExportRecord> {
    const started = await bearerRequest(url(`/v1/workspaces/${workspaceId}/exports`), person.accessToken, 'POST');
    expect([started.status, started.text]).toEqual([202, expect.any(String)]);
    const record = jsonObject(started) as unknown as ExportRecord;
    return pollUntil(
      'the export to finish',
      async () =>
        jsonObject(
          await bearerRequest(url(`/v1/workspaces/${workspaceId}/exports/${record.id}`), person.accessToken),
        ) as unknown as ExportRecord,
      (current) => current.status === 'succeeded' || current.status === 'failed',
      { timeoutMs: 60_000 },
    );
  }

  async function download(person: SignedInPerson, workspaceId: string, exportId: string) {
    const response = await fetch(url(`/v1/workspaces/${workspaceId}/exports/${exportId}/download`), {
      headers: { authorization: `Bearer ${person.accessToken}` },
    });
    return { response, bytes: Buffer.from(await response.arrayBuffer()) };
  }

  /** POST /v1/admin/imports with `archive` as its file, and `fields`. */
  function upload(archive: Buffer, fields: Record<string, string> = {}, query = '', credential = admin.accessToken) {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    form.append('file', new Blob([archive], { type: 'application/gzip' }), 'workspace.tar.gz');
    return httpRequest(url(`/v1/admin/imports${query}`), {
      method: 'POST',
      headers: { authorization: `Bearer ${credential}` },
      body: form,
    });
  }

  /** The import once its job has finished. */
  async function imported(started: HttpResult): Promise<ImportRecord> {
    expect([started.status, started.text]).toEqual([202, expect.any(String)]);
    const record = jsonObject(started) as unknown as ImportRecord;
    return pollUntil(
      'the import to finish',
      async () =>
        jsonObject(
          await bearerRequest(url(`/v1/admin/imports/${record.id}`), admin.accessToken),
        ) as unknown as ImportRecord,
      (current) => current.status === 'succeeded' || current.status === 'failed',
      { timeoutMs: 60_000 },
    );
  }

  /** The first export of `source`, as downloaded, and its files. */
  let archive: Buffer;
  let files: BundleFiles;

  beforeAll(async () => {
    storage = await makeTempDir('keel-bundles');
    keel = await startKeelOnTestDatabase({ LOG_LEVEL: 'warn', STORAGE_DRIVER: 'local', STORAGE_DIR: storage.path });
    admin = await signUp(keel.keel.url, 'bundles-admin');
    // The grant command itself is covered by admin-access.e2e-spec.ts.
    await keel.database.dataSource.query(`INSERT INTO platform_admins (user_id, granted_by) VALUES ($1, 'cli:e2e')`, [
      admin.userId,
    ]);
    source = await populateWorkspace(keel.keel.url, 'bundled');
    // The automation's comment, the document's chunks: everything populating set off is done before exporting.
    await workspaceDrained(keel.database.dataSource, source.id);
  }, 180_000);

  afterAll(async () => {
    await keel?.stop();
    await storage?.remove();
  });

  describe('exports', () => {
    let record: ExportRecord;

    it('should export the workspace as a job run, with its counts, size and SHA-256', async () => {
      record = await exportWorkspace(source.owner, source.id);
      expect(record).toMatchObject({
        status: 'succeeded',
        formatVersion: 2,
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        sizeBytes: expect.any(Number),
        error: null,
        finishedAt: expect.any(String),
      });
      expect(record.counts).toMatchObject({
        members: 2,
        roles: 5,
        projects: 1,
        comments: 2,
        automation_rules: 1,
        webhook_endpoints: 1,
        gates: 1,
        documents: 1,
        blobs: 1,
      });

      const run = jsonObject(
        await bearerRequest(url(`/v1/workspaces/${source.id}/jobs/${record.jobId}`), source.owner.accessToken),
      );
      expect(run).toMatchObject({
        id: record.jobId,
        type: 'admin.workspace-export',
        status: 'succeeded',
        progress: 100,
      });
    });

    it('should download the archive the export describes, as a gzip attachment', async () => {
      const { response, bytes } = await download(source.owner, source.id, record.id);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/gzip');
      expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="keel-bundle-.+\.tar\.gz"$/);
      expect(bytes.length).toBe(record.sizeBytes);
      expect(sha256Of(bytes)).toBe(record.sha256);
      files = await unpackBundle(bytes);
      archive = bytes;
    });

    it('should hold a manifest first that lists every file with its size and SHA-256', () => {
      expect([...files.keys()][0]).toBe('manifest.json');
      const manifest = manifestOf(files);
      expect(manifest).toMatchObject({
        format: 'keel-bundle',
        version: 2,
        workspace: { id: source.id, name: source.name, slug: source.slug },
        counts: record.counts,
      });
      expect(manifest.files.map((file) => file.path).sort()).toEqual(
        [...files.keys()].filter((path) => path !== 'manifest.json').sort(),
      );
      for (const file of manifest.files) {
        const bytes = files.get(file.path) ?? Buffer.alloc(0);
        expect({ path: file.path, sha256: sha256Of(bytes), sizeBytes: bytes.length }).toEqual({
          path: file.path,
          sha256: file.sha256,
          sizeBytes: file.sizeBytes,
        });
      }
    });

    it("should carry the members as emails and role keys, the workspace's tables and the documents' bytes", () => {
      expect(linesOf(files, 'members').map(({ email, roleKey }) => ({ email, roleKey }))).toEqual([
        { email: 'bundled-member@example.com', roleKey: 'member' },
        { email: 'bundled-owner@example.com', roleKey: 'owner' },
      ]);
      expect(linesOf(files, 'projects')).toEqual([
        expect.objectContaining({ id: source.project.id, key: source.project.key, name: source.project.name }),
      ]);
      expect(linesOf(files, 'comments').map((comment) => comment['body'])).toContain(source.comment.body);
      expect(linesOf(files, 'gates')).toEqual([expect.objectContaining({ id: source.gate.id, key: source.gate.key })]);
      const [document] = linesOf(files, 'documents');
      expect(document).toMatchObject({ id: source.document.id, title: source.document.title });
      expect(document).not.toHaveProperty('blob_key');
      const blob = files.get(`blobs/${source.document.id}`) ?? Buffer.alloc(0);
      expect(createHash('sha256').update(blob).digest('hex')).toBe(source.document.sha256);
      // No row carries the workspace's id: an import gives every row its new workspace.
      for (const path of files.keys()) {
        if (path.startsWith('tables/')) expect(files.get(path)?.toString()).not.toContain('"workspace_id"');
      }
    });

    it("should never carry a webhook endpoint's signing secret", () => {
      const [endpoint] = linesOf(files, 'webhook_endpoints');
      expect(endpoint).toMatchObject({ id: source.webhookEndpoint.id, url: source.webhookEndpoint.url });
      expect(Object.keys(endpoint).filter((column) => column.includes('secret'))).toEqual([]);
      const everything = [...files.values()].map((bytes) => bytes.toString('latin1')).join('');
      expect(everything).not.toContain(source.webhookEndpoint.secret);
    });

    it('should refuse a member who is not the owner with 403, on starting, reading and downloading', async () => {
      const member = source.member;
      expectProblem(await bearerRequest(url(`/v1/workspaces/${source.id}/exports`), member.accessToken, 'POST'), {
        status: 403,
        code: 'PERMISSION_DENIED',
      });
      expectProblem(await bearerRequest(url(`/v1/workspaces/${source.id}/exports/${record.id}`), member.accessToken), {
        status: 403,
        code: 'PERMISSION_DENIED',
      });
      const { response } = await download(member, source.id, record.id);
      expect(response.status).toBe(403);
    });

    it('should let a platform admin who is no member export the workspace, in the platform audit log', async () => {
      const byAdmin = await exportWorkspace(admin, source.id);
      expect(byAdmin).toMatchObject({ status: 'succeeded', counts: record.counts });
      const { response, bytes } = await download(admin, source.id, byAdmin.id);
      expect([response.status, sha256Of(bytes)]).toEqual([200, byAdmin.sha256]);

      const audit = jsonObject(
        await bearerRequest(url(`/v1/admin/audit-events?targetId=${source.id}`), admin.accessToken),
      ) as { data: { action: string; actor: { id: string }; data: Record<string, unknown> }[] };
      expect(audit.data.map(({ action, actor, data }) => [action, actor.id, data['exportId']]).reverse()).toEqual([
        ['workspaces.export', admin.userId, byAdmin.id],
        ['workspaces.export.download', admin.userId, byAdmin.id],
      ]);
      // The admin is still no member: everything else of the workspace stays out of reach.
      expectProblem(await bearerRequest(url(`/v1/workspaces/${source.id}/projects`), admin.accessToken), {
        status: 404,
        code: 'WORKSPACE_NOT_FOUND',
      });
    });

    it('should answer 404 to a person who is neither a member nor a platform admin', async () => {
      const stranger = await signUp(keel.keel.url, 'bundles-stranger');
      expectProblem(await bearerRequest(url(`/v1/workspaces/${source.id}/exports`), stranger.accessToken, 'POST'), {
        status: 404,
        code: 'WORKSPACE_NOT_FOUND',
      });
    });

    it('should answer 404 for an export of another workspace', async () => {
      expectProblem(
        await bearerRequest(url(`/v1/workspaces/${source.id}/exports/${source.project.id}`), source.owner.accessToken),
        { status: 404, code: 'NOT_FOUND' },
      );
    });
  });

  describe('imports', () => {
    let first: ImportRecord;

    it('should import a bundle into a new workspace whose export holds the same content apart from ids and times', async () => {
      first = await imported(await upload(archive));
      expect(first).toMatchObject({
        status: 'succeeded',
        bundleSha256: sha256Of(archive),
        bundleSizeBytes: archive.length,
        formatVersion: 2,
        forced: false,
        invited: [],
        error: null,
      });
      expect(first.workspaceId).not.toBe(source.id);
      expect(first.counts).toMatchObject({ members: 2, invited: 0, projects: 1, documents: 1, blobs: 1 });

      // The owner, matched by email, owns the new workspace and can export it in turn.
      const again = await exportWorkspace(source.owner, first.workspaceId);
      expect(again.status).toBe('succeeded');
      const { bytes } = await download(source.owner, first.workspaceId, again.id);
      const reexported = await unpackBundle(bytes);
      expect(contentOf(reexported)).toEqual(contentOf(files));
      expect(manifestOf(reexported).counts).toEqual(manifestOf(files).counts);
      expect(manifestOf(reexported).workspace).toMatchObject({ id: first.workspaceId, name: source.name });
    });

    it('should remap every id consistently, so the new rows point at each other and not at the old workspace', async () => {
      const asOwner = (path: string) => bearerRequest(url(path), source.owner.accessToken);
      const projects = jsonObject(await asOwner(`/v1/workspaces/${first.workspaceId}/projects`)) as {
        data: { id: string; key: string }[];
      };
      expect(projects.data.map((project) => project.key)).toEqual([source.project.key]);
      const [project] = projects.data;
      expect(project.id).not.toBe(source.project.id);
      const comments = jsonObject(
        await asOwner(`/v1/workspaces/${first.workspaceId}/projects/${project.id}/comments`),
      ) as { data: { body: string }[] };
      expect(comments.data.map((comment) => comment.body)).toContain(source.comment.body);
      const document = await asOwner(`/v1/workspaces/${first.workspaceId}/documents`);
      expect(jsonObject(document)).toMatchObject({
        data: [expect.objectContaining({ title: source.document.title, sha256: source.document.sha256 })],
      });
      const [{ leftovers }] = await keel.database.dataSource.query(
        `SELECT count(*)::int AS leftovers FROM (
           SELECT id FROM projects WHERE workspace_id = $1 AND id IN (SELECT id FROM projects WHERE workspace_id = $2)
           UNION ALL
           SELECT id FROM comments WHERE workspace_id = $1 AND project_id IN (SELECT id FROM projects WHERE workspace_id = $2)
         ) AS shared`,
        [first.workspaceId, source.id],
      );
      expect(leftovers).toBe(0);
    });

    it('should refuse the same bundle again with 409 BUNDLE_ALREADY_IMPORTED, and import it again when forced', async () => {
      expectProblem(await upload(archive), {
        status: 409,
        code: 'BUNDLE_ALREADY_IMPORTED',
        extensions: { importId: first.id, workspaceId: first.workspaceId },
      });
      const forced = await imported(await upload(archive, { force: 'true' }));
      expect(forced).toMatchObject({ status: 'succeeded', forced: true });
      expect(forced.workspaceId).not.toBe(first.workspaceId);
      const byQuery = await imported(await upload(archive, {}, '?force=true'));
      expect(byQuery).toMatchObject({ status: 'succeeded', forced: true });
    });

    it('should upgrade a version 1 bundle and invite the members who have no account here', async () => {
      // Version 1 called the members' role key `role`.
      const members: Record<string, unknown>[] = linesOf(files, 'members').map(({ roleKey, ...member }) => ({
        ...member,
        role: roleKey,
      }));
      members.push({ userId: '0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a99', email: 'newcomer@example.com', role: 'member' });
      const versionOne = rewriteBundle(files, {
        files: { 'tables/members.jsonl': jsonLines(members) },
        manifest: (manifest) => ({ ...manifest, version: 1 }),
      });
      const record = await imported(await upload(await packBundle(versionOne)));
      expect(record).toMatchObject({ status: 'succeeded', formatVersion: 1, invited: ['newcomer@example.com'] });
      const memberships: { email: string; role_key: string }[] = await keel.database.dataSource.query(
        `SELECT u.email, m.role_key FROM memberships m JOIN users u ON u.id = m.user_id
          WHERE m.workspace_id = $1 ORDER BY u.email`,
        [record.workspaceId],
      );
      expect(memberships).toEqual([
        { email: 'bundled-member@example.com', role_key: 'member' },
        { email: 'bundled-owner@example.com', role_key: 'owner' },
      ]);
      const invites = jsonObject(
        await bearerRequest(url(`/v1/workspaces/${record.workspaceId}/invites`), source.owner.accessToken),
      ) as { data: { email: string; role: string }[] };
      expect(invites.data).toEqual([expect.objectContaining({ email: 'newcomer@example.com', role: 'member' })]);
    });

    it('should answer 422 BUNDLE_INVALID for a file that is no bundle, a changed file, an unknown format or version', async () => {
      const notAnArchive = Buffer.from('PK\u0003\u0004 this is not a gzipped tar');
      const changed: BundleFiles = new Map(files);
      changed.set('tables/projects.jsonl', Buffer.from('{"id": "tampered"}\n'));
      const unknownFormat = rewriteBundle(files, { manifest: (manifest) => ({ ...manifest, format: 'zip-bundle' }) });
      const future = rewriteBundle(files, { manifest: (manifest) => ({ ...manifest, version: 3 }) });
      const cut = archive.subarray(0, Math.floor(archive.length / 2));
      const answers = [
        await upload(notAnArchive),
        await upload(await packBundle(changed)),
        await upload(await packBundle(unknownFormat)),
        await upload(await packBundle(future)),
        await upload(cut),
      ];
      const details = answers.map((answer) => expectProblem(answer, { status: 422, code: 'BUNDLE_INVALID' }).detail);
      expect(details[1]).toContain('tables/projects.jsonl');
      expect(details[2]).toContain('zip-bundle');
      expect(details[3]).toContain('3');
      // Nothing was imported: no workspace, no import record.
      const [{ imports }] = await keel.database.dataSource.query(
        `SELECT count(*)::int AS imports FROM platform_imports`,
      );
      expect(imports).toBe(4);
    });

    it('should refuse an API key holding every scope and a person who is no platform admin, and audit the imports', async () => {
      const scopes = (await permissionCatalog(source.owner)).filter(
        (permission) => !OWNER_ONLY_PERMISSIONS.includes(permission),
      );
      const key = await createApiKey(source.owner, source.id, 'Every scope', scopes);
      expectProblem(await upload(archive, { force: 'true' }, '', key.key), { status: 403, code: 'PERMISSION_DENIED' });
      expectProblem(await upload(archive, { force: 'true' }, '', source.owner.accessToken), {
        status: 403,
        code: 'PLATFORM_ADMIN_REQUIRED',
      });
      expectProblem(await bearerRequest(url(`/v1/admin/imports/${first.id}`), key.key), {
        status: 403,
        code: 'PERMISSION_DENIED',
      });

      const audit = jsonObject(
        await bearerRequest(url('/v1/admin/audit-events?action=imports.create'), admin.accessToken),
      ) as { data: { actor: { id: string }; data: { status: number } }[] };
      // The admin's own imports, each answered: four accepted, the refused repeat, the five bad bundles.
      expect(audit.data.map((entry) => [entry.actor.id, entry.data.status]).sort()).toEqual(
        [202, 202, 202, 202, 409, 422, 422, 422, 422, 422].map((status) => [admin.userId, status]).sort(),
      );
    });
  });
});
