import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { runInTenantTransaction } from '@keel/platform-database';
import { DomainError } from '@keel/platform-errors';
import { MEMBERSHIP_CACHE_MS } from './membership-access-cache.service';

const MAX_ENTRIES = 20_000;

/** Why a workspace refuses every request: a platform admin suspended it, or scheduled its deletion. */
export type WorkspaceHold = 'suspended' | 'pending_deletion';

export function workspaceSuspended(hold: WorkspaceHold): DomainError {
  return new DomainError(
    'WORKSPACE_SUSPENDED',
    hold === 'suspended'
      ? 'This workspace is suspended by the platform operators; contact them to have it restored.'
      : 'This workspace is scheduled for deletion by the platform operators; contact them to have it restored.',
  );
}

/**
 * Whether a workspace is on hold (suspended, or scheduled for deletion), read
 * in a tenant transaction of that workspace and cached as briefly as
 * memberships: the workspace guard refuses every request to a held workspace
 * with 423 WORKSPACE_SUSPENDED. A change made in this process evicts at once;
 * another process sees it within MEMBERSHIP_CACHE_MS.
 */
@Injectable()
export class WorkspaceHolds {
  private readonly cache = new Map<string, { hold: WorkspaceHold | null; until: number }>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async find(workspaceId: string): Promise<WorkspaceHold | null> {
    const cached = this.cache.get(workspaceId);
    if (cached && cached.until > Date.now()) return cached.hold;
    const [row] = await runInTenantTransaction(
      this.dataSource,
      workspaceId,
      (manager): Promise<{ suspended: boolean; deleting: boolean }[]> =>
        manager.query(
          `SELECT suspended_at IS NOT NULL AS suspended, deletion_due_at IS NOT NULL AS deleting
             FROM workspaces WHERE id = $1`,
          [workspaceId],
        ),
    );
    const hold: WorkspaceHold | null = row?.deleting ? 'pending_deletion' : row?.suspended ? 'suspended' : null;
    if (this.cache.size >= MAX_ENTRIES) this.cache.clear();
    this.cache.set(workspaceId, { hold, until: Date.now() + MEMBERSHIP_CACHE_MS });
    return hold;
  }

  /** After a suspension, restoration or scheduled deletion in this process. */
  evict(workspaceId: string): void {
    this.cache.delete(workspaceId);
  }
}
