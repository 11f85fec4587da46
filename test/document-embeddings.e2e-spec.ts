/**
 * Hybrid search through the built API on real PostgreSQL, with embeddings
 * from a local server that speaks OpenAI's wire format (the official SDK
 * calls it): chunks are embedded when indexed, a query that shares no word
 * with a passage still finds it by meaning, exclusions and visibility hold
 * on the vector half too, an unchanged chunk is never embedded twice, and a
 * provider outage fails ingestion with its reason (then reprocess recovers)
 * while search falls back to full text and says so.
 */
import { HttpResult, httpRequest, jsonObject, postJson } from './support/http';
import { EmbeddingsStandIn, startEmbeddingsStandIn } from './support/embeddings-stand-in';
import { KeelOnTestDatabase, startKeelOnTestDatabase } from './support/keel-on-test-database';
import { SignedInPerson, signUp } from './support/keel-people';
import { addMember, createWorkspace } from './support/keel-tenants';
import { pollUntil } from './support/poll';
import { makeTempDir, TempDir } from './support/temp-dir';

type Json = Record<string, unknown>;

const FLEET_MD = [
  '# Fleet handbook',
  '',
  '## Company cars',
  '',
  'Every company car is serviced by the garage on Elm Street once a year or every 15,000 kilometres.',
  '',
  '## Parking',
  '',
  'Staff park on level two of the office garage.',
  '',
].join('\n');

const PRICING_MD = ['# Price list', '', 'The Team plan is 12 EUR per seat and month.', ''].join('\n');

const REPAIRS_MD = ['# Workshop', '', 'Vehicle repairs above 2,000 EUR need the board.', ''].join('\n');

describe('document embeddings and hybrid search', () => {
  let standIn: EmbeddingsStandIn;
  let keel: KeelOnTestDatabase;
  let storage: TempDir;
  let baseUrl: string;
  let owner: SignedInPerson;
  let viewer: SignedInPerson;
  let workspaceId: string;
  let fleet: Json;
  let pricing: Json;

  const url = (path: string) => `${baseUrl}/v1/workspaces/${workspaceId}${path}`;
  const bearer = (credential: string) => ({ authorization: `Bearer ${credential}` });
  const get = (path: string, as = owner.accessToken): Promise<HttpResult> =>
    httpRequest(url(path), { headers: bearer(as) });
  const post = (path: string, body: unknown, as = owner.accessToken): Promise<HttpResult> =>
    postJson(url(path), body, bearer(as));
  const ok = async (answer: Promise<HttpResult>, status = 200): Promise<Json> => {
    const result = await answer;
    expect({ status: result.status, body: result.text.slice(0, 800) }).toMatchObject({ status });
    return jsonObject(result);
  };
  const upload = (text: string, fileName: string, fields: Record<string, string> = {}) => {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    form.append('file', new Blob([text]), fileName);
    return ok(httpRequest(url('/documents'), { method: 'POST', headers: bearer(owner.accessToken), body: form }), 201);
  };
  const settled = (id: unknown, status: string): Promise<Json> =>
    pollUntil(
      `document ${String(id)} ${status}`,
      () => ok(get(`/documents/${String(id)}`)),
      (document) => document['status'] === status,
      { timeoutMs: 60_000 },
    );
  const search = (query: string, as = owner.accessToken) => ok(get(`/search?q=${encodeURIComponent(query)}`, as));
  const titles = (answer: Json) => (answer['data'] as Json[]).map((hit) => hit['title']);

  beforeAll(async () => {
    standIn = await startEmbeddingsStandIn();
    storage = await makeTempDir('keel-embeddings-storage');
    keel = await startKeelOnTestDatabase({
      STORAGE_DIR: storage.path,
      DOCUMENT_MAX_ATTEMPTS: '1',
      EMBEDDINGS_PROVIDER: 'openai',
      EMBEDDINGS_BASE_URL: standIn.baseUrl,
      EMBEDDINGS_API_KEY: standIn.apiKey,
      EMBEDDINGS_MODEL: 'stand-in-embedding-1',
      CHUNK_MAX_TOKENS: '60',
    });
    baseUrl = keel.keel.url;
    owner = await signUp(baseUrl, 'embeddings-owner');
    workspaceId = String((await createWorkspace(owner, { name: 'Embedding Works' })).id);
    viewer = await addMember(baseUrl, owner, workspaceId, {
      email: 'embeddings-viewer@example.com',
      name: 'Embeddings Viewer',
      role: 'viewer',
    });
    fleet = await settled((await upload(FLEET_MD, 'fleet.md', { title: 'Fleet handbook' }))['id'], 'indexed');
    pricing = await settled((await upload(PRICING_MD, 'pricing.md', { title: 'Price list' }))['id'], 'indexed');
  }, 120_000);

  afterAll(async () => {
    await keel?.stop();
    await standIn?.close();
    await storage?.remove();
  });

  it('should report both search modes and the model on /health/ready', async () => {
    const ready = await ok(httpRequest(`${baseUrl}/health/ready`));
    expect((ready['details'] as Json)['search']).toEqual({
      status: 'up',
      modes: ['lexical', 'hybrid'],
      embeddingModel: 'stand-in-embedding-1',
    });
  });

  it('should embed every chunk once when indexing, through the SDK, with the key and the configured model', () => {
    expect(standIn.inputs.length).toBe(Number(fleet['chunkCount']) + Number(pricing['chunkCount']));
    expect(standIn.inputs.some((text) => text.includes('Elm Street'))).toBe(true);
    for (const request of standIn.requests) {
      expect(request).toEqual({
        authorization: `Bearer ${standIn.apiKey}`,
        model: 'stand-in-embedding-1',
        encoding: 'base64',
      });
    }
  });

  it('should find a passage by meaning when no word matches, in hybrid mode, with a snippet', async () => {
    const answer = await search('automobile upkeep');
    expect(answer['mode']).toBe('hybrid');
    const [best] = answer['data'] as Json[];
    expect(best).toMatchObject({ title: 'Fleet handbook', headingPath: ['Fleet handbook', 'Company cars'] });
    expect(String(best['snippet'])).toContain('Elm Street');
    expect(best['score']).toBeGreaterThan(0);
  });

  it('should find nothing for a query about nothing in the workspace', async () => {
    const answer = await search('quarterly tax filing');
    expect(answer).toEqual({ mode: 'hybrid', data: [] });
  });

  it('should still rank a full-text match first and fuse both halves', async () => {
    const answer = await search('seat price');
    expect(answer['mode']).toBe('hybrid');
    expect(titles(answer)[0]).toBe('Price list');
    expect(String((answer['data'] as Json[])[0]['snippet'])).toContain('<mark>seat</mark>');
  });

  it('should honour -excluded words on the vector half too', async () => {
    expect(titles(await search('automobile upkeep'))).toContain('Fleet handbook');
    expect(titles(await search('automobile upkeep -kilometres'))).not.toContain('Fleet handbook');
  });

  it('should retrieve by meaning with citations', async () => {
    const answer = await ok(post('/retrieve', { query: 'How often is the automobile maintained?', k: 3 }));
    expect(answer['mode']).toBe('hybrid');
    expect((answer['data'] as Json[])[0]).toMatchObject({
      title: 'Fleet handbook',
      citation: { documentId: fleet['id'], headingPath: ['Fleet handbook', 'Company cars'] },
    });
  });

  it('should keep a restricted document out of the vector half for a role it does not allow', async () => {
    const repairs = await upload(REPAIRS_MD, 'repairs.md', {
      title: 'Workshop rules',
      visibility: 'restricted',
      allowedRoles: 'admin',
    });
    await settled(repairs['id'], 'indexed');
    expect(titles(await search('automobile upkeep'))).toContain('Workshop rules');
    const asViewer = await search('automobile upkeep', viewer.accessToken);
    expect(asViewer['mode']).toBe('hybrid');
    expect(titles(asViewer)).not.toContain('Workshop rules');
    expect(titles(asViewer)).toContain('Fleet handbook');
  });

  it('should never pay twice for an unchanged chunk: a reprocess reads every vector from the cache', async () => {
    const before = standIn.inputs.length;
    await ok(post(`/documents/${String(fleet['id'])}/reprocess`, {}));
    await settled(fleet['id'], 'indexed');
    expect(standIn.inputs.length).toBe(before);
    expect(titles(await search('automobile upkeep'))).toContain('Fleet handbook');
  });

  it('should fail ingestion with EMBEDDING_FAILED while the provider is down, and recover on reprocess', async () => {
    standIn.failWith = 503;
    try {
      const holidays = await upload('# Holidays\n\nEveryone has 28 days of paid vacation.\n', 'holidays.md', {
        title: 'Holidays',
      });
      const dead = await settled(holidays['id'], 'dead');
      expect(dead['lastError']).toEqual({ code: 'EMBEDDING_FAILED', message: 'The embeddings provider answered 503.' });
      expect(JSON.stringify(dead)).not.toContain(standIn.apiKey);

      // Search does not fail with the provider: it answers by full text alone, and says so.
      const fallback = await search('Elm Street');
      expect(fallback['mode']).toBe('lexical');
      expect(titles(fallback)).toEqual(['Fleet handbook']);
      expect((await search('automobile upkeep'))['data']).toEqual([]);

      standIn.failWith = null;
      await ok(post(`/documents/${String(holidays['id'])}/reprocess`, {}));
      await settled(holidays['id'], 'indexed');
      expect(titles(await search('leave days'))).toContain('Holidays');
    } finally {
      standIn.failWith = null;
    }
  });

  it('should never write the provider key to the logs', () => {
    expect(keel.keel.output()).not.toContain(standIn.apiKey);
  });
});
