import { ApiKey } from './api-key.entity';

export class ApiKeyResponse {
  /** @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a10" */
  id: string;
  /** @example "CI pipeline" */
  name: string;
  /** The start of the key, to recognise it. @example "keel_live_3fQa" */
  prefix: string;
  /** @example ["projects:read"] */
  scopes: string[];
  /** @example "2030-01-01T00:00:00.000Z" */
  expiresAt: string | null;
  /** @example "2026-11-29T10:00:00.000Z" */
  createdAt: string;
  /** Updated at most once a minute. @example "2026-11-29T10:05:00.000Z" */
  lastUsedAt: string | null;
  /** @example null */
  revokedAt: string | null;

  static of(key: ApiKey): ApiKeyResponse {
    return {
      id: key.id,
      name: key.name,
      prefix: key.prefix,
      scopes: key.scopes,
      expiresAt: key.expiresAt?.toISOString() ?? null,
      createdAt: key.createdAt.toISOString(),
      lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
      revokedAt: key.revokedAt?.toISOString() ?? null,
    };
  }
}

export class CreatedApiKeyResponse extends ApiKeyResponse {
  /** The key itself: shown in this response only, store it now. @example "keel_live_3fQaZ0pLm9Xk2Vb7Nc4Rt1Ys8Hd6Jg5We0Aq1b2C" */
  key: string;
}
