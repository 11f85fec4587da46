import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { ActorContext, actorReference } from '@keel/identity';
import { RequestContext } from '@keel/platform-context';
import { insertRows, newId, SafeTypeOrmTransactionalAdapter, TrailFilter, whereTrail } from '@keel/platform-database';
import { ActivityEntry } from './activity-entry.entity';

export type ActivityAction =
  | 'project.created'
  | 'project.updated'
  | 'project.transitioned'
  | 'project.archived'
  | 'project.restored'
  | 'project.moved'
  | 'comment.created'
  | 'comment.updated'
  | 'comment.deleted';

export interface NewActivity {
  action: ActivityAction;
  projectId: string | null;
  target: { type: 'project' | 'comment' | 'workflow_version'; id: string };
  data?: Record<string, unknown>;
}

export interface ActivityFilter extends TrailFilter {
  projectId?: string;
}

/**
 * The activity trail: each entry is written by the service making the change,
 * in its transaction, with the request's actor and context.
 */
@Injectable()
export class ActivityLog {
  constructor(
    private readonly txHost: TransactionHost<SafeTypeOrmTransactionalAdapter>,
    private readonly actors: ActorContext,
    private readonly request: RequestContext,
  ) {}

  async record(workspaceId: string, ...entries: NewActivity[]): Promise<void> {
    if (entries.length === 0) return;
    const actor = this.actors.optional;
    const reference = actor ? actorReference(actor) : undefined;
    const rows: Partial<ActivityEntry>[] = entries.map((entry) => ({
      workspaceId,
      id: newId(),
      projectId: entry.projectId,
      action: entry.action,
      actorType: reference?.type ?? null,
      actorId: reference?.id ?? null,
      targetType: entry.target.type,
      targetId: entry.target.id,
      data: entry.data ?? {},
      requestId: this.request.requestId ?? null,
      clientAddress: this.request.clientAddress ?? null,
      occurredAt: new Date(),
    }));
    await insertRows(this.txHost.tx, ActivityEntry, rows);
  }

  /** Newest first, keyset-paginated on the id (UUIDv7). */
  list(workspaceId: string, filter: ActivityFilter, limit: number, beforeId?: string): Promise<ActivityEntry[]> {
    const query = this.txHost.tx
      .getRepository(ActivityEntry)
      .createQueryBuilder('entry')
      .where('entry.workspace_id = :workspaceId', { workspaceId })
      .orderBy('entry.id', 'DESC')
      .limit(limit + 1);
    if (filter.projectId) query.andWhere('entry.project_id = :projectId', { projectId: filter.projectId });
    whereTrail(query, 'entry', filter);
    if (beforeId) query.andWhere('entry.id < :beforeId', { beforeId });
    return query.getMany();
  }
}
