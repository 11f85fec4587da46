import { SqlMigration } from '@keel/platform-database';

/**
 * What platform admins change and read across workspaces. A workspace can be
 * put on hold (suspended, or scheduled for deletion: the workspace guard then
 * answers 423); an account is disabled through identity's `users.disabled_at`
 * (AccountDisabled1764000012050, before this one).
 *
 * The admin routes read across workspaces in one named owner-level
 * transaction (AdminOwnerReads): keel_owner in no workspace, which forced
 * row-level security admits only through policies of its own. These are
 * read-only (FOR SELECT TO keel_owner) and keel_app is not a member of
 * keel_owner, so no workspace route gains a way around the tenant policies.
 */
export class WorkspaceAndAccountHolds1764000012100 extends SqlMigration {
  readonly name = 'WorkspaceAndAccountHolds1764000012100';

  protected readonly upSql = `
    ALTER TABLE workspaces ADD COLUMN suspended_at timestamptz NULL;
    ALTER TABLE workspaces ADD COLUMN hold_reason text NULL;
    ALTER TABLE workspaces ADD COLUMN deletion_due_at timestamptz NULL;

    CREATE POLICY workspaces_platform_admin_read ON workspaces FOR SELECT TO keel_owner USING (true);
    CREATE POLICY memberships_platform_admin_read ON memberships FOR SELECT TO keel_owner USING (true);
    CREATE POLICY projects_platform_admin_read ON projects FOR SELECT TO keel_owner USING (true);
    CREATE POLICY api_keys_platform_admin_read ON api_keys FOR SELECT TO keel_owner USING (true);
    CREATE POLICY subscriptions_platform_admin_read ON subscriptions FOR SELECT TO keel_owner USING (true);

    -- The workspace's audit trail is append-only for keel_app and has no foreign key to the workspace:
    -- the removal of a deleted workspace deletes it as keel_owner, naming the workspace it removes.
    CREATE POLICY audit_events_workspace_removal ON audit_events FOR DELETE TO keel_owner
      USING (workspace_id = (SELECT nullif(current_setting('app.removed_workspace_id', true), '')::uuid));
  `;

  protected readonly downSql = `
    DROP POLICY audit_events_workspace_removal ON audit_events;
    DROP POLICY subscriptions_platform_admin_read ON subscriptions;
    DROP POLICY api_keys_platform_admin_read ON api_keys;
    DROP POLICY projects_platform_admin_read ON projects;
    DROP POLICY memberships_platform_admin_read ON memberships;
    DROP POLICY workspaces_platform_admin_read ON workspaces;
    ALTER TABLE workspaces DROP COLUMN deletion_due_at;
    ALTER TABLE workspaces DROP COLUMN hold_reason;
    ALTER TABLE workspaces DROP COLUMN suspended_at;
  `;
}
