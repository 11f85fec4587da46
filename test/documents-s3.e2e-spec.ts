/**
 * Documents through the built API with the s3 blob store (STORAGE_DRIVER=s3)
 * against a local S3-compatible server (s3rver): an upload is stored as an
 * object under a generated key in the bucket, ingested from there, served
 * back byte for byte, refused when too large with no object left behind (the
 * multipart upload is aborted), and its object is removed with the document.
 * The credentials never reach the logs.
 */
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { S3CompatibleServer, startS3CompatibleServer } from '@keel/platform-testing';
import { HttpResult, httpRequest, jsonObject } from './support/http';
import { pdfWithPages } from './support/document-files';
import { KeelOnTestDatabase, startKeelOnTestDatabase } from './support/keel-on-test-database';
import { SignedInPerson, signUp } from './support/keel-people';
import { createWorkspace } from './support/keel-tenants';
import { pollUntil } from './support/poll';
import { expectProblem } from './support/problem-details';

type Json = Record<string, unknown>;

const BUCKET = 'keel-documents';
const SECRET_ACCESS_KEY = 'S3RVER-secret-never-logged';
const MAX_BYTES = 100_000;

describe('documents on the s3 blob store', () => {
  let server: S3CompatibleServer;
  let s3: S3Client;
  let keel: KeelOnTestDatabase;
  let baseUrl: string;
  let owner: SignedInPerson;
  let workspaceId: string;

  const url = (path: string) => `${baseUrl}/v1/workspaces/${workspaceId}${path}`;
  const bearer = () => ({ authorization: `Bearer ${owner.accessToken}` });
  const ok = async (answer: Promise<HttpResult>, status = 200): Promise<Json> => {
    const result = await answer;
    expect({ status: result.status, body: result.text.slice(0, 800) }).toMatchObject({ status });
    return jsonObject(result);
  };
  const upload = (bytes: Buffer | string, fileName: string, fields: Record<string, string> = {}) => {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    form.append('file', new Blob([bytes]), fileName);
    return httpRequest(url('/documents'), { method: 'POST', headers: bearer(), body: form });
  };
  const objectKeys = async (): Promise<string[]> => {
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET }));
    return (listed.Contents ?? []).map((object) => String(object.Key));
  };

  beforeAll(async () => {
    server = await startS3CompatibleServer(BUCKET);
    const { endpoint, accessKeyId } = server;
    s3 = new S3Client({
      region: 'us-east-1',
      endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId, secretAccessKey: SECRET_ACCESS_KEY },
    });
    keel = await startKeelOnTestDatabase({
      STORAGE_DRIVER: 's3',
      S3_BUCKET: BUCKET,
      S3_ENDPOINT: endpoint,
      S3_ACCESS_KEY_ID: accessKeyId,
      S3_SECRET_ACCESS_KEY: SECRET_ACCESS_KEY,
      DOCUMENT_MAX_BYTES: String(MAX_BYTES),
    });
    baseUrl = keel.keel.url;
    owner = await signUp(baseUrl, 's3-documents-owner');
    workspaceId = String((await createWorkspace(owner, { name: 'Bucket Works' })).id);
  }, 120_000);

  afterAll(async () => {
    await keel?.stop();
    s3?.destroy();
    await server?.close();
  });

  it('should store a PDF as an object under a generated key, ingest it from the bucket and serve it back byte for byte', async () => {
    const pdf = await pdfWithPages([['Bucket policy'], ['Objects are kept for seven years.']]);
    const created = await ok(upload(pdf, '../../etc/policy.pdf', { title: 'Retention policy' }), 201);
    expect(await objectKeys()).toEqual([expect.stringMatching(new RegExp(`^documents/${workspaceId}/[0-9a-f-]{36}$`))]);

    const indexed = await pollUntil(
      'the PDF indexed',
      () => ok(httpRequest(url(`/documents/${String(created['id'])}`), { headers: bearer() })),
      (document) => document['status'] === 'indexed',
      { timeoutMs: 60_000 },
    );
    expect(indexed).toMatchObject({ pageCount: 2, lastError: null });

    const content = await fetch(url(`/documents/${String(created['id'])}/content`), { headers: bearer() });
    expect(content.status).toBe(200);
    expect(Buffer.from(await content.arrayBuffer()).equals(pdf)).toBe(true);

    const found = await ok(httpRequest(url('/search?q=seven%20years'), { headers: bearer() }));
    expect((found['data'] as Json[])[0]).toMatchObject({ documentId: created['id'], page: 2 });
  });

  it('should refuse a file over DOCUMENT_MAX_BYTES with 413 and leave no object in the bucket', async () => {
    const before = await objectKeys();
    expectProblem(await upload('x'.repeat(MAX_BYTES + 1), 'big.txt'), { status: 413, code: 'PAYLOAD_TOO_LARGE' });
    expect(await objectKeys()).toEqual(before);
  });

  it('should remove the object with the document', async () => {
    const created = await ok(upload('Short-lived note.', 'note.txt'), 201);
    const keys = await objectKeys();
    expect(keys).toHaveLength(2);
    const deleted = await httpRequest(url(`/documents/${String(created['id'])}`), {
      method: 'DELETE',
      headers: bearer(),
    });
    expect(deleted.status).toBe(204);
    expect(await objectKeys()).toHaveLength(1);
  });

  it('should never write the secret access key to the logs', () => {
    expect(keel.keel.output()).not.toContain(SECRET_ACCESS_KEY);
  });
});
