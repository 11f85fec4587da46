import type { DataSource, EntityManager } from 'typeorm';
import { DATABASE_APP_ROLE } from './database-roles';
import { runInOwnTransaction } from './safe-typeorm-transactional.adapter';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The first statements of every tenant transaction: drop to the application
 * role (no BYPASSRLS) and name the workspace, both transaction-local, so the
 * next transaction on the same pooled connection starts clean.
 */
export async function enterTenantScope(manager: EntityManager, workspaceId: string): Promise<void> {
  if (!UUID.test(workspaceId)) throw new TypeError('A tenant transaction needs a workspace id (uuid).');
  await manager.query(`SET LOCAL ROLE ${DATABASE_APP_ROLE}`);
  await manager.query(`SELECT set_config('app.workspace_id', $1, true)`, [workspaceId]);
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
