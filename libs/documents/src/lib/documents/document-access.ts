import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { SafeTypeOrmTransactionalAdapter } from '@keel/platform-database';
import { WorkspaceScope } from '@keel/tenancy';

/**
 * Says who is asking, in the current tenant transaction, for the visibility
 * policy of documents and chunks (migration 1764000015500): holders of
 * documents:restricted (owners and admins by their roles, an API key granted
 * it) see every document; anyone else the workspace's documents and the
 * restricted ones that allow their role. Transaction-local settings, so
 * nothing carries over on a pooled connection; a transaction that never
 * says sees workspace documents only.
 */
@Injectable()
export class DocumentAccess {
  constructor(
    private readonly txHost: TransactionHost<SafeTypeOrmTransactionalAdapter>,
    private readonly scope: WorkspaceScope,
  ) {}

  /** The caller of this request. */
  async enterAsCaller(): Promise<void> {
    const access = this.scope.current;
    await this.set(access.permissions.has('documents:restricted'), access.role ?? '');
  }

  /** Ingestion and other work of the documents context itself: every document. */
  async enterAsSystem(): Promise<void> {
    await this.set(true, '');
  }

  /** Whether the current transaction may see restricted documents it is not allowed by role. */
  async seesAll(): Promise<boolean> {
    const [row]: { value: string | null }[] = await this.txHost.tx.query(
      `SELECT current_setting('app.documents_restricted', true) AS value`,
    );
    return row?.value === 'on';
  }

  private async set(all: boolean, role: string): Promise<void> {
    await this.txHost.tx.query(
      `SELECT set_config('app.documents_restricted', $1, true), set_config('app.role', $2, true)`,
      [all ? 'on' : 'off', role],
    );
  }
}
