import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';

/** Keel's rule for a caller's X-Request-Id: letters, digits and `._:-`, up to 128 characters. */
const WELL_FORMED_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const ZEROS = /^0+$/;

function firstOf(header: string | string[] | undefined): string | undefined {
  return Array.isArray(header) ? header[0] : header;
}

/** The request id Keel records with a write: the caller's X-Request-Id when well formed, else a new UUIDv7. */
export function requestIdOf(header: string | string[] | undefined): string {
  const candidate = firstOf(header);
  return candidate !== undefined && WELL_FORMED_REQUEST_ID.test(candidate) ? candidate : uuidv7();
}

/**
 * The `traceparent` Keel stores with an event: its server span, in the
 * caller's trace when the caller sent a valid one, else in a new sampled trace.
 */
export function traceparentOf(header: string | string[] | undefined): string {
  const spanId = randomBytes(8).toString('hex');
  const parent = TRACEPARENT.exec(firstOf(header)?.trim() ?? '');
  if (parent && !ZEROS.test(parent[1]) && !ZEROS.test(parent[2])) return `00-${parent[1]}-${spanId}-${parent[3]}`;
  return `00-${randomBytes(16).toString('hex')}-${spanId}-01`;
}
