import { ApiKeyResponse, AuditEventResponse, SessionRecordResponse } from '@keel/identity';

export class ExportedProfileResponse {
  /** @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a11" */
  id: string;
  /** @example "ada@example.com" */
  email: string;
  /** @example "Ada Lovelace" */
  name: string;
  /** @example true */
  emailVerified: boolean;
  /** @example "2026-11-01T09:00:00.000Z" */
  createdAt: string;
  /** @example "2026-11-29T10:00:00.000Z" */
  updatedAt: string;
}

export class ExportedMembershipResponse {
  /** @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a10" */
  workspaceId: string;
  /** @example "Acme Inc." */
  workspaceName: string;
  /** @example "owner" */
  role: string;
  /** @example "2026-11-01T09:05:00.000Z" */
  joinedAt: string;
}

export class ExportedApiKeyResponse extends ApiKeyResponse {
  /** The workspace the key belongs to. @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a10" */
  workspaceId: string;
}

export class ExportedAuditEventResponse extends AuditEventResponse {
  /** The workspace of a workspace event; null for an event of the account itself (sign-ins, password changes). @example null */
  workspaceId: string | null;
}

/**
 * Everything Keel holds about the account as a person, in one document
 * (GDPR art. 15 and 20): never a secret, hash or token.
 */
export class PersonalDataExportResponse {
  /** @example "2026-12-07T03:00:00.000Z" */
  exportedAt: string;
  profile: ExportedProfileResponse;
  /** The workspaces the account belongs to now. */
  memberships: ExportedMembershipResponse[];
  /** Every session, ended ones too, without its tokens. */
  sessions: SessionRecordResponse[];
  /** The API keys the account made in the workspaces it belongs to, without their secrets. */
  apiKeys: ExportedApiKeyResponse[];
  /**
   * The account's own trail (sign-ins, failed ones, password and email changes), and the events the account
   * was the actor of in the workspaces it belongs to; oldest first.
   */
  auditEvents: ExportedAuditEventResponse[];
}
