import type { DataSource, EntityManager } from 'typeorm';
import { isUuid } from '@keel/platform-errors';
import { DATABASE_APP_ROLE, DATABASE_OWNER_ROLE } from './database-roles';
import { runInOwnTransaction } from './safe-typeorm-transactional.adapter';

/**
 * The first statements of every tenant transaction: drop to the application
 * role (no BYPASSRLS) and name the workspace, both transaction-local, so the
 * next transaction on the same pooled connection starts clean.
 */
export async function enterTenantScope(manager: EntityManager, workspaceId: string): Promise<void> {
  if (!isUuid(workspaceId)) throw new TypeError('A tenant transaction needs a workspace id (uuid).');
  await manager.query(`SET LOCAL ROLE ${DATABASE_APP_ROLE}`);
  await manager.query(`SELECT set_config('app.workspace_id', $1, true)`, [workspaceId]);
}

/** The workspace id of a restricted scope: no workspace has it, so no tenant row matches it. */
export const NO_WORKSPACE_ID = '00000000-0000-0000-0000-000000000000';

const SETTING_NAME = /^[a-z][a-z0-9_]{0,62}$/;

/**
 * Like a tenant transaction, but in no workspace: the application role with
 * `app.workspace_id` set to a workspace that cannot exist, plus extra
 * transaction-local settings (`app.<name>`) that narrower policies read — a
 * user's own memberships across workspaces (`user_id`), the one API key or
 * invite whose secret's hash the caller holds. Setting the workspace id keeps
 * the tenant policy from failing on an unset setting.
 */
export async function enterRestrictedScope(manager: EntityManager, settings: Record<string, string>): Promise<void> {
  await manager.query(`SET LOCAL ROLE ${DATABASE_APP_ROLE}`);
  await manager.query(`SELECT set_config('app.workspace_id', $1, true)`, [NO_WORKSPACE_ID]);
  for (const [name, value] of Object.entries(settings)) {
    if (!SETTING_NAME.test(name) || name === 'workspace_id')
      throw new TypeError(`Not a restricted scope setting: ${name}`);
    await manager.query(`SELECT set_config($1, $2, true)`, [`app.${name}`, value]);
  }
}

/** A transaction scoped to one workspace, for code outside a request (jobs, tools, tests). */
export function runInTenantTransaction<T>(
  dataSource: DataSource,
  workspaceId: string,
  fn: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  return runInOwnTransaction(dataSource, undefined, async (manager) => {
    await enterTenantScope(manager, workspaceId);
    return fn(manager);
  });
}

/**
 * A transaction as keel_owner, for work across workspaces (the relays,
 * retention, housekeeping, the reaper, key rotation): tenant tables admit it
 * only through an owner policy of their own (`FOR ALL TO keel_owner …`). In no
 * workspace, like a restricted scope, so a tenant policy beside a narrower
 * owner policy matches nothing instead of failing on an unset setting.
 */
export function runInOwnerTransaction<T>(
  dataSource: DataSource,
  fn: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  return runInOwnTransaction(dataSource, undefined, async (manager) => {
    await manager.query(`SET LOCAL ROLE ${DATABASE_OWNER_ROLE}`);
    await manager.query(`SELECT set_config('app.workspace_id', $1, true)`, [NO_WORKSPACE_ID]);
    return fn(manager);
  });
}
