import { escapeLiteral } from 'pg';
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

/** A text literal of the opening statement, which goes without parameters (in one round trip with START TRANSACTION). */
function textLiteral(value: string): string {
  if (value.includes('\0')) throw new TypeError('A transaction setting cannot hold a NUL character.');
  return escapeLiteral(value);
}

/**
 * The opening statement of a door: the role and the settings, all
 * transaction-local, so the next transaction on the same pooled connection
 * starts clean. One SELECT of `set_config` calls (`role` first: the same
 * membership check as SET LOCAL ROLE), sent with START TRANSACTION in one
 * round trip (runInOwnTransaction's `opening`).
 */
function openingStatement(role: string, settings: [string, string][]): string {
  const calls = [[`role`, role], ...settings].map(
    ([name, value]) => `set_config(${textLiteral(name)}, ${textLiteral(value)}, true)`,
  );
  return `SELECT ${calls.join(', ')}`;
}

/**
 * The opening of every tenant transaction: drop to the application role (no
 * BYPASSRLS) and name the workspace.
 */
export function tenantScopeOpening(workspaceId: string): string {
  if (!isUuid(workspaceId)) throw new TypeError('A tenant transaction needs a workspace id (uuid).');
  return openingStatement(DATABASE_APP_ROLE, [['app.workspace_id', workspaceId]]);
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
export function restrictedScopeOpening(settings: Record<string, string>): string {
  const named: [string, string][] = [['app.workspace_id', NO_WORKSPACE_ID]];
  for (const [name, value] of Object.entries(settings)) {
    if (!SETTING_NAME.test(name) || name === 'workspace_id')
      throw new TypeError(`Not a restricted scope setting: ${name}`);
    named.push([`app.${name}`, value]);
  }
  return openingStatement(DATABASE_APP_ROLE, named);
}

/** keel_owner in no workspace (see runAsPlatformOwner). */
const PLATFORM_OWNER_OPENING = openingStatement(DATABASE_OWNER_ROLE, [['app.workspace_id', NO_WORKSPACE_ID]]);

/** A transaction scoped to one workspace, for code outside the request context (tools, tests, one-off writes). */
export async function runInTenantTransaction<T>(
  dataSource: DataSource,
  workspaceId: string,
  fn: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  return runInOwnTransaction(dataSource, undefined, fn, tenantScopeOpening(workspaceId));
}

/** A restricted transaction (see restrictedScopeOpening) outside the request context. */
export async function runInRestrictedScope<T>(
  dataSource: DataSource,
  settings: Record<string, string>,
  fn: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  return runInOwnTransaction(dataSource, undefined, fn, restrictedScopeOpening(settings));
}

/**
 * A transaction as keel_owner, for work across workspaces (the relays,
 * retention, housekeeping, the reaper, key rotation): tenant tables admit it
 * only through an owner policy of their own (`FOR ALL TO keel_owner …`). In no
 * workspace, like a restricted scope, so a tenant policy beside a narrower
 * owner policy matches nothing instead of failing on an unset setting.
 */
export function runAsPlatformOwner<T>(dataSource: DataSource, fn: (manager: EntityManager) => Promise<T>): Promise<T> {
  return runInOwnTransaction(dataSource, undefined, fn, PLATFORM_OWNER_OPENING);
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
