import { v7 as uuidv7 } from 'uuid';

/** Letters, digits and `._:-`, up to 128 characters: safe to echo in a header and a log line. */
const WELL_FORMED_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Keeps a caller's `X-Request-Id` when it is well formed, so a trail spans systems; otherwise makes one. */
export function resolveRequestId(header: string | string[] | undefined): string {
  const candidate = Array.isArray(header) ? header[0] : header;
  return candidate !== undefined && WELL_FORMED_REQUEST_ID.test(candidate) ? candidate : uuidv7();
}
