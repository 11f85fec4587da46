import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DATABASE_APP_ROLE, DATABASE_OWNER_ROLE, runInTenantTransaction } from '@keel/platform-database';
import { JobQueue, ScheduledJob } from '@keel/platform-queue';
import { BlobStore } from '@keel/platform-storage';
import { AdminOwnerReads } from '../cross-tenant/admin-owner-reads';
import { PlatformAuditLog } from '../platform-audit/platform-audit-log.service';

export const WORKSPACE_DELETION_QUEUE = 'admin.workspace-deletion';

/**
 * What one removal did: rows deleted per table, and what a recount found left
 * (always 0, or it rolled back); blobs of its documents (and exports) deleted from the blob
 * store, and how many the store still holds afterwards.
 */
export interface WorkspaceRemoval {
  deletedRows: Record<string, number>;
  remainingRows: number;
  deletedBlobs: number;
  remainingBlobs: number;
}

/**
 * Removes the workspaces whose scheduled deletion is due. Each is removed in
 * a tenant transaction of its own workspace, so row-level security shows it
 * exactly that workspace's rows: it counts them in every table that has a
 * `workspace_id`, deletes the workspace (every tenant table's foreign key
 * to it cascades, append-only tables included) and its audit trail (which
 * has none), and counts again — anything left rolls the whole removal back
 * and the job fails. Once that has committed, the blobs of its documents are
 * deleted from the blob store and looked up again (a blob left, say the store
 * was away, is counted and logged). The counts go to the platform audit log as
 * `workspace.deleted`. Runs when a deletion falls due (DELETE queues it) and
 * every quarter hour, in case that job was lost.
 */
@Injectable()
export class WorkspaceDeletionJob implements ScheduledJob, OnModuleInit {
  readonly name = WORKSPACE_DELETION_QUEUE;
  readonly cron = '*/15 * * * *';
  private readonly logger = new Logger(WorkspaceDeletionJob.name);

  constructor(
    private readonly queue: JobQueue,
    private readonly reads: AdminOwnerReads,
    private readonly audit: PlatformAuditLog,
    private readonly blobs: BlobStore,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.queue.registerSchedule(this);
  }

  async run(): Promise<void> {
    const due: { id: string }[] = await this.reads.acrossWorkspaces((manager) =>
      manager.query(`SELECT id FROM workspaces WHERE deletion_due_at <= now() ORDER BY deletion_due_at`),
    );
    for (const { id } of due) {
      const removal = await this.remove(id);
      if (!removal) continue;
      await this.audit.record({
        action: 'workspace.deleted',
        actor: { type: 'job', id: WORKSPACE_DELETION_QUEUE },
        target: { type: 'workspace', id },
        data: { ...removal },
      });
      this.logger.log({ workspaceId: id, ...removal, msg: 'removed a workspace whose deletion was due' });
    }
  }

  /** Null when the workspace is gone already or was restored meanwhile. */
  async remove(workspaceId: string): Promise<WorkspaceRemoval | null> {
    const removed = await this.removeRows(workspaceId);
    if (!removed) return null;
    const { blobKeys, ...rows } = removed;
    let deletedBlobs = 0;
    let remainingBlobs = 0;
    for (const key of blobKeys) {
      try {
        if (await this.blobs.delete(key)) deletedBlobs += 1;
        if ((await this.blobs.size(key)) !== null) remainingBlobs += 1;
      } catch (error) {
        remainingBlobs += 1;
        this.logger.error({ err: error, workspaceId, msg: 'a blob of a removed workspace could not be deleted' });
      }
    }
    return { ...rows, deletedBlobs, remainingBlobs };
  }

  private removeRows(
    workspaceId: string,
  ): Promise<(Omit<WorkspaceRemoval, 'deletedBlobs' | 'remainingBlobs'> & { blobKeys: string[] }) | null> {
    return runInTenantTransaction(this.dataSource, workspaceId, async (manager) => {
      const [workspace]: { due: boolean }[] = await manager.query(
        `SELECT deletion_due_at <= now() AS due FROM workspaces WHERE id = $1 FOR UPDATE`,
        [workspaceId],
      );
      if (!workspace?.due) return null;
      // Every document, restricted ones too (documents' visibility policy asks), counted and its blob noted;
      // and the archives of its exports.
      await manager.query(`SELECT set_config('app.documents_restricted', 'on', true)`);
      const blobKeys = (
        (await manager.query(
          `SELECT blob_key FROM documents WHERE workspace_id = $1
           UNION ALL
           SELECT blob_key FROM workspace_exports WHERE workspace_id = $1 AND blob_key IS NOT NULL`,
          [workspaceId],
        )) as { blob_key: string }[]
      ).map((row) => row.blob_key);
      const tables = await tenantTables(manager);
      const deletedRows: Record<string, number> = {};
      for (const table of tables) {
        const count = await countRows(manager, table, workspaceId);
        if (count > 0) deletedRows[table] = count;
      }
      await manager.query(`DELETE FROM workspaces WHERE id = $1`, [workspaceId]);
      // The audit trail has no foreign key to the workspace and keel_app may not delete from it: the owner
      // does, through a policy that admits only the workspace named here (audit_events_workspace_removal).
      await manager.query(`SET LOCAL ROLE ${DATABASE_OWNER_ROLE}`);
      await manager.query(`SELECT set_config('app.removed_workspace_id', $1, true)`, [workspaceId]);
      await manager.query(`DELETE FROM audit_events WHERE workspace_id = $1`, [workspaceId]);
      // …and the anchors of its chain: signatures over hashes of rows that are gone.
      await manager.query(`DELETE FROM audit_chain_anchors WHERE chain_kind = 'workspace' AND chain_id = $1`, [
        workspaceId,
      ]);
      await manager.query(`SET LOCAL ROLE ${DATABASE_APP_ROLE}`);
      let remainingRows = Number(
        (await manager.query(`SELECT count(*) AS count FROM workspaces WHERE id = $1`, [workspaceId]))[0].count,
      );
      for (const table of tables) remainingRows += await countRows(manager, table, workspaceId);
      if (remainingRows !== 0) {
        throw new Error(`Removing workspace ${workspaceId} left ${remainingRows} rows; rolled back.`);
      }
      return { deletedRows, remainingRows, blobKeys };
    });
  }
}

/** Every table of the schema with a workspace_id column: the tenant tables. */
async function tenantTables(manager: EntityManager): Promise<string[]> {
  const rows: { table_name: string }[] = await manager.query(
    `SELECT c.table_name FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.table_schema = current_schema() AND c.column_name = 'workspace_id' AND t.table_type = 'BASE TABLE'
      ORDER BY c.table_name`,
  );
  return rows.map((row) => row.table_name);
}

async function countRows(manager: EntityManager, table: string, workspaceId: string): Promise<number> {
  const [row]: { count: string }[] = await manager.query(
    `SELECT count(*) AS count FROM "${table}" WHERE workspace_id = $1`,
    [workspaceId],
  );
  return Number(row.count);
}
