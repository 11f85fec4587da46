import { v7 as uuidv7 } from 'uuid';

/**
 * Ids are UUIDv7, made by the application: time-ordered (index-friendly, a
 * natural cursor) and known before the INSERT, so events can name them.
 */
export function newId(): string {
  return uuidv7();
}
