import type { Impersonation } from '../impersonation.entity';

export class ImpersonationResponse {
  /** Also the id of the session its token speaks through. @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a30" */
  id: string;
  /** The account acted as. @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a10" */
  userId: string;
  /** The platform admin acting. @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a12" */
  adminUserId: string;
  /** @example "Support ticket #8812: the customer cannot see their board" */
  reason: string;
  /** @example "2026-12-07T10:00:00.000Z" */
  startedAt: string;
  /** @example "2026-12-07T10:15:00.000Z" */
  expiresAt: string;
  /** When it was ended early; null while it runs or once it simply expired. @example null */
  endedAt: string | null;

  static of(impersonation: Impersonation): ImpersonationResponse {
    return {
      id: impersonation.id,
      userId: impersonation.userId,
      adminUserId: impersonation.adminUserId,
      reason: impersonation.reason,
      startedAt: impersonation.startedAt.toISOString(),
      expiresAt: impersonation.expiresAt.toISOString(),
      endedAt: impersonation.endedAt?.toISOString() ?? null,
    };
  }
}

/** A new impersonation and its token: the admin's credential for acting as the user, shown once. */
export class StartedImpersonationResponse extends ImpersonationResponse {
  /** An access token of the user whose `act` claim names the admin (RFC 8693). No refresh token comes with it. */
  accessToken: string;
  /** @example "Bearer" */
  tokenType: 'Bearer';
  /** Seconds until the token expires. @example 900 */
  expiresIn: number;
}
