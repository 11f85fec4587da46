import { DataSource } from 'typeorm';

type Row = Record<string, unknown>;

export interface WorkspaceRows {
  workspace: Row[];
  memberships: Row[];
  users: Row[];
  roles: Row[];
  invites: Row[];
  apiKeys: Row[];
  auditEventCount: number;
}

/**
 * Everything a workspace holds, read through `dataSource` (a superuser, so
 * row-level security hides nothing): taken before and after a request that
 * must change nothing.
 */
export async function workspaceRows(dataSource: DataSource, workspaceId: string): Promise<WorkspaceRows> {
  const rows = (sql: string): Promise<Row[]> => dataSource.query(sql, [workspaceId]);
  const [audit] = await rows(`SELECT count(*)::int AS count FROM audit_events WHERE workspace_id = $1`);
  return {
    workspace: await rows(`SELECT * FROM workspaces WHERE id = $1`),
    memberships: await rows(`SELECT * FROM memberships WHERE workspace_id = $1 ORDER BY user_id`),
    users: await rows(
      `SELECT u.* FROM users u JOIN memberships m ON m.user_id = u.id WHERE m.workspace_id = $1 ORDER BY u.id`,
    ),
    roles: await rows(`SELECT * FROM roles WHERE workspace_id = $1 ORDER BY id`),
    invites: await rows(`SELECT * FROM invites WHERE workspace_id = $1 ORDER BY id`),
    // last_used_at moves whenever a key of the workspace is presented, even to be refused elsewhere: that is no change to the workspace.
    apiKeys: (await rows(`SELECT * FROM api_keys WHERE workspace_id = $1 ORDER BY id`)).map(
      ({ last_used_at: _lastUsedAt, ...key }) => key,
    ),
    auditEventCount: Number(audit['count']),
  };
}
