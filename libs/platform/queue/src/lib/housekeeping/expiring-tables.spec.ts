import { ExpiringTables } from './expiring-tables';

describe('ExpiringTables', () => {
  it('should list the tables registered, in order', () => {
    const tables = new ExpiringTables();

    tables.register({ table: 'idempotency_records', expiresAtColumn: 'expires_at' });
    tables.register({ table: 'identity.sessions', expiresAtColumn: 'valid_until' });

    expect(tables.list()).toEqual([
      { table: 'idempotency_records', expiresAtColumn: 'expires_at' },
      { table: 'identity.sessions', expiresAtColumn: 'valid_until' },
    ]);
  });

  // Both names are written into the DELETE statement, so only plain identifiers get in.
  it.each([
    ['a statement in the table name', { table: 'sessions; DROP TABLE users', expiresAtColumn: 'expires_at' }],
    ['a quoted table name', { table: '"Sessions"', expiresAtColumn: 'expires_at' }],
    ['a three-part name', { table: 'db.identity.sessions', expiresAtColumn: 'expires_at' }],
    ['an expression as the column', { table: 'sessions', expiresAtColumn: 'expires_at OR true' }],
    ['an empty column', { table: 'sessions', expiresAtColumn: '' }],
  ])('should refuse %s', (_case, table) => {
    const tables = new ExpiringTables();

    expect(() => tables.register(table)).toThrow(/plain SQL identifier/);
    expect(tables.list()).toEqual([]);
  });
});
