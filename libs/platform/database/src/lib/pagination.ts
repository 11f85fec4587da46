import { DomainError, isUuid } from '@keel/platform-errors';

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

/** Cursors are opaque to clients: the sort values of the last item, JSON in base64url. */
export function encodeCursor(values: readonly string[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

/** The sort values a cursor carries; a cursor we did not make is a 422 on `cursor`, never a database error. */
export function decodeCursor(cursor: string | undefined, arity: number): string[] | undefined {
  if (cursor === undefined) return undefined;
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    values = undefined;
  }
  if (!Array.isArray(values) || values.length !== arity || !values.every((value) => typeof value === 'string')) {
    throw foreignCursor();
  }
  return values;
}

function foreignCursor(): DomainError {
  return new DomainError('VALIDATION_FAILED', 'The cursor is not one this list handed out.', {
    errors: [{ field: 'cursor', rule: 'cursor', message: 'cursor must be the nextCursor of a previous page' }],
  });
}

/**
 * A page from `limit + 1` rows fetched in order: the extra row only says
 * whether there is a next page.
 */
export function toPage<Row, Item>(
  rows: readonly Row[],
  limit: number,
  map: (row: Row) => Item,
  cursorOf: (row: Row) => readonly string[],
): Page<Item> {
  const pageRows = rows.slice(0, limit);
  const last = pageRows[pageRows.length - 1];
  return {
    data: pageRows.map(map),
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(cursorOf(last)) : null,
  };
}

/** For lists ordered by id alone (UUIDv7, creation order): the id the next page starts after. */
export function decodeIdCursor(cursor: string | undefined): string | undefined {
  const values = decodeCursor(cursor, 1);
  if (values === undefined) return undefined;
  if (!isUuid(values[0])) throw foreignCursor();
  return values[0];
}
