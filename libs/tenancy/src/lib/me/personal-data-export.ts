import { Injectable } from '@nestjs/common';
import {
  ApiKeyResponse,
  ApiKeysService,
  AuditEventResponse,
  AuditLog,
  SessionRecordResponse,
  SessionsService,
  UsersService,
} from '@keel/identity';
import { GlobalTables, TenantTransactions } from '@keel/platform-database';
import { DomainError } from '@keel/platform-errors';
import { AccountMemberships } from './account-memberships';
import { ExportedAuditEventResponse, PersonalDataExportResponse } from './personal-data-export.response';

/**
 * `GET /v1/me/export`: the account's personal data. Each part is read
 * through the door that shows it and nothing more: the user and sessions
 * are global rows of the account; memberships and the account's own audit
 * trail through restricted transactions (`app.user_id`); keys and workspace
 * audit rows in a tenant transaction of each workspace the account belongs
 * to, filtered to the rows the account made. A workspace the account left
 * is not entered: what it did there belongs to that workspace now.
 */
@Injectable()
export class PersonalDataExport {
  constructor(
    private readonly users: UsersService,
    private readonly globalTables: GlobalTables,
    private readonly sessions: SessionsService,
    private readonly accountMemberships: AccountMemberships,
    private readonly tenants: TenantTransactions,
    private readonly apiKeys: ApiKeysService,
    private readonly audit: AuditLog,
  ) {}

  async of(userId: string): Promise<PersonalDataExportResponse> {
    const { user, sessions } = await this.globalTables.runUnscoped(async () => ({
      user: await this.users.findById(userId),
      sessions: await this.sessions.listAllOfUser(userId),
    }));
    if (!user) throw new DomainError('INVALID_TOKEN', 'The account of this token no longer exists.');
    const memberships = await this.accountMemberships.list(userId);
    const accountEvents = await this.audit.allForAccount(userId);
    const perWorkspace = [];
    for (const membership of memberships) {
      perWorkspace.push(
        await this.tenants.runInTenantTransaction(membership.workspaceId, async () => ({
          workspaceId: membership.workspaceId,
          keys: await this.apiKeys.listCreatedBy(membership.workspaceId, userId),
          events: await this.audit.allByUserInWorkspace(membership.workspaceId, userId),
        })),
      );
    }
    await this.audit.recordForAccount({ action: 'account.exported', subjectUserId: userId, actorUserId: userId });
    const auditEvents: ExportedAuditEventResponse[] = [
      ...accountEvents.map((event) => ({ ...AuditEventResponse.of(event), workspaceId: null })),
      ...perWorkspace.flatMap(({ workspaceId, events }) =>
        events.map((event) => ({ ...AuditEventResponse.of(event), workspaceId })),
      ),
    ].sort((left, right) => left.occurredAt.localeCompare(right.occurredAt) || left.id.localeCompare(right.id));
    return {
      exportedAt: new Date().toISOString(),
      profile: {
        id: user.id,
        email: user.email,
        name: user.name,
        emailVerified: user.emailVerifiedAt !== null,
        createdAt: user.createdAt.toISOString(),
        updatedAt: user.updatedAt.toISOString(),
      },
      memberships: memberships.map((membership) => ({
        workspaceId: membership.workspaceId,
        workspaceName: membership.workspaceName,
        role: membership.role,
        joinedAt: membership.joinedAt.toISOString(),
      })),
      sessions: sessions.map(SessionRecordResponse.of),
      apiKeys: perWorkspace.flatMap(({ workspaceId, keys }) =>
        keys.map((key) => ({ ...ApiKeyResponse.of(key), workspaceId })),
      ),
      auditEvents,
    };
  }
}
