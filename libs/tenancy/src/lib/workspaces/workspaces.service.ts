import { Injectable } from '@nestjs/common';
import { Propagation, TransactionHost } from '@nestjs-cls/transactional';
import { Actor, AuditLog, UsersService } from '@keel/identity';
import { isUniqueViolation, newId, SafeTypeOrmTransactionalAdapter, TenantTransactions } from '@keel/platform-database';
import { DomainError } from '@keel/platform-errors';
import { BUILT_IN_ROLE_KEYS, BUILT_IN_ROLES } from '../permissions/built-in-roles';
import { Membership } from '../memberships/membership.entity';
import { Role } from '../roles/role.entity';
import { MembershipAccessCache } from '../workspace-scope/membership-access-cache.service';
import { CreateWorkspaceDto } from './dto/create-workspace.dto';
import { UpdateWorkspaceDto } from './dto/update-workspace.dto';
import { slugFromName, slugWithSuffix } from './slug';
import { Workspace } from './workspace.entity';
import { WorkspaceSetup } from './workspace-setup';
import { memberSnapshot } from '../workspace-events/member-snapshot';
import { MEMBER_ADDED, TENANCY_EVENT_VERSION } from '../workspace-events/tenancy-event-types';
import { WorkspaceEvents } from '../workspace-events/workspace-events';

const GENERATED_SLUG_ATTEMPTS = 5;

function slugTaken(slug: string): DomainError {
  return new DomainError('SLUG_TAKEN', `The slug "${slug}" is taken; choose another.`, {
    errors: [{ field: 'slug', rule: 'unique', message: 'slug is taken' }],
  });
}

export interface MyWorkspace {
  workspace: Workspace;
  role: string;
}

/** Creating, reading, renaming and deleting workspaces. */
@Injectable()
export class WorkspacesService {
  constructor(
    private readonly txHost: TransactionHost<SafeTypeOrmTransactionalAdapter>,
    private readonly tenants: TenantTransactions,
    private readonly audit: AuditLog,
    private readonly memberships: MembershipAccessCache,
    private readonly setup: WorkspaceSetup,
    private readonly users: UsersService,
    private readonly events: WorkspaceEvents,
  ) {}

  private get workspaces() {
    return this.txHost.tx.getRepository(Workspace);
  }

  /**
   * A new workspace with its four built-in roles, the creator as owner and
   * what other contexts start it with (WorkspaceSetup), in one tenant
   * transaction of the new workspace. A generated slug that is
   * taken gets a random suffix; a chosen one is 409 SLUG_TAKEN.
   */
  async create(userId: string, dto: CreateWorkspaceDto): Promise<Workspace> {
    const base = dto.slug ?? slugFromName(dto.name);
    for (let attempt = 0; ; attempt++) {
      const slug = attempt === 0 ? base : slugWithSuffix(base);
      try {
        return await this.insert(userId, dto.name, slug, dto.plan);
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        if (dto.slug !== undefined || attempt + 1 >= GENERATED_SLUG_ATTEMPTS) throw slugTaken(slug);
      }
    }
  }

  private insert(userId: string, name: string, slug: string, plan: string | undefined): Promise<Workspace> {
    const id = newId();
    return this.tenants.runInTenantTransaction(id, async () => {
      const now = new Date();
      const workspace: Workspace = {
        id,
        name,
        slug,
        suspendedAt: null,
        holdReason: null,
        deletionDueAt: null,
        createdBy: userId,
        requireMfa: false,
        createdAt: now,
        updatedAt: now,
      };
      await this.workspaces.insert(workspace);
      await this.txHost.tx.getRepository(Role).insert(
        BUILT_IN_ROLE_KEYS.map((key) => ({
          workspaceId: id,
          id: newId(),
          key,
          name: BUILT_IN_ROLES[key].name,
          description: BUILT_IN_ROLES[key].description,
          permissions: [],
          builtIn: true,
        })),
      );
      await this.txHost.tx.getRepository(Membership).insert({ workspaceId: id, userId, roleKey: 'owner' });
      await this.setup.run(id, { plan });
      await this.audit.recordInWorkspace(id, { action: 'workspace.created', data: { name, slug } });
      const creator = await this.users.findById(userId);
      if (creator) {
        await this.events.publish(id, {
          type: MEMBER_ADDED,
          version: TENANCY_EVENT_VERSION,
          data: { member: memberSnapshot(creator, 'owner'), via: 'workspace_created', inviteId: null },
        });
      }
      return workspace;
    });
  }

  /** The caller's workspaces, by id (creation order), through the `app.user_id` policies only. */
  listMine(userId: string, limit: number, afterId?: string): Promise<MyWorkspace[]> {
    return this.tenants.runInRestrictedScope({ user_id: userId }, async () => {
      const query = this.txHost.tx
        .getRepository(Membership)
        .createQueryBuilder('membership')
        .innerJoinAndMapOne('membership.workspace', Workspace, 'workspace', 'workspace.id = membership.workspace_id')
        .where('membership.user_id = :userId', { userId })
        .orderBy('membership.workspace_id', 'ASC')
        .limit(limit + 1);
      if (afterId) query.andWhere('membership.workspace_id > :afterId', { afterId });
      const rows = (await query.getMany()) as (Membership & { workspace: Workspace })[];
      return rows.map((row) => ({ workspace: row.workspace, role: row.roleKey }));
    });
  }

  /** In the workspace's tenant transaction. */
  async get(workspaceId: string): Promise<Workspace> {
    const workspace = await this.workspaces.findOneBy({ id: workspaceId });
    if (!workspace) throw new DomainError('WORKSPACE_NOT_FOUND', 'No workspace with this id exists for you.');
    return workspace;
  }

  /** `actor` is who asks: changing the security policy needs a person signed in with a second factor. */
  async update(workspaceId: string, dto: UpdateWorkspaceDto, actor: Actor): Promise<Workspace> {
    const workspace = await this.get(workspaceId);
    const changes: Partial<Workspace> = {};
    if (dto.name !== undefined && dto.name !== workspace.name) changes.name = dto.name;
    if (dto.slug !== undefined && dto.slug !== workspace.slug) changes.slug = dto.slug;
    const requireMfa = dto.security?.requireMfa;
    if (requireMfa !== undefined && requireMfa !== workspace.requireMfa) {
      assertMaySetSecurity(actor);
      changes.requireMfa = requireMfa;
    }
    if (Object.keys(changes).length === 0) return workspace;
    changes.updatedAt = new Date();
    if (changes.requireMfa !== undefined) this.memberships.evictWorkspace(workspaceId);
    try {
      // A savepoint, so a taken slug leaves the request's transaction usable for the answer.
      await this.txHost.withTransaction(Propagation.Nested, () => this.workspaces.update({ id: workspaceId }, changes));
    } catch (error) {
      if (isUniqueViolation(error) && changes.slug) throw slugTaken(changes.slug);
      throw error;
    }
    await this.audit.recordInWorkspace(workspaceId, {
      action: 'workspace.updated',
      data: { from: { name: workspace.name, slug: workspace.slug, requireMfa: workspace.requireMfa }, to: changes },
    });
    return { ...workspace, ...changes };
  }

  /** Deletes the workspace; its memberships, roles, invites and keys go with it (ON DELETE CASCADE). */
  async delete(workspaceId: string): Promise<void> {
    const workspace = await this.get(workspaceId);
    await this.audit.recordInWorkspace(workspaceId, { action: 'workspace.deleted', data: { slug: workspace.slug } });
    await this.workspaces.delete({ id: workspaceId });
    this.memberships.evictWorkspace(workspaceId);
  }
}

/**
 * The policy binds people, so only a person may set it, and only with the
 * second factor it would ask of everyone: nobody turns it on from a session
 * it would lock out, and an API key (which it does not bind) cannot lift it.
 */
function assertMaySetSecurity(actor: Actor): void {
  if (actor.kind !== 'user') {
    throw new DomainError('PERMISSION_DENIED', "Only a person may change the workspace's security policy.");
  }
  if (actor.aal !== 'aal2') {
    throw new DomainError(
      'MFA_REQUIRED',
      "Changing the workspace's security policy needs a session with a second factor: set up MFA (POST /v1/me/mfa/totp) and sign in with it, or step up (POST /v1/auth/step-up).",
    );
  }
}
