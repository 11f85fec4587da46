import { Injectable } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import { TransactionHost } from '@nestjs-cls/transactional';
import { JobContext, JobHandler, JobRunEnd } from '@keel/jobs';
import { SafeTypeOrmTransactionalAdapter, TenantTransactions } from '@keel/platform-database';
import { BlobStore } from '@keel/platform-storage';
import { BUNDLE_TABLES, MEMBERS_TABLE } from './bundle-tables';
import { BundleSource, writeBundle } from './bundle-writer';
import { WorkspaceExport } from './workspace-export.entity';
import { WORKSPACE_EXPORT_JOB, WorkspaceExportInput } from './workspace-exports.service';

const ERROR_MAX_LENGTH = 2_000;

/**
 * Writes a workspace's bundle, as a job run of the workspace: reads every
 * table the bundle carries in one tenant transaction (one snapshot,
 * restricted documents included), streams the archive into the blob store
 * under a key of its own, then records the export `succeeded` with the
 * archive's SHA-256, size and counts. An attempt cut off anywhere leaves
 * the export as it was; the retry writes a whole archive again. A run that
 * ends failed or cancelled marks the export `failed`.
 */
@Injectable()
export class WorkspaceExportJob implements JobHandler<WorkspaceExportInput> {
  readonly type = WORKSPACE_EXPORT_JOB;
  readonly timeoutSeconds = 1_800;
  readonly maxAttempts = 3;

  constructor(
    private readonly txHost: TransactionHost<SafeTypeOrmTransactionalAdapter>,
    private readonly tenants: TenantTransactions,
    private readonly cls: ClsService,
    private readonly store: BlobStore,
  ) {}

  run(context: JobContext<WorkspaceExportInput>): Promise<Record<string, unknown>> {
    return this.cls.run(async () => {
      const { workspaceId } = context;
      const { exportId } = context.input;
      const row = await this.tenants.runInTenantTransaction(workspaceId, () => this.begin(workspaceId, exportId));
      if (!row) return { skipped: 'the export is gone or finished already' };
      await context.reportProgress(10, 'Reading the workspace');
      const source = await this.tenants.runInTenantTransaction(workspaceId, () => this.collect(workspaceId));
      await context.reportProgress(40, `Writing the archive (${source.blobs.length} documents)`);
      const stored = await writeBundle(this.store, this.store.newKey(`exports/${workspaceId}`), source);
      const counts = {
        ...Object.fromEntries(Object.entries(source.tables).map(([table, rows]) => [table, rows.length])),
        blobs: source.blobs.length,
      };
      await this.tenants.runInTenantTransaction(workspaceId, async () => {
        await this.exports.update(
          { workspaceId, id: exportId },
          {
            status: 'succeeded',
            blobKey: stored.key,
            sha256: stored.sha256,
            sizeBytes: String(stored.sizeBytes),
            counts,
            error: null,
            finishedAt: new Date(),
          },
        );
      });
      return { exportId, sha256: stored.sha256, sizeBytes: stored.sizeBytes, counts };
    });
  }

  async ended(end: JobRunEnd<WorkspaceExportInput>): Promise<void> {
    await this.txHost.tx
      .createQueryBuilder()
      .update(WorkspaceExport)
      .set({ status: 'failed', error: end.reason.slice(0, ERROR_MAX_LENGTH), finishedAt: new Date() })
      .where('workspace_id = :workspaceId AND id = :id', { workspaceId: end.workspaceId, id: end.input.exportId })
      .andWhere(`status IN ('queued', 'running')`)
      .execute();
  }

  private get exports() {
    return this.txHost.tx.getRepository(WorkspaceExport);
  }

  private async begin(workspaceId: string, exportId: string): Promise<WorkspaceExport | null> {
    const row = await this.exports.findOneBy({ workspaceId, id: exportId });
    if (!row || row.status === 'succeeded' || row.status === 'failed') return null;
    await this.exports.update({ workspaceId, id: exportId }, { status: 'running' });
    return row;
  }

  /** Everything the bundle carries, in one snapshot of the workspace. */
  private async collect(workspaceId: string): Promise<BundleSource> {
    const tx = this.txHost.tx;
    // The export carries restricted documents too (as the documents context's own jobs see them).
    await tx.query(`SELECT set_config('app.documents_restricted', 'on', true), set_config('app.role', '', true)`);
    const [workspace]: { id: string; name: string; slug: string }[] = await tx.query(
      `SELECT id, name, slug FROM workspaces WHERE id = $1`,
      [workspaceId],
    );
    if (!workspace) throw new Error(`The workspace ${workspaceId} is gone.`);
    const tables: Record<string, unknown[]> = {};
    tables[MEMBERS_TABLE] = await tx.query(
      `SELECT m.user_id AS "userId", u.email, m.role_key AS "roleKey"
         FROM memberships m JOIN users u ON u.id = m.user_id
        WHERE m.workspace_id = $1 ORDER BY u.email`,
      [workspaceId],
    );
    for (const table of BUNDLE_TABLES) {
      const rows: { row: unknown }[] = await tx.query(
        `SELECT to_jsonb(t) - 'workspace_id' - $2::text[] AS row FROM ${table.name} t WHERE workspace_id = $1 ORDER BY id`,
        [workspaceId, table.omit],
      );
      tables[table.name] = rows.map(({ row }) => row);
    }
    const documents: { id: string; blobKey: string; sizeBytes: string; sha256: string }[] = await tx.query(
      `SELECT id, blob_key AS "blobKey", size_bytes AS "sizeBytes", sha256 FROM documents WHERE workspace_id = $1 ORDER BY id`,
      [workspaceId],
    );
    return {
      workspace,
      tables,
      blobs: documents.map((document) => ({
        documentId: document.id,
        sizeBytes: Number(document.sizeBytes),
        sha256: document.sha256,
        open: () => this.store.get(document.blobKey),
      })),
    };
  }
}
