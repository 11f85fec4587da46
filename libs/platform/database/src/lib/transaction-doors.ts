import type { DataSource, EntityManager } from 'typeorm';
import { isUuid } from '@keel/platform-errors';
import { DATABASE_APP_ROLE, DATABASE_OWNER_ROLE } from './database-roles';
import { runInOwnTransaction } from './safe-typeorm-transactional.adapter';

/*
 * The doors into the database. Every query goes through one of them, and the
 * door decides the role it runs as and which rows row-level security shows it.
 * There is no way around them: outside a transaction `txHost.tx` throws
 * OutsideTransactionError (SafeTypeOrmTransactionalAdapter) instead of falling
 * back to the pool, so a tenant service called outside its tenant transaction
 * fails instead of answering with whatever its own WHERE lets through.
 *
 * | door                                      | role       | workspace     | who may use it                          |
 * | ----------------------------------------- | ---------- | ------------- | --------------------------------------- |
 * | TenantTransactions.runInTenantTransaction | keel_app   | the workspace | workspace routes (the interceptor),     |
 * |                                           |            |               | jobs, consumers; services inside reach  |
 * |                                           |            |               | it via txHost.tx or WorkspaceRepository |
 * | runInTenantTransaction(dataSource, …)     | keel_app   | the workspace | the same outside the request context:   |
 * |                                           |            |               | tools, tests, an API key's last use     |
 * | TenantTransactions.runInRestrictedScope   | keel_app   | none, plus    | what a narrower policy shows across     |
 * | runInRestrictedScope(dataSource, …)       |            | app.<setting> | workspaces: one's memberships, the key  |
 * |                                           |            |               | or invite whose secret one holds,       |
 * |                                           |            |               | account audit events                    |
 * | runAsPlatformOwner(dataSource, …)         | keel_owner | none          | work across every workspace through     |
 * |                                           |            |               | owner policies: relays, retention,      |
 * |                                           |            |               | housekeeping, reaper, key rotation;     |
 * |                                           |            |               | never for a request                     |
 * | GlobalTables.manager, .runUnscoped        | login role | unset         | global tables only (users, sessions,    |
 * | runUnscoped(dataSource, …)                |            |               | tokens, keys, throttles, idempotency    |
 * |                                           |            |               | keys); never for a tenant table         |
 *
 * "none" is NO_WORKSPACE_ID, a workspace that cannot exist, so tenant policies
 * match nothing instead of failing on an unset setting. The login role may be
 * a superuser (the embedded default), which bypasses row-level security: only
 * the doors that switch to keel_app are held by the tenant policies whatever
 * the login. A WorkspaceRepository goes further than
 * `txHost.tx`: it refuses to run outside a tenant transaction of its workspace.
 */

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

/** A transaction scoped to one workspace, for code outside the request context (tools, tests, one-off writes). */
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

/** A restricted transaction (see enterRestrictedScope) outside the request context. */
export function runInRestrictedScope<T>(
  dataSource: DataSource,
  settings: Record<string, string>,
  fn: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  return runInOwnTransaction(dataSource, undefined, async (manager) => {
    await enterRestrictedScope(manager, settings);
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
export function runAsPlatformOwner<T>(dataSource: DataSource, fn: (manager: EntityManager) => Promise<T>): Promise<T> {
  return runInOwnTransaction(dataSource, undefined, async (manager) => {
    await manager.query(`SET LOCAL ROLE ${DATABASE_OWNER_ROLE}`);
    await manager.query(`SELECT set_config('app.workspace_id', $1, true)`, [NO_WORKSPACE_ID]);
    return fn(manager);
  });
}

/**
 * A transaction as the login role with no workspace, for global tables only
 * (no workspace_id, no row-level security): signing keys, sign-in throttles,
 * idempotency keys. A tenant table read here sees nothing under a login
 * without superuser, and everything under a superuser one: never use it for one.
 */
export function runUnscoped<T>(dataSource: DataSource, fn: (manager: EntityManager) => Promise<T>): Promise<T> {
  return runInOwnTransaction(dataSource, undefined, fn);
}
