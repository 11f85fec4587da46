import { Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { TransactionHost } from '@nestjs-cls/transactional';
import { ActorContext, actorReference } from '@keel/identity';
import { JobRunsService } from '@keel/jobs';
import { newId, SafeTypeOrmTransactionalAdapter } from '@keel/platform-database';
import { DomainError } from '@keel/platform-errors';
import { BlobStore } from '@keel/platform-storage';
import { BUNDLE_VERSION } from './bundle-format';
import { WorkspaceExport } from './workspace-export.entity';

export const WORKSPACE_EXPORT_JOB = 'admin.workspace-export';

export interface WorkspaceExportInput {
  exportId: string;
}

function exportNotFound(): DomainError {
  return new DomainError('NOT_FOUND', 'No export of this workspace has this id.');
}

/** A workspace's exports, in its tenant transaction: started as a job run, read, downloaded. */
@Injectable()
export class WorkspaceExports {
  constructor(
    private readonly txHost: TransactionHost<SafeTypeOrmTransactionalAdapter>,
    private readonly jobs: JobRunsService,
    private readonly actors: ActorContext,
    private readonly store: BlobStore,
  ) {}

  private get exports() {
    return this.txHost.tx.getRepository(WorkspaceExport);
  }

  /** The export and its job run exist together or not at all (the caller's transaction). */
  async start(workspaceId: string): Promise<WorkspaceExport> {
    const id = newId();
    const run = await this.jobs.start(workspaceId, WORKSPACE_EXPORT_JOB, {
      exportId: id,
    } satisfies WorkspaceExportInput);
    const actor = this.actors.optional;
    const requester = actor ? actorReference(actor) : undefined;
    const row: WorkspaceExport = {
      workspaceId,
      id,
      status: 'queued',
      jobRunId: run.id,
      formatVersion: BUNDLE_VERSION,
      blobKey: null,
      sha256: null,
      sizeBytes: null,
      counts: null,
      error: null,
      requestedByType: requester?.type ?? null,
      requestedById: requester?.id ?? null,
      createdAt: new Date(),
      finishedAt: null,
    };
    await this.exports.insert(row);
    return row;
  }

  async get(workspaceId: string, exportId: string): Promise<WorkspaceExport> {
    const row = await this.exports.findOneBy({ workspaceId, id: exportId });
    if (!row) throw exportNotFound();
    return row;
  }

  /** The archive of a succeeded export; 409 while it is still being written or when it failed. */
  async archive(workspaceId: string, exportId: string): Promise<{ row: WorkspaceExport; stream: Readable }> {
    const row = await this.get(workspaceId, exportId);
    if (row.status !== 'succeeded' || !row.blobKey) {
      throw new DomainError('CONFLICT', `The export is ${row.status}; download it once it has succeeded.`, {
        extensions: { status: row.status },
      });
    }
    return { row, stream: await this.store.get(row.blobKey) };
  }
}
