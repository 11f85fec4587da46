import { IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQuery } from '@keel/platform-database';
import { Trim } from '@keel/platform-errors';

/** `?q=&limit=&cursor=` of the accounts across the platform. */
export class AdminUserQuery extends PageQuery {
  /** Part of the email address or name (any case), or the whole id. @example "ada@" */
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(200)
  q?: string;
}

export class AdminUserResponse {
  /** @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a10" */
  id: string;
  /** @example "ada@example.com" */
  email: string;
  /** @example "Ada Lovelace" */
  name: string;
  /** @example true */
  emailVerified: boolean;
  /** Whether the account is a platform admin. @example false */
  platformAdmin: boolean;
  /** When an admin disabled the account; null when it may sign in. @example null */
  disabledAt: string | null;
  /** @example 2 */
  workspaces: number;
  /** When the account last opened a session (signed up or in). @example "2026-12-07T08:12:00.000Z" */
  lastSignInAt: string | null;
  /** @example "2026-11-02T09:00:00.000Z" */
  createdAt: string;
}

export class AdminUserMembershipResponse {
  /** @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a11" */
  workspaceId: string;
  /** @example "Acme" */
  workspaceName: string;
  /** @example "acme" */
  workspaceSlug: string;
  /** @example "owner" */
  role: string;
  /** @example "2026-11-02T09:00:00.000Z" */
  joinedAt: string;
}

export class AdminUserSessionResponse {
  /** @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a20" */
  id: string;
  /** @example "2026-12-07T08:12:00.000Z" */
  createdAt: string;
  /** @example "2026-12-07T09:40:00.000Z" */
  lastUsedAt: string;
  /** @example "2027-01-06T08:12:00.000Z" */
  expiresAt: string;
}

export class AdminUserDetailResponse extends AdminUserResponse {
  memberships: AdminUserMembershipResponse[];
  /** The account's active sessions, most recently used first. */
  sessions: AdminUserSessionResponse[];
}

export class AdminUserListResponse {
  data: AdminUserResponse[];
  /** @example null */
  nextCursor: string | null;
}

export class AdminSignOutResponse {
  /** How many active sessions were revoked. @example 2 */
  revokedSessions: number;
}
