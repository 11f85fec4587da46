import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { EntityManager } from 'typeorm';
import { Outbox } from '@keel/events';
import { SafeTypeOrmTransactionalAdapter, TenantTransactions, toPage, Page } from '@keel/platform-database';
import { DomainError } from '@keel/platform-errors';
import { JobQueue } from '@keel/platform-queue';
import { WorkspaceHolds } from '@keel/tenancy';
import { AdminConfig } from '../admin-config';
import {
  ADMIN_EVENT_VERSION,
  WORKSPACE_DELETION_SCHEDULED,
  WORKSPACE_RESTORED,
  WORKSPACE_SUSPENDED,
} from '../admin-events';
import { AdminOwnerReads } from '../cross-tenant/admin-owner-reads';
import type { WorkspaceStatus } from './dto/admin-workspace-query.dto';
import type { AdminWorkspaceDetailResponse, AdminWorkspaceResponse } from './dto/admin-workspace.response';
import { WORKSPACE_DELETION_QUEUE } from './workspace-deletion.job';

export interface WorkspaceFilter {
  q?: string;
  status?: WorkspaceStatus;
  plan?: string;
}

interface WorkspaceRow {
  id: string;
  name: string;
  slug: string;
  created_at: Date;
  suspended_at: Date | null;
  deletion_due_at: Date | null;
  hold_reason: string | null;
  plan: string | null;
  members: string;
  documents: string;
  stored_bytes: string;
  projects: string;
  last_active_at: Date | null;
}

const STATUS_SQL: Record<WorkspaceStatus, string> = {
  active: 'w.suspended_at IS NULL AND w.deletion_due_at IS NULL',
  suspended: 'w.suspended_at IS NOT NULL AND w.deletion_due_at IS NULL',
  pending_deletion: 'w.deletion_due_at IS NOT NULL',
};

/** Counts and last activity of each workspace row, in the owner door (indexed by workspace_id in every table). */
const WORKSPACE_COLUMNS = `
  w.id, w.name, w.slug, w.created_at, w.suspended_at, w.deletion_due_at, w.hold_reason,
  (SELECT s.plan_key FROM subscriptions s WHERE s.workspace_id = w.id) AS plan,
  (SELECT count(*) FROM memberships m WHERE m.workspace_id = w.id) AS members,
  (SELECT count(*) FROM projects p WHERE p.workspace_id = w.id) AS projects,
  (SELECT count(*) FROM documents d WHERE d.workspace_id = w.id) AS documents,
  (SELECT coalesce(sum(d.size_bytes), 0) FROM documents d WHERE d.workspace_id = w.id) AS stored_bytes,
  GREATEST(
    (SELECT max(o.occurred_at) FROM outbox o WHERE o.workspace_id = w.id),
    (SELECT max(k.last_used_at) FROM api_keys k WHERE k.workspace_id = w.id)
  ) AS last_active_at`;

function workspaceNotFound(): DomainError {
  return new DomainError('WORKSPACE_NOT_FOUND', 'No workspace has this id.');
}

/**
 * Workspaces across the platform for platform admins: read in the owner
 * door (AdminOwnerReads), changed in a tenant transaction of the workspace
 * they change, with the workspace's event in its outbox.
 */
@Injectable()
export class AdminWorkspaces {
  constructor(
    private readonly reads: AdminOwnerReads,
    private readonly tenants: TenantTransactions,
    private readonly txHost: TransactionHost<SafeTypeOrmTransactionalAdapter>,
    private readonly outbox: Outbox,
    private readonly holds: WorkspaceHolds,
    private readonly queue: JobQueue,
    private readonly config: AdminConfig,
  ) {}

  /** Newest first, keyset-paginated on the id (UUIDv7: creation order). */
  list(filter: WorkspaceFilter, limit: number, beforeId?: string): Promise<Page<AdminWorkspaceResponse>> {
    return this.reads.acrossWorkspaces(async (manager) => {
      const where: string[] = [];
      const parameters: unknown[] = [];
      const parameter = (value: unknown) => {
        parameters.push(value);
        return `$${parameters.length}`;
      };
      if (filter.q) {
        const q = filter.q.toLowerCase();
        const pattern = parameter(`%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
        where.push(`(lower(w.name) LIKE ${pattern} OR w.slug LIKE ${pattern} OR w.id::text = ${parameter(q)})`);
      }
      if (filter.status) where.push(STATUS_SQL[filter.status]);
      if (filter.plan !== undefined) {
        where.push(
          `EXISTS (SELECT 1 FROM subscriptions s WHERE s.workspace_id = w.id AND s.plan_key = ${parameter(filter.plan)})`,
        );
      }
      if (beforeId) where.push(`w.id < ${parameter(beforeId)}`);
      const rows: WorkspaceRow[] = await manager.query(
        `SELECT ${WORKSPACE_COLUMNS} FROM workspaces w
          ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
          ORDER BY w.id DESC LIMIT ${parameter(limit + 1)}`,
        parameters,
      );
      return toPage(rows, limit, summaryOf, (row) => [row.id]);
    });
  }

  detail(workspaceId: string): Promise<AdminWorkspaceDetailResponse> {
    return this.reads.acrossWorkspaces((manager) => this.readDetail(manager, workspaceId));
  }

  /** Puts the workspace on hold: every request of its members and keys answers 423 until restored. */
  async suspend(workspaceId: string, reason: string): Promise<AdminWorkspaceDetailResponse> {
    await this.changeHold(workspaceId, async (manager, current) => {
      if (current.suspended_at !== null || current.deletion_due_at !== null) return;
      await manager.query(`UPDATE workspaces SET suspended_at = now(), hold_reason = $2 WHERE id = $1`, [
        workspaceId,
        reason,
      ]);
      await this.outbox.publish(workspaceId, {
        type: WORKSPACE_SUSPENDED,
        version: ADMIN_EVENT_VERSION,
        data: { workspace: referenceOf(current), reason },
      });
    });
    return this.detail(workspaceId);
  }

  /** Lifts a suspension or a scheduled deletion. */
  async restore(workspaceId: string, reason: string | null): Promise<AdminWorkspaceDetailResponse> {
    await this.changeHold(workspaceId, async (manager, current) => {
      if (current.suspended_at === null && current.deletion_due_at === null) return;
      await manager.query(
        `UPDATE workspaces SET suspended_at = NULL, deletion_due_at = NULL, hold_reason = NULL WHERE id = $1`,
        [workspaceId],
      );
      await this.outbox.publish(workspaceId, {
        type: WORKSPACE_RESTORED,
        version: ADMIN_EVENT_VERSION,
        data: { workspace: referenceOf(current), reason },
      });
    });
    return this.detail(workspaceId);
  }

  /**
   * Schedules the workspace's removal after WORKSPACE_DELETE_GRACE_DAYS; it is
   * refused like a suspended one until then, and restorable. A deletion
   * already scheduled keeps its date.
   */
  async scheduleDeletion(workspaceId: string, reason: string): Promise<AdminWorkspaceDetailResponse> {
    await this.changeHold(workspaceId, async (manager, current) => {
      if (current.deletion_due_at !== null) return;
      const [[row]]: [{ deletion_due_at: Date }[], number] = await manager.query(
        `UPDATE workspaces SET deletion_due_at = now() + make_interval(days => $2), hold_reason = $3
          WHERE id = $1 RETURNING deletion_due_at`,
        [workspaceId, this.config.WORKSPACE_DELETE_GRACE_DAYS, reason],
      );
      await this.outbox.publish(workspaceId, {
        type: WORKSPACE_DELETION_SCHEDULED,
        version: ADMIN_EVENT_VERSION,
        data: { workspace: referenceOf(current), reason, deletionDueAt: row.deletion_due_at.toISOString() },
      });
      // The removal runs when it is due (and the regular sweep catches it should this job be lost).
      await this.queue.sendInTransaction(manager, WORKSPACE_DELETION_QUEUE, {}, { startAfter: row.deletion_due_at });
    });
    return this.detail(workspaceId);
  }

  private async changeHold(
    workspaceId: string,
    change: (manager: EntityManager, current: WorkspaceRow) => Promise<void>,
  ): Promise<void> {
    await this.tenants.runInTenantTransaction(workspaceId, async () => {
      const manager = this.txHost.tx;
      const [current]: WorkspaceRow[] = await manager.query(
        `SELECT id, name, slug, suspended_at, deletion_due_at FROM workspaces WHERE id = $1 FOR UPDATE`,
        [workspaceId],
      );
      if (!current) throw workspaceNotFound();
      await change(manager, current);
    });
    this.holds.evict(workspaceId);
  }

  private async readDetail(manager: EntityManager, workspaceId: string): Promise<AdminWorkspaceDetailResponse> {
    const [row]: WorkspaceRow[] = await manager.query(`SELECT ${WORKSPACE_COLUMNS} FROM workspaces w WHERE w.id = $1`, [
      workspaceId,
    ]);
    if (!row) throw workspaceNotFound();
    const owners: { user_id: string; email: string; name: string }[] = await manager.query(
      `SELECT u.id AS user_id, u.email, u.name FROM memberships m JOIN users u ON u.id = m.user_id
        WHERE m.workspace_id = $1 AND m.role_key = 'owner' ORDER BY u.email`,
      [workspaceId],
    );
    return {
      ...summaryOf(row),
      suspendedAt: row.suspended_at?.toISOString() ?? null,
      deletionDueAt: row.deletion_due_at?.toISOString() ?? null,
      holdReason: row.hold_reason,
      owners: owners.map((owner) => ({ userId: owner.user_id, email: owner.email, name: owner.name })),
    };
  }
}

function statusOf(row: Pick<WorkspaceRow, 'suspended_at' | 'deletion_due_at'>): WorkspaceStatus {
  if (row.deletion_due_at !== null) return 'pending_deletion';
  return row.suspended_at !== null ? 'suspended' : 'active';
}

function referenceOf(row: Pick<WorkspaceRow, 'id' | 'name' | 'slug'>): { id: string; name: string; slug: string } {
  return { id: row.id, name: row.name, slug: row.slug };
}

function summaryOf(row: WorkspaceRow): AdminWorkspaceResponse {
  return {
    id: row.id,
    name: row.name,
    slug: row.slug,
    status: statusOf(row),
    plan: row.plan,
    counts: {
      members: Number(row.members),
      projects: Number(row.projects),
      documents: Number(row.documents),
      storedBytes: Number(row.stored_bytes),
    },
    createdAt: row.created_at.toISOString(),
    lastActiveAt: row.last_active_at?.toISOString() ?? null,
  };
}
