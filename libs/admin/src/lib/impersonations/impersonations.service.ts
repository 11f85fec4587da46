import { Injectable, OnModuleInit } from '@nestjs/common';
import { AccessTokens, AuditLog, ImpersonatedRequest, ImpersonatedRequests, SessionsService } from '@keel/identity';
import { GlobalTables, insertRows } from '@keel/platform-database';
import { DomainError } from '@keel/platform-errors';
import { WorkspaceScope } from '@keel/tenancy';
import { PlatformAdmins } from '../platform-admins/platform-admins.service';
import { PlatformAuditLog } from '../platform-audit/platform-audit-log.service';
import { ImpersonationResponse, StartedImpersonationResponse } from './dto/impersonation.response';
import { Impersonation } from './impersonation.entity';

export const DEFAULT_IMPERSONATION_MINUTES = 15;
const SESSION_ENDED_REASON = 'impersonation_ended';

function notFound(): DomainError {
  return new DomainError('NOT_FOUND', 'No impersonation has this id.');
}

/**
 * A platform admin acting as a user, for a reason and at most an hour: a
 * session of the user without a refresh token, and an access token of that
 * session whose `act` claim names the admin (RFC 8693). The user sees in
 * their own audit trail that it began and ended; each request made with the
 * token is audited in the platform log and in the workspace's (or the
 * account's) trail, with both identities.
 */
@Injectable()
export class Impersonations implements OnModuleInit {
  constructor(
    private readonly globalTables: GlobalTables,
    private readonly sessions: SessionsService,
    private readonly accessTokens: AccessTokens,
    private readonly admins: PlatformAdmins,
    private readonly accountAudit: AuditLog,
    private readonly platformAudit: PlatformAuditLog,
    private readonly requests: ImpersonatedRequests,
    private readonly scope: WorkspaceScope,
  ) {}

  onModuleInit(): void {
    this.requests.listen((request) => this.audit(request));
  }

  private get rows() {
    return this.globalTables.manager.getRepository(Impersonation);
  }

  async start(
    adminUserId: string,
    input: { userId: string; reason: string; minutes?: number },
  ): Promise<StartedImpersonationResponse> {
    const minutes = input.minutes ?? DEFAULT_IMPERSONATION_MINUTES;
    const { impersonation, token } = await this.globalTables.runUnscoped(async () => {
      const [user]: { id: string }[] = await this.globalTables.manager.query(
        `SELECT id FROM users WHERE id = $1 AND disabled_at IS NULL`,
        [input.userId],
      );
      if (!user) throw new DomainError('NOT_FOUND', 'No enabled account has this id.');
      if (await this.admins.isAdmin(input.userId)) {
        throw new DomainError(
          'IMPERSONATION_OF_ADMIN',
          'A platform admin cannot be impersonated, not even by another one.',
        );
      }
      const expiresAt = new Date(Date.now() + minutes * 60_000);
      const session = await this.sessions.createDelegated(input.userId, expiresAt);
      const row: Impersonation = {
        id: session.id,
        adminUserId,
        userId: input.userId,
        reason: input.reason,
        startedAt: session.createdAt ?? new Date(),
        expiresAt,
        endedAt: null,
      };
      await insertRows(this.globalTables.manager, Impersonation, row);
      await this.accountAudit.recordForAccount({
        action: 'impersonation.started',
        subjectUserId: input.userId,
        target: { type: 'impersonation', id: session.id },
        data: { impersonatorId: adminUserId, expiresAt: expiresAt.toISOString() },
      });
      const token = await this.accessTokens.issue({
        userId: input.userId,
        sessionId: session.id,
        delegation: { actorUserId: adminUserId, expiresInSeconds: minutes * 60 },
      });
      return { impersonation: await this.rows.findOneByOrFail({ id: session.id }), token };
    });
    return {
      ...ImpersonationResponse.of(impersonation),
      accessToken: token.accessToken,
      tokenType: 'Bearer',
      expiresIn: token.expiresIn,
    };
  }

  /** Ends it now: its session is revoked, so its token stops working. Ending an ended one changes nothing. */
  async end(impersonationId: string): Promise<void> {
    await this.globalTables.runUnscoped(async () => {
      const impersonation = await this.rows.findOneBy({ id: impersonationId });
      if (!impersonation) throw notFound();
      const [ended]: [unknown[], number] = await this.globalTables.manager.query(
        `UPDATE impersonations SET ended_at = now() WHERE id = $1 AND ended_at IS NULL AND expires_at > now() RETURNING id`,
        [impersonationId],
      );
      if (ended.length === 0) return;
      await this.sessions.revoke(impersonation.userId, impersonation.id, SESSION_ENDED_REASON);
      await this.accountAudit.recordForAccount({
        action: 'impersonation.ended',
        subjectUserId: impersonation.userId,
        target: { type: 'impersonation', id: impersonation.id },
        data: { impersonatorId: impersonation.adminUserId },
      });
    });
  }

  /**
   * One request made with an impersonation token: in the platform log (the
   * admin as actor, the user as target), and in the trail of the workspace
   * the guards let it into (the user as actor, the admin as
   * `impersonatorId`), or in the account's own trail when it reached none.
   */
  private async audit({ actor, method, route, status }: ImpersonatedRequest): Promise<void> {
    const data = { impersonationId: actor.sessionId, method, route, status };
    const workspaceId = this.scope.verifiedWorkspaceId;
    await this.platformAudit.record({
      action: 'impersonation.request',
      actor: { type: 'user', id: actor.impersonation.actorUserId },
      target: { type: 'user', id: actor.userId },
      data: workspaceId ? { ...data, workspaceId } : data,
    });
    const entry = { action: 'impersonation.request', target: { type: 'user', id: actor.userId }, data };
    if (workspaceId) await this.accountAudit.recordInWorkspace(workspaceId, entry);
    else await this.accountAudit.recordForAccount({ ...entry, subjectUserId: actor.userId });
  }
}
