import { QueryFailedError } from 'typeorm';
import { isUniqueViolation } from './unique-violation';

describe('isUniqueViolation', () => {
  it('should recognise a query error whose driver error is SQLSTATE 23505', () => {
    const error = new QueryFailedError('INSERT …', [], Object.assign(new Error('duplicate key'), { code: '23505' }));
    expect(isUniqueViolation(error)).toBe(true);
  });

  it.each([
    ['another SQLSTATE', new QueryFailedError('INSERT …', [], Object.assign(new Error('fk'), { code: '23503' }))],
    ['a plain error', new Error('23505')],
    ['a non-error', '23505'],
    ['null', null],
  ])('should not take %s for one', (_what, error) => {
    expect(isUniqueViolation(error)).toBe(false);
  });
});
