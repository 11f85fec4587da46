import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditLog, SessionsService } from '@keel/identity';
import { GlobalTables, Page, toPage } from '@keel/platform-database';
import { DomainError } from '@keel/platform-errors';
import { AdminOwnerReads } from '../cross-tenant/admin-owner-reads';
import type { AdminUserDetailResponse, AdminUserResponse } from './dto/admin-user.dto';

interface UserRow {
  id: string;
  email: string;
  name: string;
  email_verified_at: Date | null;
  disabled_at: Date | null;
  created_at: Date;
  platform_admin: boolean;
  workspaces: string;
  last_sign_in_at: Date | null;
}

const USER_COLUMNS = `
  u.id, u.email, u.name, u.email_verified_at, u.disabled_at, u.created_at,
  EXISTS (SELECT 1 FROM platform_admins a WHERE a.user_id = u.id) AS platform_admin,
  (SELECT count(*) FROM memberships m WHERE m.user_id = u.id) AS workspaces,
  (SELECT max(s.created_at) FROM sessions s WHERE s.user_id = u.id) AS last_sign_in_at`;

function userNotFound(): DomainError {
  return new DomainError('NOT_FOUND', 'No account has this id.');
}

/**
 * Accounts across the platform for platform admins: read in the owner door
 * (their memberships span workspaces), disabled, enabled and signed out
 * everywhere through identity's sessions. Each change is also written to the
 * account's own audit trail, so its owner can see it in /v1/me/audit-events.
 */
@Injectable()
export class AdminUsers {
  constructor(
    private readonly reads: AdminOwnerReads,
    private readonly globalTables: GlobalTables,
    private readonly sessions: SessionsService,
    private readonly accountAudit: AuditLog,
  ) {}

  /** Newest first, keyset-paginated on the id (UUIDv7: creation order). */
  list(q: string | undefined, limit: number, beforeId?: string): Promise<Page<AdminUserResponse>> {
    return this.reads.acrossWorkspaces(async (manager) => {
      const where: string[] = [];
      const parameters: unknown[] = [];
      const parameter = (value: unknown) => {
        parameters.push(value);
        return `$${parameters.length}`;
      };
      if (q) {
        const lowered = q.toLowerCase();
        const pattern = parameter(`%${lowered.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
        where.push(
          `(u.email_key LIKE ${pattern} OR lower(u.name) LIKE ${pattern} OR u.id::text = ${parameter(lowered)})`,
        );
      }
      if (beforeId) where.push(`u.id < ${parameter(beforeId)}`);
      const rows: UserRow[] = await manager.query(
        `SELECT ${USER_COLUMNS} FROM users u
          ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
          ORDER BY u.id DESC LIMIT ${parameter(limit + 1)}`,
        parameters,
      );
      return toPage(rows, limit, summaryOf, (row) => [row.id]);
    });
  }

  detail(userId: string): Promise<AdminUserDetailResponse> {
    return this.reads.acrossWorkspaces((manager) => this.readDetail(manager, userId));
  }

  /** Refuses the account's sign-in (403 ACCOUNT_DISABLED) and revokes every session of it at once. */
  async disable(userId: string): Promise<AdminUserDetailResponse> {
    await this.globalTables.runUnscoped(async () => {
      const [rows]: [{ id: string }[], number] = await this.globalTables.manager.query(
        `UPDATE users SET disabled_at = coalesce(disabled_at, now()) WHERE id = $1 RETURNING id`,
        [userId],
      );
      if (rows.length === 0) throw userNotFound();
      const revoked = await this.sessions.revokeAllOfUser(userId, 'account_disabled');
      await this.accountAudit.recordForAccount({
        action: 'account.disabled',
        subjectUserId: userId,
        data: { revokedSessions: revoked.length },
      });
    });
    return this.detail(userId);
  }

  async enable(userId: string): Promise<AdminUserDetailResponse> {
    await this.globalTables.runUnscoped(async () => {
      const [rows]: [{ id: string }[], number] = await this.globalTables.manager.query(
        `UPDATE users SET disabled_at = NULL WHERE id = $1 RETURNING id`,
        [userId],
      );
      if (rows.length === 0) throw userNotFound();
      await this.accountAudit.recordForAccount({ action: 'account.enabled', subjectUserId: userId });
    });
    return this.detail(userId);
  }

  /** Revokes every active session of the account: each device has to sign in again. */
  signOutEverywhere(userId: string): Promise<{ revokedSessions: number }> {
    return this.globalTables.runUnscoped(async () => {
      const [user]: { id: string }[] = await this.globalTables.manager.query(`SELECT id FROM users WHERE id = $1`, [
        userId,
      ]);
      if (!user) throw userNotFound();
      const revoked = await this.sessions.revokeAllOfUser(userId, 'signed_out_by_admin');
      await this.accountAudit.recordForAccount({
        action: 'session.revoked_all',
        subjectUserId: userId,
        data: { reason: 'signed_out_by_admin', revokedSessions: revoked.length },
      });
      return { revokedSessions: revoked.length };
    });
  }

  private async readDetail(manager: EntityManager, userId: string): Promise<AdminUserDetailResponse> {
    const [row]: UserRow[] = await manager.query(`SELECT ${USER_COLUMNS} FROM users u WHERE u.id = $1`, [userId]);
    if (!row) throw userNotFound();
    const memberships: { workspace_id: string; name: string; slug: string; role_key: string; created_at: Date }[] =
      await manager.query(
        `SELECT m.workspace_id, w.name, w.slug, m.role_key, m.created_at
           FROM memberships m JOIN workspaces w ON w.id = m.workspace_id
          WHERE m.user_id = $1 ORDER BY w.name, m.workspace_id`,
        [userId],
      );
    const sessions: { id: string; created_at: Date; last_used_at: Date; expires_at: Date }[] = await manager.query(
      `SELECT id, created_at, last_used_at, expires_at FROM sessions
        WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > now() ORDER BY last_used_at DESC LIMIT 100`,
      [userId],
    );
    return {
      ...summaryOf(row),
      memberships: memberships.map((membership) => ({
        workspaceId: membership.workspace_id,
        workspaceName: membership.name,
        workspaceSlug: membership.slug,
        role: membership.role_key,
        joinedAt: membership.created_at.toISOString(),
      })),
      sessions: sessions.map((session) => ({
        id: session.id,
        createdAt: session.created_at.toISOString(),
        lastUsedAt: session.last_used_at.toISOString(),
        expiresAt: session.expires_at.toISOString(),
      })),
    };
  }
}

function summaryOf(row: UserRow): AdminUserResponse {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    emailVerified: row.email_verified_at !== null,
    platformAdmin: row.platform_admin,
    disabledAt: row.disabled_at?.toISOString() ?? null,
    workspaces: Number(row.workspaces),
    lastSignInAt: row.last_sign_in_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
  };
}
