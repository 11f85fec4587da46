import { createHash, timingSafeEqual } from 'node:crypto';

/** Whether an Authorization header carries the metrics bearer token (compared in constant time). */
export function carriesMetricsToken(authorization: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!match) return false;
  // Hashes of equal length: timingSafeEqual needs them, and the token's length is not revealed either.
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(match[1]), digest(token));
}

export const METRICS_TOKEN_REQUIRED =
  'GET /metrics needs the bearer token set in METRICS_TOKEN (Authorization: Bearer <token>).';
