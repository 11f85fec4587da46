/** PostgreSQL's SQLSTATE for a unique constraint that a write would break. */
const UNIQUE_VIOLATION = '23505';

/**
 * Whether a TypeORM query error is a unique-key violation: how a service
 * turns the database's decision in a race (two sign-ups for one address, two
 * roles with one key) into its own 409 instead of a 500.
 */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || !('driverError' in error)) return false;
  const { driverError } = error as { driverError?: { code?: unknown } };
  return driverError?.code === UNIQUE_VIOLATION;
}
