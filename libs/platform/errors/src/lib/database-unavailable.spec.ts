import { isDatabaseUnavailable, isTransientConflict } from './database-unavailable';

function withCode(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('isDatabaseUnavailable', () => {
  it.each([
    ['a server shutting down (57P01)', withCode('terminating connection due to administrator command', '57P01')],
    ['a server starting up (57P03)', withCode('the database system is starting up', '57P03')],
    ['a connection exception (08006)', withCode('connection failure', '08006')],
    ['a refused connection', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['a dropped connection', new Error('Connection terminated unexpectedly')],
    [
      'a query error wrapping a driver error',
      Object.assign(new Error('query failed'), { driverError: withCode('x', '57P01') }),
    ],
  ])('should recognise %s', (_case, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation (23505)', withCode('duplicate key value violates unique constraint', '23505')],
    ['a syntax error (42601)', withCode('syntax error at or near', '42601')],
    ['a programming error', new TypeError('x is not a function')],
    ['a string', 'oops'],
  ])('should leave %s alone', (_case, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});

describe('isTransientConflict', () => {
  it('should recognise a deadlock and a serialization failure, wrapped or not', () => {
    expect(isTransientConflict(withCode('deadlock detected', '40P01'))).toBe(true);
    expect(isTransientConflict(Object.assign(new Error('q'), { driverError: withCode('x', '40001') }))).toBe(true);
  });

  it('should leave other errors alone', () => {
    expect(isTransientConflict(withCode('duplicate key value violates unique constraint', '23505'))).toBe(false);
    expect(isTransientConflict(new Error('boom'))).toBe(false);
  });
});
