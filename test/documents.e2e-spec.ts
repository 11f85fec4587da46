/**
 * Documents through the built API on real PostgreSQL, as a team uses them:
 * uploads of every supported kind (files made here) streamed to the local
 * blob store, sniffed from their bytes, ingested by a job run into chunks
 * that keep their structure, found by full-text search and retrieved with
 * citations; duplicates, refusals (415, 413) that leave nothing behind, a
 * corrupt PDF that goes dead with its reason and comes back through a bulk
 * reprocess, and restricted documents that the database hides from whoever
 * their roles do not allow — through every route.
 */
import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { HttpResult, httpRequest, jsonObject, postJson } from './support/http';
import { corruptPdf, docx, PNG, pdfWithPages, xlsx } from './support/document-files';
import { KeelOnTestDatabase, startKeelOnTestDatabase } from './support/keel-on-test-database';
import { SignedInPerson, signUp } from './support/keel-people';
import { addMember, createApiKey, createWorkspace } from './support/keel-tenants';
import { pollUntil } from './support/poll';
import { expectPermissionDenied, expectProblem } from './support/problem-details';
import { makeTempDir, TempDir } from './support/temp-dir';

type Json = Record<string, unknown>;

const MAX_BYTES = 200_000;
const MAX_ATTEMPTS = 2;

const PRICING_MD = [
  '# Pricing',
  '',
  'Keel is sold per seat. Every plan includes the audit trail.',
  '',
  '## Enterprise',
  '',
  'The Enterprise plan costs 40 EUR per seat and month, with single sign-on and a dedicated success manager.',
  '',
  '## Starter',
  '',
  'The Starter plan is free for up to five seats.',
  '',
].join('\n');

/** Every file under `folder`, relative. */
async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(folder.length + 1));
}

describe('documents', () => {
  let keel: KeelOnTestDatabase;
  let storage: TempDir;
  let baseUrl: string;
  let owner: SignedInPerson;
  let viewer: SignedInPerson;
  let finance: SignedInPerson;
  let workspaceId: string;
  let readerKey: string;
  let restrictedKey: string;

  const url = (path: string) => `${baseUrl}/v1/workspaces/${workspaceId}${path}`;
  const bearer = (credential: string) => ({ authorization: `Bearer ${credential}` });
  const get = (path: string, as: string = owner.accessToken): Promise<HttpResult> =>
    httpRequest(url(path), { headers: bearer(as) });
  const post = (path: string, body: unknown, as: string = owner.accessToken): Promise<HttpResult> =>
    postJson(url(path), body, bearer(as));
  const patch = (path: string, body: unknown, as: string = owner.accessToken): Promise<HttpResult> =>
    httpRequest(url(path), {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', ...bearer(as) },
      body: JSON.stringify(body),
    });
  const upload = (
    file: string | Buffer,
    fileName: string,
    fields: Record<string, string> = {},
    { type = '', as = owner.accessToken }: { type?: string; as?: string } = {},
  ): Promise<HttpResult> => {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    form.append('file', new Blob([file], { type }), fileName);
    return httpRequest(url('/documents'), { method: 'POST', headers: bearer(as), body: form });
  };
  const expectStatus = async (answer: Promise<HttpResult>, status: number): Promise<Json> => {
    const result = await answer;
    expect({ status: result.status, body: result.text.slice(0, 800) }).toMatchObject({ status });
    return jsonObject(result);
  };
  const documentOf = async (id: unknown): Promise<Json> => expectStatus(get(`/documents/${String(id)}`), 200);
  const settled = (id: unknown, status = 'indexed'): Promise<Json> =>
    pollUntil(
      `document ${String(id)} ${status}`,
      () => documentOf(id),
      (document) => document['status'] === status,
      { timeoutMs: 60_000 },
    );
  const uploadIndexed = async (
    file: string | Buffer,
    fileName: string,
    fields: Record<string, string> = {},
    type = '',
  ) => {
    const created = await expectStatus(upload(file, fileName, fields, { type }), 201);
    return settled(created['id']);
  };
  const search = async (query: string, as: string = owner.accessToken, extra = ''): Promise<Json[]> => {
    const body = await expectStatus(get(`/search?q=${encodeURIComponent(query)}${extra}`, as), 200);
    expect(body['mode']).toBe('lexical');
    return body['data'] as Json[];
  };
  const titlesOf = (hits: Json[]) => [...new Set(hits.map((hit) => hit['title']))];

  beforeAll(async () => {
    storage = await makeTempDir('keel-documents-storage');
    keel = await startKeelOnTestDatabase({
      STORAGE_DIR: storage.path,
      DOCUMENT_MAX_BYTES: String(MAX_BYTES),
      DOCUMENT_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
      CHUNK_MAX_TOKENS: '120',
    });
    baseUrl = keel.keel.url;
    owner = await signUp(baseUrl, 'documents-owner');
    workspaceId = String((await createWorkspace(owner, { name: 'Document Works' })).id);
    await expectStatus(
      post('/roles', { key: 'finance', name: 'Finance', permissions: ['documents:read', 'workspace:read'] }),
      201,
    );
    viewer = await addMember(baseUrl, owner, workspaceId, {
      email: 'documents-viewer@example.com',
      name: 'Documents Viewer',
      role: 'viewer',
    });
    finance = await addMember(baseUrl, owner, workspaceId, {
      email: 'documents-finance@example.com',
      name: 'Documents Finance',
      role: 'finance',
    });
    readerKey = (await createApiKey(owner, workspaceId, 'Reader', ['documents:read'])).key;
    restrictedKey = (
      await createApiKey(owner, workspaceId, 'Restricted reader', ['documents:read', 'documents:restricted'])
    ).key;
  }, 120_000);

  afterAll(async () => {
    await keel?.stop();
    await storage?.remove();
  });

  describe('upload and ingestion', () => {
    let pricing: Json;

    it('should take a Markdown file as 201 queued, store its bytes under a generated key, and index it by a job run', async () => {
      const created = await expectStatus(
        upload(PRICING_MD, '../../etc/pricing.md', { title: 'Pricing 2027', tags: 'pricing,sales' }),
        201,
      );
      expect(created).toMatchObject({
        title: 'Pricing 2027',
        fileName: 'pricing.md',
        mediaType: 'text/markdown',
        sizeBytes: Buffer.byteLength(PRICING_MD),
        sha256: createHash('sha256').update(PRICING_MD).digest('hex'),
        status: 'queued',
        tags: ['pricing', 'sales'],
        visibility: 'workspace',
        duplicate: false,
      });
      // The client's file name (even one that walks up) names nothing on disk: the key is generated.
      const files = await filesUnder(storage.path);
      expect(files).toContainEqual(expect.stringMatching(new RegExp(`^documents/${workspaceId}/[0-9a-f-]{36}$`)));
      expect(files.some((file) => file.includes('pricing') || file.includes('..'))).toBe(false);

      pricing = await settled(created['id']);
      expect(pricing).toMatchObject({ status: 'indexed', attempts: 1, lastError: null });
      expect(pricing['chunkCount']).toBeGreaterThanOrEqual(3);
      const stages = pricing['stages'] as Json;
      for (const stage of ['queuedAt', 'processingAt', 'extractedAt', 'indexedAt'])
        expect(stages[stage]).toEqual(expect.any(String));
      // Visible in the jobs ledger.
      const job = await expectStatus(get(`/jobs/${String(pricing['jobId'])}`), 200);
      expect(job).toMatchObject({ type: 'documents.ingest', status: 'succeeded' });
    });

    it('should find the passage under its heading path, with the matched terms marked', async () => {
      const hits = await search('enterprise seat');
      expect(hits[0]).toMatchObject({
        documentId: pricing['id'],
        title: 'Pricing 2027',
        headingPath: ['Pricing', 'Enterprise'],
        page: null,
      });
      expect(hits[0]['snippet']).toMatch(/<mark>Enterprise<\/mark>/);
      expect(hits[0]['score']).toEqual(expect.any(Number));
      // The query language: an excluded word and a phrase.
      const excluded = await search('plan -enterprise');
      expect(excluded.map((hit) => hit['headingPath'])).toEqual(expect.arrayContaining([['Pricing', 'Starter']]));
      expect(excluded.map((hit) => hit['headingPath'])).not.toContainEqual(['Pricing', 'Enterprise']);
      expect(await search('"free for up to five seats"')).toHaveLength(1);
      expect(await search('"five free seats"')).toEqual([]);
    });

    it('should answer the same bytes again with 200, the existing document and duplicate: true, keeping no second copy', async () => {
      const before = await filesUnder(storage.path);
      const again = await expectStatus(upload(PRICING_MD, 'copy.md', { title: 'Another title' }), 200);
      expect(again).toMatchObject({ id: pricing['id'], title: 'Pricing 2027', duplicate: true });
      expect(await filesUnder(storage.path)).toEqual(before);
    });

    it('should give the original bytes back with their media type, as an attachment', async () => {
      const content = await get(`/documents/${String(pricing['id'])}/content`);
      expect(content.status).toBe(200);
      expect(content.text).toBe(PRICING_MD);
      expect(content.headers.get('content-type')).toMatch(/^text\/markdown/);
      expect(content.headers.get('content-disposition')).toBe(
        `attachment; filename="pricing.md"; filename*=UTF-8''pricing.md`,
      );
    });

    it('should refuse bytes of no supported kind with 415 UNSUPPORTED_DOCUMENT_TYPE, whatever the name says, keeping nothing', async () => {
      const before = await filesUnder(storage.path);
      expectProblem(await upload(PNG, 'report.pdf', {}, { type: 'application/pdf' }), {
        status: 415,
        code: 'UNSUPPORTED_DOCUMENT_TYPE',
      });
      const zip = await xlsx({});
      expectProblem(await upload(Buffer.concat([Buffer.from([0, 1, 2, 0]), zip]), 'notes.txt'), {
        status: 415,
        code: 'UNSUPPORTED_DOCUMENT_TYPE',
      });
      expect(await filesUnder(storage.path)).toEqual(before);
    });

    it('should refuse a file over DOCUMENT_MAX_BYTES with 413, leaving nothing behind', async () => {
      const before = await filesUnder(storage.path);
      expectProblem(await upload('a'.repeat(MAX_BYTES + 1), 'big.txt'), { status: 413, code: 'PAYLOAD_TOO_LARGE' });
      expect(await filesUnder(storage.path)).toEqual(before);
    });

    it('should refuse a form without a file, with an unknown field, or with a bad visibility, with 422', async () => {
      const form = new FormData();
      form.append('title', 'No file');
      expectProblem(
        await httpRequest(url('/documents'), { method: 'POST', headers: bearer(owner.accessToken), body: form }),
        {
          status: 422,
          code: 'VALIDATION_FAILED',
        },
      );
      expectProblem(await upload('hello', 'a.txt', { owner: 'me' }), { status: 422, code: 'VALIDATION_FAILED' });
      expectProblem(await upload('hello', 'a.txt', { visibility: 'secret' }), {
        status: 422,
        code: 'VALIDATION_FAILED',
      });
      expectProblem(await postJson(url('/documents'), { title: 'json' }, bearer(owner.accessToken)), {
        status: 415,
        code: 'UNSUPPORTED_MEDIA_TYPE',
      });
    });

    it('should keep the pages of a PDF, and search them by page', async () => {
      const pdf = await pdfWithPages([
        ['Quarterly report', 'Revenue grew in every region.'],
        ['Outlook', 'The zebra migration project starts in March.'],
      ]);
      const document = await uploadIndexed(pdf, 'report.pdf', { title: 'Quarterly report' });
      expect(document).toMatchObject({ mediaType: 'application/pdf', pageCount: 2 });
      const [hit] = await search('zebra migration');
      expect(hit).toMatchObject({ documentId: document['id'], page: 2 });
    });

    it('should keep the headings of a DOCX and of HTML', async () => {
      const word = await docx([
        { style: 'Heading1', text: 'Handbook' },
        { style: 'Heading2', text: 'Travel' },
        { text: 'Book trains for journeys under six hours; flights need approval.' },
      ]);
      const document = await uploadIndexed(word, 'handbook.docx');
      expect(document['mediaType']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
      expect((await search('trains journeys'))[0]).toMatchObject({
        documentId: document['id'],
        headingPath: ['Handbook', 'Travel'],
      });

      const html =
        '<!doctype html><html><head><title>x</title><script>var hidden = "scriptword";</script></head><body><h1>Support</h1><h2>Hours</h2><p>We answer tickets around the clock &amp; on weekends.</p></body></html>';
      const page = await uploadIndexed(html, 'support.html');
      expect(page['mediaType']).toBe('text/html');
      expect((await search('tickets weekends'))[0]).toMatchObject({
        documentId: page['id'],
        headingPath: ['Support', 'Hours'],
      });
      expect(await search('scriptword')).toEqual([]);
    });

    it('should read CSV and XLSX as rows with their header, and JSON by its members', async () => {
      const csv = 'customer,plan,seats\nAcme Rockets,Enterprise,40\nGlobex,Starter,5\n';
      const table = await uploadIndexed(csv, 'customers.csv');
      expect(table['mediaType']).toBe('text/csv');
      const [row] = await search('Globex');
      expect(row).toMatchObject({ documentId: table['id'] });
      expect(row['snippet']).toMatch(/customer: <mark>Globex<\/mark> \| plan: Starter/);

      const workbook = await xlsx({
        Inventory: [
          ['item', 'warehouse'],
          ['Anvil', 'Toulouse'],
          ['Sprocket', 'Lyon'],
        ],
      });
      const sheet = await uploadIndexed(workbook, 'inventory.xlsx');
      expect(sheet['mediaType']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      expect((await search('Sprocket'))[0]).toMatchObject({ documentId: sheet['id'], headingPath: ['Inventory'] });

      const json = await uploadIndexed(
        JSON.stringify({ onboarding: 'Every newcomer gets a mentor.', limits: { seats: 5 } }),
        'config.json',
      );
      expect(json['mediaType']).toBe('application/json');
      expect((await search('newcomer mentor'))[0]).toMatchObject({
        documentId: json['id'],
        headingPath: ['onboarding'],
      });
    });

    it('should let a corrupt PDF fail, retry it, and leave it dead with its reason; a bulk reprocess queues it again', async () => {
      const created = await expectStatus(upload(corruptPdf('one'), 'broken.pdf'), 201);
      expect(created['mediaType']).toBe('application/pdf');
      const dead = await settled(created['id'], 'dead');
      expect(dead).toMatchObject({ attempts: MAX_ATTEMPTS, maxAttempts: MAX_ATTEMPTS, chunkCount: 0 });
      expect(dead['lastError']).toEqual({
        code: 'EXTRACTION_FAILED',
        message: expect.stringMatching(/^The PDF could not be read: /),
      });
      expect((dead['stages'] as Json)['failedAt']).toEqual(expect.any(String));
      const job = await expectStatus(get(`/jobs/${String(dead['jobId'])}`), 200);
      expect(job).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS });

      const listed = await expectStatus(get('/documents?status=dead'), 200);
      expect((listed['data'] as Json[]).map((document) => document['id'])).toEqual([created['id']]);

      expect(await expectStatus(post('/documents/reprocess', { status: 'dead' }), 200)).toEqual({ queued: 1 });
      const again = await documentOf(created['id']);
      expect(again['jobId']).not.toBe(dead['jobId']);
      const deadAgain = await settled(created['id'], 'dead');
      expect(deadAgain['attempts']).toBe(MAX_ATTEMPTS);
      expect(await expectStatus(post('/documents/reprocess', { status: 'failed' }), 200)).toEqual({ queued: 0 });
    });

    it('should reprocess one document, and refuse while it is queued with 409 DOCUMENT_PROCESSING', async () => {
      const queued = await expectStatus(post(`/documents/${String(pricing['id'])}/reprocess`, {}), 200);
      expect(queued['status']).toBe('queued');
      expectProblem(await post(`/documents/${String(pricing['id'])}/reprocess`, {}), {
        status: 409,
        code: 'DOCUMENT_PROCESSING',
      });
      const indexed = await settled(pricing['id']);
      expect(indexed['chunkCount']).toBe(pricing['chunkCount']);
      // Replaced, not added to: the passage is found once.
      expect((await search('enterprise seat')).filter((hit) => hit['documentId'] === pricing['id'])).toHaveLength(1);
    });

    it('should change title and tags with PATCH, and filter lists by tag, status and title', async () => {
      const changed = await expectStatus(
        patch(`/documents/${String(pricing['id'])}`, { title: 'Price list', tags: ['pricing'] }),
        200,
      );
      expect(changed).toMatchObject({ title: 'Price list', tags: ['pricing'] });
      const renamed = (await search('enterprise seat')).filter((hit) => hit['documentId'] === pricing['id']);
      expect(renamed.map((hit) => hit['title'])).toEqual(['Price list']);
      // The title is in the search vector (weight A): the new one is found, the old one no more.
      expect((await search('"price list"')).map((hit) => hit['documentId'])).toContain(pricing['id']);
      const byTag = await expectStatus(get('/documents?tag=pricing'), 200);
      expect((byTag['data'] as Json[]).map((document) => document['id'])).toEqual([pricing['id']]);
      const byTitle = await expectStatus(get('/documents?q=PRICE'), 200);
      expect((byTitle['data'] as Json[]).map((document) => document['id'])).toEqual([pricing['id']]);
      const page = await expectStatus(get('/documents?limit=2'), 200);
      expect(page['data']).toHaveLength(2);
      const next = await expectStatus(get(`/documents?limit=2&cursor=${String(page['nextCursor'])}`), 200);
      expect((next['data'] as Json[])[0]['id']).not.toBe((page['data'] as Json[])[1]['id']);
      expectProblem(await patch(`/documents/${String(pricing['id'])}`, { visibility: 'everyone' }), {
        status: 422,
        code: 'VALIDATION_FAILED',
      });
    });

    it('should retrieve the best chunks for a question, with citations', async () => {
      const body = await expectStatus(
        post('/retrieve', { query: 'What does the enterprise plan cost per seat?', k: 3 }),
        200,
      );
      const [best] = body['data'] as Json[];
      expect(best).toMatchObject({
        documentId: pricing['id'],
        headingPath: ['Pricing', 'Enterprise'],
        citation: {
          documentId: pricing['id'],
          title: 'Price list',
          page: null,
          headingPath: ['Pricing', 'Enterprise'],
        },
      });
      expect(best['content']).toContain('40 EUR per seat');
      expectProblem(await post('/retrieve', { query: 'x', k: 51 }), { status: 422, code: 'VALIDATION_FAILED' });
    });

    it('should delete a document, its chunks and its bytes once; the second delete is 404', async () => {
      const document = await uploadIndexed('The walrus report is short.', 'walrus.txt');
      expect(await search('walrus')).toHaveLength(1);
      const files = await filesUnder(storage.path);
      const deleted = await httpRequest(url(`/documents/${String(document['id'])}`), {
        method: 'DELETE',
        headers: bearer(owner.accessToken),
      });
      expect(deleted.status).toBe(204);
      expect(await search('walrus')).toEqual([]);
      expect((await filesUnder(storage.path)).length).toBe(files.length - 1);
      expectProblem(
        await httpRequest(url(`/documents/${String(document['id'])}`), {
          method: 'DELETE',
          headers: bearer(owner.accessToken),
        }),
        { status: 404, code: 'NOT_FOUND' },
      );
      expectProblem(await get(`/documents/${String(document['id'])}/content`), { status: 404, code: 'NOT_FOUND' });
    });
  });

  describe('restricted documents', () => {
    let secret: Json;

    beforeAll(async () => {
      secret = await uploadIndexed('The acquisition of Initech closes on Friday.', 'deal.txt', {
        title: 'Project Falcon',
        visibility: 'restricted',
        allowedRoles: 'finance',
      });
    });

    it('should be invisible to a viewer through list, get, content, search and retrieve', async () => {
      const as = viewer.accessToken;
      const list = await expectStatus(get('/documents', as), 200);
      expect((list['data'] as Json[]).map((document) => document['id'])).not.toContain(secret['id']);
      expectProblem(await get(`/documents/${String(secret['id'])}`, as), { status: 404, code: 'NOT_FOUND' });
      expectProblem(await get(`/documents/${String(secret['id'])}/content`, as), { status: 404, code: 'NOT_FOUND' });
      expect(await search('Initech acquisition', as)).toEqual([]);
      const retrieved = await expectStatus(post('/retrieve', { query: 'Initech acquisition' }, as), 200);
      expect(retrieved['data']).toEqual([]);
    });

    it('should be invisible to an API key without documents:restricted, and visible with it', async () => {
      expect(await search('Initech', readerKey)).toEqual([]);
      expectProblem(await get(`/documents/${String(secret['id'])}`, readerKey), { status: 404, code: 'NOT_FOUND' });
      expect(titlesOf(await search('Initech', restrictedKey))).toEqual(['Project Falcon']);
    });

    it('should be visible to its allowed role and to the owner, through every route', async () => {
      for (const as of [finance.accessToken, owner.accessToken]) {
        expect((await documentOf(secret['id']))['title']).toBe('Project Falcon');
        expect((await get(`/documents/${String(secret['id'])}`, as)).status).toBe(200);
        expect((await get(`/documents/${String(secret['id'])}/content`, as)).text).toBe(
          'The acquisition of Initech closes on Friday.',
        );
        expect(titlesOf(await search('Initech acquisition', as))).toEqual(['Project Falcon']);
        const retrieved = await expectStatus(post('/retrieve', { query: 'Initech' }, as), 200);
        expect((retrieved['data'] as Json[]).map((hit) => hit['documentId'])).toEqual([secret['id']]);
      }
    });

    it('should follow a visibility change at once, chunks included', async () => {
      await expectStatus(patch(`/documents/${String(secret['id'])}`, { visibility: 'workspace' }), 200);
      expect(titlesOf(await search('Initech', viewer.accessToken))).toEqual(['Project Falcon']);
      await expectStatus(
        patch(`/documents/${String(secret['id'])}`, { visibility: 'restricted', allowedRoles: ['finance'] }),
        200,
      );
      expect(await search('Initech', viewer.accessToken)).toEqual([]);
    });

    it('should refuse a viewer any write with 403', async () => {
      expectPermissionDenied(await upload('viewer notes', 'notes.txt', {}, { as: viewer.accessToken }), 'documents:write');
    });
  });
});
