import { connect } from 'node:net';
import { createTestDatabase, KeelProcess, startKeelProcess, TestDatabase } from '@keel/platform-testing';

/** Sends raw bytes and collects whatever the server answers until it closes the socket. */
function rawExchange(url: string, request: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(request));
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

describe('HTTP hygiene', () => {
  let database: TestDatabase;
  let keel: KeelProcess;

  beforeAll(async () => {
    database = await createTestDatabase();
    keel = await startKeelProcess({
      env: {
        DATABASE_URL: database.url,
        CORS_ORIGINS: 'https://app.example.com',
        REQUEST_TIMEOUT_MS: '1500',
        LOG_LEVEL: 'warn',
      },
    });
  });

  afterAll(async () => {
    await keel?.stop();
    await database?.drop();
  });

  it('should send security headers and no X-Powered-By', async () => {
    const response = await fetch(`${keel.url}/health/live`);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(response.headers.has('x-powered-by')).toBe(false);
  });

  it('should send the strict CSP on API answers and one that works over plain http on the docs page', async () => {
    const headersOf = async (path: string) => {
      const response = await fetch(`${keel.url}${path}`);
      await response.arrayBuffer();
      return {
        path,
        csp: response.headers.get('content-security-policy') ?? '',
        coop: response.headers.get('cross-origin-opener-policy'),
      };
    };
    for (const path of ['/health/live', '/openapi.json', '/v1/me', '/v1/auth/login', '/docsearch']) {
      const { csp, coop } = await headersOf(path);
      expect({ path, csp, coop }).toEqual({
        path,
        csp: expect.stringContaining('upgrade-insecure-requests') as string,
        coop: 'same-origin',
      });
      expect(csp).toContain("default-src 'self'");
    }
    for (const path of ['/docs', '/docs/', '/docs/swagger-ui-init.js', '/docs/swagger-ui-bundle.js']) {
      const { csp, coop } = await headersOf(path);
      // Over plain http at any address but loopback, the upgrade sends every asset to an https port nobody serves.
      expect({ path, upgrades: csp.includes('upgrade-insecure-requests'), coop }).toEqual({
        path,
        upgrades: false,
        coop: null,
      });
      for (const directive of [
        "default-src 'self'",
        "script-src 'self'",
        "object-src 'none'",
        "frame-ancestors 'self'",
      ]) {
        expect(csp).toContain(directive);
      }
    }
  });

  it('should allow a configured browser origin and expose the request id to it', async () => {
    const preflight = await fetch(`${keel.url}/health/live`, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example.com', 'access-control-request-method': 'GET' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://app.example.com');

    const response = await fetch(`${keel.url}/health/live`, { headers: { origin: 'https://app.example.com' } });
    expect(response.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(response.headers.get('access-control-expose-headers')).toContain('x-request-id');
  });

  it('should not allow any other origin', async () => {
    const response = await fetch(`${keel.url}/health/live`, { headers: { origin: 'https://evil.example.net' } });
    expect(response.headers.has('access-control-allow-origin')).toBe(false);
  });

  it('should answer 408 to a client that never finishes sending its request', async () => {
    const answer = await rawExchange(
      keel.url,
      'POST /v1/anything HTTP/1.1\r\nHost: keel\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"a"',
    );
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(answer).toMatch(/\r\ncontent-type: application\/problem\+json\r\n/i);
    expect(answer).toMatch(/"code":"REQUEST_TIMEOUT"/);
    expect(answer).toMatch(/\r\nx-request-id: \S+\r\n/i);
  });

  it('should answer an Expect it cannot meet with 417 as problem details', async () => {
    const answer = await rawExchange(
      keel.url,
      'POST /v1/auth/login HTTP/1.1\r\nHost: keel\r\nExpect: teapot\r\nContent-Length: 0\r\n\r\n',
    );
    expect(answer).toMatch(/^HTTP\/1\.1 417 /);
    expect(answer).toMatch(/\r\ncontent-type: application\/problem\+json\r\n/i);
    expect(answer).toMatch(/"code":"EXPECTATION_FAILED"/);
  });
});

describe('CORS by default', () => {
  let database: TestDatabase;
  let keel: KeelProcess;

  beforeAll(async () => {
    database = await createTestDatabase();
    keel = await startKeelProcess({ env: { DATABASE_URL: database.url, LOG_LEVEL: 'warn' } });
  });

  afterAll(async () => {
    await keel?.stop();
    await database?.drop();
  });

  it('should allow no cross-origin access at all', async () => {
    const preflight = await fetch(`${keel.url}/health/live`, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example.com', 'access-control-request-method': 'GET' },
    });
    expect(preflight.headers.has('access-control-allow-origin')).toBe(false);
  });
});
