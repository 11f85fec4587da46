import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { TransactionHost } from '@nestjs-cls/transactional';
import { JobRunsService } from '@keel/jobs';
import { GlobalTables, newId, SafeTypeOrmTransactionalAdapter, TenantTransactions } from '@keel/platform-database';
import { DomainError } from '@keel/platform-errors';
import { BlobStore, StoredBlob } from '@keel/platform-storage';
import { WorkspaceSetup } from '@keel/tenancy';
import { discardBlob, readBundle } from './bundle-reader';
import { PlatformImport } from './platform-import.entity';

export const BUNDLE_IMPORT_JOB = 'admin.bundle-import';

export interface BundleImportInput {
  importId: string;
}

function importNotFound(): DomainError {
  return new DomainError('NOT_FOUND', 'No import has this id.');
}

/**
 * Imports of bundles into new workspaces, by platform admins. The bundle is
 * checked whole before anything is made (422 BUNDLE_INVALID otherwise, and
 * 409 BUNDLE_ALREADY_IMPORTED for a bundle imported before unless forced);
 * then the new workspace, its import job run and the import record are
 * made in one tenant transaction of that workspace, and the job fills it.
 */
@Injectable()
export class BundleImports {
  constructor(
    private readonly txHost: TransactionHost<SafeTypeOrmTransactionalAdapter>,
    private readonly tenants: TenantTransactions,
    private readonly globalTables: GlobalTables,
    private readonly jobs: JobRunsService,
    private readonly setup: WorkspaceSetup,
    private readonly store: BlobStore,
  ) {}

  /** Takes an uploaded bundle (already in the blob store, deleted again when refused). */
  async start(blob: StoredBlob, force: boolean, adminUserId: string): Promise<PlatformImport> {
    let started = false;
    try {
      const bundle = await readBundle(await this.store.get(blob.key), discardBlob);
      const earlier = await this.globalTables.manager
        .getRepository(PlatformImport)
        .createQueryBuilder('import')
        .where('import.bundle_sha256 = :sha256', { sha256: blob.sha256 })
        .andWhere(`import.status <> 'failed'`)
        .orderBy('import.id', 'ASC')
        .getOne();
      if (earlier && !force) {
        throw new DomainError(
          'BUNDLE_ALREADY_IMPORTED',
          'This bundle (the same SHA-256) was imported already; send force=true to import it again as another workspace.',
          { extensions: { importId: earlier.id, workspaceId: earlier.importedWorkspaceId } },
        );
      }
      const workspaceId = newId();
      const row = await this.tenants.runInTenantTransaction(workspaceId, async () => {
        const tx = this.txHost.tx;
        const { name, slug } = bundle.manifest.workspace;
        // The bundle's slug names its origin, which may well still exist: the new workspace gets a suffix.
        await tx.query(`INSERT INTO workspaces (id, name, slug, created_by) VALUES ($1, $2, $3, $4)`, [
          workspaceId,
          name,
          `${slug.slice(0, 40)}-${randomBytes(3).toString('hex')}`,
          adminUserId,
        ]);
        // What every new workspace starts with (its subscription); the workflow comes from the bundle instead.
        await this.setup.run(workspaceId, {});
        await tx.query(`DELETE FROM workflow_versions WHERE workspace_id = $1`, [workspaceId]);
        const id = newId();
        const run = await this.jobs.start(workspaceId, BUNDLE_IMPORT_JOB, { importId: id } satisfies BundleImportInput);
        const record: PlatformImport = {
          id,
          status: 'queued',
          bundleSha256: blob.sha256,
          bundleSizeBytes: String(blob.sizeBytes),
          bundleKey: blob.key,
          formatVersion: bundle.writtenVersion,
          forced: Boolean(earlier),
          importedWorkspaceId: workspaceId,
          jobRunId: run.id,
          counts: null,
          invited: null,
          error: null,
          importedBy: adminUserId,
          createdAt: new Date(),
          finishedAt: null,
        };
        await tx.getRepository(PlatformImport).insert(record);
        return record;
      });
      started = true;
      return row;
    } finally {
      if (!started) await this.store.delete(blob.key).catch(() => undefined);
    }
  }

  async get(importId: string): Promise<PlatformImport> {
    const row = await this.globalTables.manager.getRepository(PlatformImport).findOneBy({ id: importId });
    if (!row) throw importNotFound();
    return row;
  }
}
