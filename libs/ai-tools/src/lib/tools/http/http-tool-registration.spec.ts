import { registrationProblems } from './http-tool-registration';

const BUILT_INS = ['projects.list', 'comments.add'];

function registration(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'crm.lookup',
    description: 'Finds a contact by email.',
    inputSchema: { type: 'object', required: ['email'], properties: { email: { type: 'string' } } },
    request: {
      method: 'GET',
      url: 'https://crm.example.com/contacts?email={{input.email}}',
      headers: { authorization: 'Bearer {{secrets.CRM_TOKEN}}' },
    },
    secrets: ['CRM_TOKEN'],
    annotations: { readOnly: true },
    ...overrides,
  };
}

const paths = (body: unknown) => registrationProblems(body, BUILT_INS).map((problem) => problem.path);

describe('registrationProblems', () => {
  it('should accept a well-formed registration', () => {
    expect(registrationProblems(registration(), BUILT_INS)).toEqual([]);
  });

  it('should refuse a secret the registration does not name, at the header that uses it', () => {
    expect(paths(registration({ secrets: [] }))).toEqual(['$.request.headers.authorization']);
  });

  it('should refuse an input the schema does not declare', () => {
    const body = registration({ inputSchema: { type: 'object', properties: {} } });

    expect(paths(body)).toEqual(['$.request.url']);
  });

  it('should refuse a placeholder in the host, and a URL that is not http(s)', () => {
    const request = (url: string) => ({ method: 'GET', url, headers: {} });

    expect(paths(registration({ request: request('https://{{input.email}}/x') }))).toContain('$.request.url');
    expect(paths(registration({ request: request('ftp://crm.example.com/x') }))).toContain('$.request.url');
  });

  it('should refuse a built-in namespace, a body on GET, a reserved header and a destructive read', () => {
    const body = registration({
      name: 'projects.export',
      request: {
        method: 'GET',
        url: 'https://crm.example.com/x',
        headers: { Host: 'elsewhere' },
        bodyTemplate: {},
      },
      secrets: [],
      annotations: { readOnly: true, destructive: true },
    });

    expect(paths(body)).toEqual([
      '$.name',
      '$.request.headers.Host',
      '$.request.bodyTemplate',
      '$.annotations.destructive',
    ]);
  });

  it('should name shape problems at their JSON paths', () => {
    const body = registration({ request: { method: 'TRACE', url: 'https://crm.example.com' }, extra: 1 });

    expect(paths(body)).toEqual(expect.arrayContaining(['$.request.method', '$.extra']));
  });

  it('should refuse an input schema that is not an object schema or does not compile', () => {
    expect(paths(registration({ inputSchema: { type: 'string', properties: { email: {} } } }))).toEqual([
      '$.inputSchema.type',
    ]);
    expect(paths(registration({ inputSchema: { type: 'object', properties: { email: { type: 'nope' } } } }))).toEqual([
      '$.inputSchema',
    ]);
  });
});
