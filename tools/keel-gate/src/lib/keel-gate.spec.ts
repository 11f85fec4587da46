import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runKeelGate } from './keel-gate';

// keel-gate's own behaviour (arguments, the state file, exit codes, how problems print) against a small HTTP
// server that answers with Keel's wire format; test/keel-gate.e2e-spec.ts runs the built CLI against Keel itself.

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

type Answer = { status: number; body: unknown; contentType?: string };

const WORKSPACE = '0193a0c0-0000-7000-8000-000000000001';
const RELEASE = { id: '0193a0c0-0000-7000-8000-0000000000aa', product: 'keel', version: '1.4.0' };
const DIGEST = `sha256:${'ab'.repeat(32)}`;

let server: Server;
let baseUrl: string;
let routes: Map<string, (request: Received) => Answer>;
let received: Received[];
let folder: string;

beforeAll(async () => {
  server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const entry: Received = {
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks),
      };
      received.push(entry);
      const route = routes.get(`${entry.method} ${entry.url.split('?')[0]}`);
      const answer = route?.(entry) ?? { status: 404, body: { code: 'NOT_FOUND', status: 404, detail: 'no route' } };
      const contentType =
        answer.contentType ?? (answer.status >= 400 ? 'application/problem+json' : 'application/json');
      response.writeHead(answer.status, { 'content-type': contentType });
      response.end(JSON.stringify(answer.body));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.close();
  await once(server, 'close');
});

beforeEach(async () => {
  routes = new Map();
  received = [];
  folder = await mkdtemp(join(tmpdir(), 'keel-gate-'));
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

function path(suffix: string): string {
  return `/v1/workspaces/${WORKSPACE}${suffix}`;
}

async function keelGate(args: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runKeelGate(args, {
    env: { KEEL_URL: `${baseUrl}/`, KEEL_API_KEY: 'keel_test_secret', KEEL_WORKSPACE: WORKSPACE, ...env },
    cwd: folder,
    out: (line) => out.push(line),
    err: (line) => err.push(line),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

async function rememberRelease(): Promise<void> {
  routes.set(`POST ${path('/releases')}`, () => ({ status: 201, body: { ...RELEASE, artifacts: [] } }));
  expect(
    (
      await keelGate([
        'release',
        'create',
        '--product',
        'keel',
        '--version',
        '1.4.0',
        '--artifact',
        `linux/amd64=${DIGEST}`,
      ])
    ).code,
  ).toBe(0);
  received = [];
}

function evaluationAnswer(verdict: string, outcome: string) {
  return {
    id: 'evaluation-1',
    gate: { id: 'gate-1', key: 's01-ci', version: 1 },
    release: RELEASE,
    verdict,
    score: outcome === 'pass' ? 100 : 0,
    criteria: [{ key: 'no-failing-tests', outcome, reason: `failures = 2, must be == 0 (junit)` }],
    evaluatedAt: '2026-12-07T03:00:00.000Z',
    signature: 'eyJ…',
  };
}

describe('keel-gate', () => {
  it('should create a release with its artifacts, as the API key, and remember it in .keel-gate.json', async () => {
    routes.set(`POST ${path('/releases')}`, () => ({ status: 201, body: { ...RELEASE, artifacts: [] } }));

    const result = await keelGate([
      'release',
      'create',
      '--product',
      'keel',
      '--version',
      '1.4.0',
      '--commit',
      'abc123',
      '--artifact',
      `linux/amd64=${DIGEST}`,
      '--artifact',
      `linux/arm64=${DIGEST}`,
    ]);

    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out).toContain(`created release keel 1.4.0 (${RELEASE.id})`);
    expect(received[0].headers['authorization']).toBe('Bearer keel_test_secret');
    expect(JSON.parse(received[0].body.toString())).toEqual({
      product: 'keel',
      version: '1.4.0',
      commit: 'abc123',
      artifacts: [
        { platform: 'linux/amd64', digest: DIGEST },
        { platform: 'linux/arm64', digest: DIGEST },
      ],
    });
    expect(JSON.parse(await readFile(join(folder, '.keel-gate.json'), 'utf8'))).toEqual({
      keelUrl: baseUrl,
      workspaceId: WORKSPACE,
      release: RELEASE,
    });
  });

  it('should upload a file as multipart, its fields before the file, to the remembered release', async () => {
    await rememberRelease();
    await writeFile(join(folder, 'junit.xml'), '<testsuites tests="1" failures="0"/>');
    routes.set(`POST ${path(`/releases/${RELEASE.id}/evidence`)}`, () => ({
      status: 201,
      body: { id: 'evidence-1', type: 'junit', facts: { tests: 1, failures: 0, failingTests: [] } },
    }));

    const result = await keelGate(['evidence', 'upload', '--type', 'junit', 'junit.xml', '--platform', 'linux/amd64'], {
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: 'acme/keel',
      GITHUB_RUN_ID: '42',
    });

    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out).toContain('uploaded junit evidence evidence-1');
    expect(result.out).toContain('tests=1 failures=0');
    const upload = received[0];
    const form = await new Request('http://stand-in', {
      method: 'POST',
      headers: { 'content-type': String(upload.headers['content-type']) },
      body: upload.body,
    }).formData();
    expect([...form.keys()]).toEqual(['type', 'source', 'platform', 'file']);
    expect(form.get('source')).toBe('https://github.com/acme/keel/actions/runs/42');
    const file = form.get('file') as File;
    expect(file.name).toBe('junit.xml');
    expect(await file.text()).toBe('<testsuites tests="1" failures="0"/>');
  });

  it('should find the release by --product and --version, and evaluate the evidence of one platform', async () => {
    routes.set(`GET ${path('/releases')}`, (request) => ({
      status: 200,
      body: request.url.includes('cursor=next')
        ? { data: [RELEASE], nextCursor: null }
        : { data: [{ ...RELEASE, id: 'other', version: '1.5.0' }], nextCursor: 'next' },
    }));
    routes.set(`GET ${path('/gates')}`, () => ({
      status: 200,
      body: { data: [{ id: 'gate-1', key: 's01-ci' }], nextCursor: null },
    }));
    routes.set(`POST ${path(`/releases/${RELEASE.id}/evaluations`)}`, () => ({
      status: 201,
      body: evaluationAnswer('pass', 'pass'),
    }));

    const result = await keelGate([
      'evaluate',
      '--gate',
      's01-ci',
      '--product',
      'keel',
      '--version',
      '1.4.0',
      '--platform',
      'linux/arm64',
    ]);

    expect(result.code).toBe(0);
    expect(received[0].url).toBe(path('/releases?product=keel&limit=100'));
    expect(JSON.parse(received.at(-1)?.body.toString() ?? '')).toEqual({ gateId: 'gate-1', platform: 'linux/arm64' });
  });

  it.each([
    ['pass', 'pass', 0],
    ['warn', 'warn', 0],
    ['fail', 'fail', 1],
    ['incomplete', 'not_measured', 1],
  ])(
    'should exit on a %s verdict (criterion %s) with %i, printing the criterion and its reason',
    async (verdict, outcome, code) => {
      await rememberRelease();
      routes.set(`GET ${path('/gates')}`, () => ({
        status: 200,
        body: { data: [{ id: 'gate-1', key: 's01-ci' }], nextCursor: null },
      }));
      routes.set(`POST ${path(`/releases/${RELEASE.id}/evaluations`)}`, () => ({
        status: 201,
        body: evaluationAnswer(verdict, outcome),
      }));

      const result = await keelGate(['evaluate', '--gate', 's01-ci']);

      expect(result.code).toBe(code);
      expect(result.out).toContain(`${outcome.toUpperCase()}  no-failing-tests  failures = 2, must be == 0 (junit)`);
      expect(result.out).toContain(`verdict: ${verdict.toUpperCase()}`);
    },
  );

  it('should exit 2 with the problem code, detail, field errors and request id when Keel refuses', async () => {
    routes.set(`POST ${path('/releases')}`, () => ({
      status: 422,
      body: {
        code: 'VALIDATION_FAILED',
        status: 422,
        detail: '1 field failed validation: artifacts.0.digest.',
        errors: [
          { field: 'artifacts.0.digest', path: '$.artifacts[0].digest', message: 'digest must be sha256:<64 hex>' },
        ],
        requestId: 'req-7',
      },
    }));

    const result = await keelGate([
      'release',
      'create',
      '--product',
      'keel',
      '--version',
      '1.4.0',
      '--artifact',
      'linux/amd64=md5:1',
    ]);

    expect(result.code).toBe(2);
    expect(result.err).toContain('keel-gate: VALIDATION_FAILED (422): 1 field failed validation: artifacts.0.digest.');
    expect(result.err).toContain('$.artifacts[0].digest: digest must be sha256:<64 hex>');
    expect(result.err).toContain('requestId req-7');
  });

  it('should reuse the existing release with --reuse-existing when the version is taken', async () => {
    routes.set(`POST ${path('/releases')}`, () => ({ status: 409, body: { code: 'RELEASE_EXISTS', status: 409 } }));
    routes.set(`GET ${path('/releases')}`, () => ({ status: 200, body: { data: [RELEASE], nextCursor: null } }));

    const args = [
      'release',
      'create',
      '--product',
      'keel',
      '--version',
      '1.4.0',
      '--artifact',
      `linux/amd64=${DIGEST}`,
    ];
    expect((await keelGate(args)).code).toBe(2);
    const result = await keelGate([...args, '--reuse-existing']);

    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out).toContain(`reusing existing release keel 1.4.0 (${RELEASE.id})`);
  });

  it('should exit 2 naming Keel when it cannot be reached', async () => {
    const result = await keelGate(['evaluate', '--gate', 's01-ci', '--release', RELEASE.id], {
      KEEL_URL: 'http://127.0.0.1:1',
    });

    expect(result.code).toBe(2);
    expect(result.err).toContain('keel-gate: cannot reach Keel at http://127.0.0.1:1');
  });

  it('should exit 2 listing every missing variable', async () => {
    const result = await keelGate(['evaluate', '--gate', 's01-ci'], {
      KEEL_URL: '',
      KEEL_API_KEY: '',
      KEEL_WORKSPACE: '',
    });

    expect(result.code).toBe(2);
    expect(result.err).toMatch(/KEEL_URL is not set[\s\S]*KEEL_API_KEY is not set[\s\S]*KEEL_WORKSPACE is not set/);
  });

  it('should exit 2 with the usage for an unknown option, before calling Keel', async () => {
    const result = await keelGate(['evidence', 'upload', '--typ', 'junit', 'junit.xml']);

    expect(result.code).toBe(2);
    expect(result.err).toContain("Unknown option '--typ'");
    expect(result.err).toContain('usage: keel-gate evidence upload');
    expect(received).toEqual([]);
  });

  it('should refuse a state file written for another workspace', async () => {
    await rememberRelease();

    const result = await keelGate(['evaluate', '--gate', 's01-ci'], { KEEL_WORKSPACE: 'another-workspace' });

    expect(result.code).toBe(2);
    expect(result.err).toContain('remembers a release of another Keel or workspace');
    expect(received).toEqual([]);
  });
});
