import { SqlMigration } from '@keel/platform-database';

/**
 * The expiry sweep (ApprovalExpiryJob) runs outside any workspace, as
 * keel_owner, to find which workspaces have approvals past their time: it
 * sees those rows only, and reads them only. Settling them happens in each
 * workspace's own tenant transaction.
 */
export class AiApprovalExpiry1764000020310 extends SqlMigration {
  readonly name = 'AiApprovalExpiry1764000020310';

  protected readonly upSql = `
    CREATE POLICY ai_approvals_expiry_sweep ON ai_approvals FOR SELECT TO keel_owner
      USING (status = 'pending' AND expires_at <= now());
  `;

  protected readonly downSql = `
    DROP POLICY ai_approvals_expiry_sweep ON ai_approvals;
  `;
}
