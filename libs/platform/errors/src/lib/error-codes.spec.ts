import { codeForStatus, ERROR_CODES, ErrorCode, PROBLEM_TYPE_BASE, problemType } from './error-codes';

const codes = Object.keys(ERROR_CODES) as ErrorCode[];

describe('the error code registry', () => {
  it.each(codes)('should give %s an UPPER_SNAKE code, an error status and a title', (code) => {
    const { status, title } = ERROR_CODES[code];

    expect(code).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/);
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThanOrEqual(599);
    expect(title.trim()).not.toBe('');
  });

  it('should give every code its own type URI and title', () => {
    expect(new Set(codes.map(problemType)).size).toBe(codes.length);
    expect(new Set(codes.map((code) => ERROR_CODES[code].title)).size).toBe(codes.length);
  });

  it('should derive the type URI from the code', () => {
    expect(problemType('IDEMPOTENCY_KEY_REUSED')).toBe(`${PROBLEM_TYPE_BASE}idempotency-key-reused`);
  });

  it('should include the codes the API promises', () => {
    expect(codes).toEqual(
      expect.arrayContaining([
        'NOT_FOUND',
        'MALFORMED_JSON',
        'PAYLOAD_TOO_LARGE',
        'UNSUPPORTED_MEDIA_TYPE',
        'VALIDATION_FAILED',
        'VERSION_CONFLICT',
        'IDEMPOTENCY_KEY_REUSED',
        'INTERNAL',
      ]),
    );
  });
});

describe('codeForStatus', () => {
  // A bare status says nothing about what went wrong beyond the status itself, so it maps to the generic code.
  it.each<[number, ErrorCode]>([
    [400, 'BAD_REQUEST'],
    [401, 'UNAUTHENTICATED'],
    [403, 'PERMISSION_DENIED'],
    [404, 'NOT_FOUND'],
    [405, 'METHOD_NOT_ALLOWED'],
    [408, 'REQUEST_TIMEOUT'],
    [409, 'CONFLICT'],
    [413, 'PAYLOAD_TOO_LARGE'],
    [414, 'URI_TOO_LONG'],
    [415, 'UNSUPPORTED_MEDIA_TYPE'],
    [431, 'HEADERS_TOO_LARGE'],
    [429, 'RATE_LIMITED'],
    [503, 'SERVICE_UNAVAILABLE'],
    [418, 'BAD_REQUEST'],
    [502, 'INTERNAL'],
  ])('should map status %i to %s', (status, code) => {
    expect(codeForStatus(status)).toBe(code);
  });
});
