import { Session } from './session.entity';

export class SessionResponse {
  /** @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a10" */
  id: string;
  /** @example "2026-11-29T10:00:00.000Z" */
  createdAt: string;
  /** @example "2026-11-29T10:14:00.000Z" */
  lastUsedAt: string;
  /** @example "2026-12-29T10:14:00.000Z" */
  expiresAt: string;
  /** @example "Mozilla/5.0 (X11; Linux x86_64)" */
  userAgent: string | null;
  /** @example "203.0.113.7" */
  clientAddress: string | null;
  /** Whether this is the session of the access token making the request. @example true */
  current: boolean;

  static of(session: Session, currentSessionId: string): SessionResponse {
    return {
      id: session.id,
      createdAt: session.createdAt.toISOString(),
      lastUsedAt: session.lastUsedAt.toISOString(),
      expiresAt: session.expiresAt.toISOString(),
      userAgent: session.userAgent,
      clientAddress: session.clientAddress,
      current: session.id === currentSessionId,
    };
  }
}

export class SessionListResponse {
  data: SessionResponse[];
  /** Always null: every active session fits one page. */
  nextCursor: string | null;
}

/** A session as the personal data export lists it: ended ones too, with why they ended; never a token. */
export class SessionRecordResponse {
  /** @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a10" */
  id: string;
  /** @example "2026-11-29T10:00:00.000Z" */
  createdAt: string;
  /** @example "2026-11-29T10:14:00.000Z" */
  lastUsedAt: string;
  /** @example "2026-12-29T10:14:00.000Z" */
  expiresAt: string;
  /** @example null */
  revokedAt: string | null;
  /** logout, revoked, password_changed, password_reset, refresh_token_reused. @example null */
  revokedReason: string | null;
  /** @example "Mozilla/5.0 (X11; Linux x86_64)" */
  userAgent: string | null;
  /** @example "203.0.113.7" */
  clientAddress: string | null;

  static of(session: Session): SessionRecordResponse {
    return {
      id: session.id,
      createdAt: session.createdAt.toISOString(),
      lastUsedAt: session.lastUsedAt.toISOString(),
      expiresAt: session.expiresAt.toISOString(),
      revokedAt: session.revokedAt?.toISOString() ?? null,
      revokedReason: session.revokedReason,
      userAgent: session.userAgent,
      clientAddress: session.clientAddress,
    };
  }
}
