import { Injectable } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import { TransactionHost } from '@nestjs-cls/transactional';
import { generateWebhookSecret, webhookSecretAssociatedData } from '@keel/automation';
import { UsersService } from '@keel/identity';
import { JobContext, JobHandler, JobRunEnd } from '@keel/jobs';
import { SecretBox } from '@keel/platform-crypto';
import { GlobalTables, SafeTypeOrmTransactionalAdapter, TenantTransactions } from '@keel/platform-database';
import { BlobStore } from '@keel/platform-storage';
import { InvitesService } from '@keel/tenancy';
import { BundleContent, BundleRow } from './bundle-format';
import { BundleIdMap } from './bundle-id-map';
import { BUNDLE_IMPORT_JOB, BundleImportInput } from './bundle-imports.service';
import { bundleInvalid } from './bundle-invalid';
import { readBundle } from './bundle-reader';
import { BUNDLE_TABLES, BundleMember, MEMBERS_TABLE } from './bundle-tables';
import { PlatformImport } from './platform-import.entity';

const ERROR_MAX_LENGTH = 2_000;
const INSERT_BATCH = 500;

/**
 * Fills a workspace made by an import from its bundle, as a job run of that
 * workspace: stores the documents' bytes under new keys, then writes every
 * row in one tenant transaction — each id remapped (BundleIdMap), members
 * matched by email (the others invited, mailed like any invite), webhook
 * endpoints given fresh secrets — and records the import `succeeded` in the
 * same transaction. An attempt cut off anywhere leaves the workspace as the
 * import request made it (the blobs it stored are deleted, or orphaned by
 * a crash); the retry starts again.
 */
@Injectable()
export class BundleImportJob implements JobHandler<BundleImportInput> {
  readonly type = BUNDLE_IMPORT_JOB;
  readonly timeoutSeconds = 1_800;
  readonly maxAttempts = 3;

  constructor(
    private readonly txHost: TransactionHost<SafeTypeOrmTransactionalAdapter>,
    private readonly tenants: TenantTransactions,
    private readonly globalTables: GlobalTables,
    private readonly cls: ClsService,
    private readonly store: BlobStore,
    private readonly users: UsersService,
    private readonly invites: InvitesService,
    private readonly secretBox: SecretBox,
  ) {}

  run(context: JobContext<BundleImportInput>): Promise<Record<string, unknown>> {
    return this.cls.run(async () => {
      const { workspaceId } = context;
      const imports = this.globalTables.manager.getRepository(PlatformImport);
      const record = await imports.findOneBy({ id: context.input.importId });
      if (!record || record.status === 'succeeded' || record.status === 'failed') {
        return { skipped: 'the import is gone or finished already' };
      }
      await imports.update({ id: record.id }, { status: 'running' });
      await context.reportProgress(10, 'Storing the documents');
      const blobKeys = new Map<string, string>();
      try {
        const bundle = await readBundle(await this.store.get(record.bundleKey), async (documentId, bytes) => {
          const stored = await this.store.put(this.store.newKey(`documents/${workspaceId}`), bytes);
          blobKeys.set(documentId, stored.key);
        });
        await context.reportProgress(50, 'Writing the workspace');
        const result = await this.tenants.runInTenantTransaction(workspaceId, () =>
          this.write(record, bundle, blobKeys),
        );
        return { importId: record.id, ...result };
      } catch (error) {
        for (const key of blobKeys.values()) await this.store.delete(key).catch(() => undefined);
        throw error;
      }
    });
  }

  async ended(end: JobRunEnd<BundleImportInput>): Promise<void> {
    await this.txHost.tx
      .createQueryBuilder()
      .update(PlatformImport)
      .set({ status: 'failed', error: end.reason.slice(0, ERROR_MAX_LENGTH), finishedAt: new Date() })
      .where('id = :id', { id: end.input.importId })
      .andWhere(`status IN ('queued', 'running')`)
      .execute();
  }

  private async write(
    record: PlatformImport,
    bundle: BundleContent,
    blobKeys: ReadonlyMap<string, string>,
  ): Promise<{ counts: Record<string, number>; invited: string[] }> {
    const tx = this.txHost.tx;
    const workspaceId = record.importedWorkspaceId;
    // Restricted documents are written too (the documents context's own jobs see them so).
    await tx.query(`SELECT set_config('app.documents_restricted', 'on', true), set_config('app.role', '', true)`);
    const ids = new BundleIdMap();
    if (bundle.manifest.workspace.id) ids.set(bundle.manifest.workspace.id, workspaceId);
    const members = (bundle.tables[MEMBERS_TABLE] ?? []).map(memberOf);
    const accounts = new Map<string, string>();
    for (const member of members) {
      const user = await this.users.findByEmail(member.email);
      if (user) {
        accounts.set(member.email, user.id);
        ids.set(member.userId, user.id);
      }
    }

    const counts: Record<string, number> = {};
    for (const table of BUNDLE_TABLES) {
      const rows = (bundle.tables[table.name] ?? []).map((row) => ({
        ...this.fixUp(table.name, ids.remap(row), row, blobKeys),
        workspace_id: workspaceId,
      }));
      for (let start = 0; start < rows.length; start += INSERT_BATCH) {
        // The table name is one of BUNDLE_TABLES', never the bundle's; the rows go in as JSON.
        await tx.query(
          `INSERT INTO ${table.name} SELECT * FROM jsonb_populate_recordset(NULL::${table.name}, $1::jsonb)`,
          [JSON.stringify(rows.slice(start, start + INSERT_BATCH))],
        );
      }
      counts[table.name] = rows.length;
    }

    const invited: string[] = [];
    let owned = false;
    for (const member of members) {
      const userId = accounts.get(member.email);
      if (userId) {
        await tx.query(`INSERT INTO memberships (workspace_id, user_id, role_key) VALUES ($1, $2, $3)`, [
          workspaceId,
          userId,
          member.roleKey,
        ]);
        owned ||= member.roleKey === 'owner';
      } else {
        await this.invites.createForImport(workspaceId, member.email, member.roleKey);
        invited.push(member.email);
      }
    }
    // Someone must own it: with none of the bundle's owners here yet, the admin who imported it does.
    if (!owned && record.importedBy && ![...accounts.values()].includes(record.importedBy)) {
      await tx.query(`INSERT INTO memberships (workspace_id, user_id, role_key) VALUES ($1, $2, 'owner')`, [
        workspaceId,
        record.importedBy,
      ]);
    }
    counts[MEMBERS_TABLE] = accounts.size;
    counts['invited'] = invited.length;
    counts['blobs'] = blobKeys.size;
    await tx
      .getRepository(PlatformImport)
      .update({ id: record.id }, { status: 'succeeded', counts, invited, error: null, finishedAt: new Date() });
    return { counts, invited };
  }

  /** What a row needs beyond its remapped ids: a fresh webhook secret, the document's new blob. */
  private fixUp(table: string, row: BundleRow, original: BundleRow, blobKeys: ReadonlyMap<string, string>): BundleRow {
    if (table === 'webhook_endpoints') {
      const id = String(row['id']);
      return { ...row, secret_sealed: this.secretBox.seal(generateWebhookSecret(), webhookSecretAssociatedData(id)) };
    }
    if (table === 'documents') {
      const blobKey = blobKeys.get(String(original['id']));
      if (!blobKey) throw bundleInvalid(`The document ${String(original['id'])} has no bytes in the bundle.`);
      return { ...row, blob_key: blobKey, job_run_id: null };
    }
    return row;
  }
}

function memberOf(row: BundleRow): BundleMember {
  const { userId, email, roleKey } = row;
  if (typeof userId !== 'string' || typeof email !== 'string' || typeof roleKey !== 'string') {
    throw bundleInvalid('A line of tables/members.jsonl lacks its userId, email or roleKey.');
  }
  return { userId, email, roleKey };
}
