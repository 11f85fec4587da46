import { Injectable } from '@nestjs/common';
import { RequestContext } from '@keel/platform-context';
import { randomToken, sha256Hex, SecretBoxError } from '@keel/platform-crypto';
import { GlobalTables, newId } from '@keel/platform-database';
import { DomainError } from '@keel/platform-errors';
import { RefreshToken } from './refresh-token.entity';
import { Session } from './session.entity';
import { SessionStateCache } from './session-state-cache';
import { successorBox } from './successor-seal';
import { IdentityConfig } from '../identity-config';
import { Assurance, PASSWORD_ONLY } from './assurance';

export interface IssuedRefresh {
  session: Session;
  refreshToken: string;
}

/** What presenting a refresh token led to; reuse is reported after its revocation has committed. */
export type RotationOutcome = { kind: 'rotated'; issued: IssuedRefresh } | { kind: 'reused'; session: Session };

const DAY_MS = 86_400_000;

/** Sessions and their refresh-token families: creation, rotation with reuse detection, revocation. */
@Injectable()
export class SessionsService {
  constructor(
    private readonly globalTables: GlobalTables,
    private readonly config: IdentityConfig,
    private readonly request: RequestContext,
    private readonly states: SessionStateCache,
  ) {}

  private get sessions() {
    return this.globalTables.manager.getRepository(Session);
  }

  private get tokens() {
    return this.globalTables.manager.getRepository(RefreshToken);
  }

  private nextExpiry(): Date {
    return new Date(Date.now() + this.config.SESSION_TTL_DAYS * DAY_MS);
  }

  /** A new session for a user who just proved who they are (a password alone unless `assurance` says more), with its first refresh token. */
  async create(userId: string, assurance: Assurance = PASSWORD_ONLY()): Promise<IssuedRefresh> {
    const session = this.sessions.create({
      id: newId(),
      userId,
      aal: assurance.aal,
      amr: assurance.amr,
      authenticatedAt: assurance.authenticatedAt,
      expiresAt: this.nextExpiry(),
      revokedAt: null,
      revokedReason: null,
      userAgent: this.request.userAgent ?? null,
      clientAddress: this.request.clientAddress ?? null,
    });
    await this.sessions.insert(session);
    const refreshToken = randomToken();
    await this.tokens.insert({ id: newId(), sessionId: session.id, tokenHash: sha256Hex(refreshToken) });
    return { session, refreshToken };
  }

  /**
   * A session someone else acts in for the user (a platform admin
   * impersonating them), until `expiresAt`: it has no refresh token, so it
   * cannot be extended, and it ends early like any session (revoked).
   */
  async createDelegated(userId: string, expiresAt: Date): Promise<Session> {
    const session = this.sessions.create({
      id: newId(),
      userId,
      aal: 'aal1',
      amr: [],
      authenticatedAt: new Date(),
      expiresAt,
      revokedAt: null,
      revokedReason: null,
      userAgent: this.request.userAgent ?? null,
      clientAddress: this.request.clientAddress ?? null,
    });
    await this.sessions.insert(session);
    return session;
  }

  /** Ends one session of a user, whatever it is; whether it was still active. */
  async revoke(userId: string, sessionId: string, reason: string): Promise<boolean> {
    return (await this.revokeWhere('user_id = $1 AND id = $2', [userId, sessionId], reason)).length > 0;
  }

  /**
   * Spends a refresh token and returns its successor. A token spent within
   * REFRESH_RETRY_WINDOW_SECONDS whose successor is still unused yields that
   * same successor (the client lost our answer); any other second use revokes
   * the whole family (committed before this returns) and reports `reused`.
   */
  async rotate(refreshToken: string): Promise<RotationOutcome> {
    const outcome = await this.globalTables.runUnscoped(() => this.rotateInTransaction(refreshToken));
    if (outcome.kind === 'reused') this.states.forget([outcome.session.id]);
    return outcome;
  }

  private async rotateInTransaction(refreshToken: string): Promise<RotationOutcome> {
    const invalid = new DomainError('INVALID_TOKEN', 'The refresh token is unknown, expired or revoked.');
    const token = await this.tokens.findOne({
      where: { tokenHash: sha256Hex(refreshToken) },
      lock: { mode: 'pessimistic_write' },
    });
    if (!token) throw invalid;
    const session = await this.sessions.findOne({
      where: { id: token.sessionId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!session || session.revokedAt !== null || session.expiresAt.getTime() <= Date.now()) throw invalid;

    if (token.spentAt === null) {
      const successor = randomToken();
      const successorId = newId();
      await this.tokens.insert({ id: successorId, sessionId: session.id, tokenHash: sha256Hex(successor) });
      await this.tokens.update(
        { id: token.id },
        { spentAt: new Date(), successorId, successorSealed: successorBox(refreshToken).seal(successor, successorId) },
      );
      await this.touch(session);
      return { kind: 'rotated', issued: { session, refreshToken: successor } };
    }

    const retried = await this.sameSuccessor(token, refreshToken);
    if (retried) {
      await this.touch(session);
      return { kind: 'rotated', issued: { session, refreshToken: retried } };
    }
    await this.revokeRows([session.id], 'refresh_token_reused');
    return { kind: 'reused', session };
  }

  /** The successor again, when the retry window is open and the successor has not been used itself. */
  private async sameSuccessor(token: RefreshToken, presented: string): Promise<string | undefined> {
    const windowMs = this.config.REFRESH_RETRY_WINDOW_SECONDS * 1000;
    if (!token.spentAt || !token.successorId || !token.successorSealed) return undefined;
    // `>=`: with no window (0), not even a retry in the same millisecond gets the successor.
    if (Date.now() - token.spentAt.getTime() >= windowMs) return undefined;
    const successor = await this.tokens.findOneBy({ id: token.successorId });
    if (!successor || successor.spentAt !== null) return undefined;
    try {
      return successorBox(presented).openText(token.successorSealed, token.successorId);
    } catch (error) {
      if (error instanceof SecretBoxError) return undefined;
      throw error;
    }
  }

  private async touch(session: Session): Promise<void> {
    session.lastUsedAt = new Date();
    session.expiresAt = this.nextExpiry();
    await this.sessions.update({ id: session.id }, { lastUsedAt: session.lastUsedAt, expiresAt: session.expiresAt });
  }

  /** Records a fresh proof for a live session of the user (a step-up, or a second factor confirmed); false if it is not theirs or has ended. */
  async reassure(userId: string, sessionId: string, assurance: Assurance): Promise<boolean> {
    const result = await this.sessions
      .createQueryBuilder()
      .update()
      .set({ aal: assurance.aal, amr: assurance.amr, authenticatedAt: assurance.authenticatedAt })
      .where('id = :sessionId AND user_id = :userId AND revoked_at IS NULL AND expires_at > now()', {
        sessionId,
        userId,
      })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /** Whether an access token's session may still act: not revoked, not expired. Cached briefly. */
  async isActive(sessionId: string): Promise<boolean> {
    const known = this.states.get(sessionId);
    if (known !== undefined) return known;
    const rows: { active: boolean }[] = await this.globalTables.manager.query(
      'SELECT (revoked_at IS NULL AND expires_at > now()) AS active FROM sessions WHERE id = $1',
      [sessionId],
    );
    const active = rows[0]?.active === true;
    this.states.remember(sessionId, active);
    return active;
  }

  listActive(userId: string): Promise<Session[]> {
    return this.sessions
      .createQueryBuilder('session')
      .where('session.user_id = :userId AND session.revoked_at IS NULL AND session.expires_at > now()', { userId })
      .orderBy('session.last_used_at', 'DESC')
      .getMany();
  }

  /** Every session of a user, ended ones too, oldest first: for their personal data export. */
  listAllOfUser(userId: string): Promise<Session[]> {
    return this.sessions
      .createQueryBuilder('session')
      .where('session.user_id = :userId', { userId })
      .orderBy('session.created_at', 'ASC')
      .addOrderBy('session.id', 'ASC')
      .getMany();
  }

  /** Revokes one of the user's own sessions; another user's session is not found. */
  async revokeOwn(userId: string, sessionId: string, reason: string): Promise<void> {
    const revoked = await this.revokeWhere('user_id = $1 AND id = $2', [userId, sessionId], reason);
    if (revoked.length === 0) throw new DomainError('NOT_FOUND', 'No active session of yours has this id.');
  }

  /** Revokes every active session of a user, but `exceptSessionId`; returns the revoked ids. */
  revokeAllOfUser(userId: string, reason: string, exceptSessionId?: string): Promise<string[]> {
    return exceptSessionId
      ? this.revokeWhere('user_id = $1 AND id <> $2', [userId, exceptSessionId], reason)
      : this.revokeWhere('user_id = $1', [userId], reason);
  }

  private async revokeRows(sessionIds: string[], reason: string): Promise<void> {
    await this.revokeWhere('id = ANY($1::uuid[])', [sessionIds], reason);
  }

  private async revokeWhere(condition: string, parameters: unknown[], reason: string): Promise<string[]> {
    const reasonParameter = `$${parameters.length + 1}`;
    const [rows]: [{ id: string }[], number] = await this.globalTables.manager.query(
      `UPDATE sessions SET revoked_at = now(), revoked_reason = ${reasonParameter}
        WHERE ${condition} AND revoked_at IS NULL RETURNING id`,
      [...parameters, reason],
    );
    const ids = rows.map((row) => row.id);
    this.states.forget(ids);
    return ids;
  }
}
