import type { WorkspaceSecret } from '../workspace-secret.entity';

export class SecretActorResponse {
  /** @example "user" */
  type: string;
  /** @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a10" */
  id: string;
}

/** A secret without its value, which is never answered. */
export class SecretResponse {
  /** @example "CRM_TOKEN" */
  name: string;
  /** @example "Token of the CRM's API, read-only scope." */
  description: string;
  /** 1 when created, one more at each replacement. @example 2 */
  version: number;
  createdBy: SecretActorResponse | null;
  /** @example "2026-11-20T09:12:00.000Z" */
  createdAt: string;
  /** When the value was last replaced. @example "2026-11-21T10:00:00.000Z" */
  updatedAt: string;
  /** When a tool call last had it filled in. @example "2026-11-21T10:05:00.000Z" */
  lastUsedAt: string | null;

  static of(secret: WorkspaceSecret): SecretResponse {
    return {
      name: secret.name,
      description: secret.description,
      version: secret.version,
      createdBy:
        secret.createdByType && secret.createdById ? { type: secret.createdByType, id: secret.createdById } : null,
      createdAt: secret.createdAt.toISOString(),
      updatedAt: secret.updatedAt.toISOString(),
      lastUsedAt: secret.lastUsedAt?.toISOString() ?? null,
    };
  }
}

export class SecretListResponse {
  data: SecretResponse[];
  /** @example null */
  nextCursor: string | null;
}
