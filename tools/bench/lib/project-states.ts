import { setTimeout as sleep } from 'node:timers/promises';
import { withWorkspaceQueries, WorkspaceQuery } from './workspace-queries';

/** Where a project stands: what the next write must name as its expected version, and its workflow state. */
export interface ProjectState {
  version: number;
  state: string;
}

/** Between two reads of a settled check. */
const SETTLE_CHECK_MS = 200;
/** Reads before giving up: about four seconds. */
const MAX_READS = 20;

async function readOnce(query: WorkspaceQuery, workspaceIds: string[]): Promise<Map<string, ProjectState>> {
  const states = new Map<string, ProjectState>();
  for (const workspaceId of workspaceIds) {
    const rows = await query(workspaceId, 'SELECT id, version, state FROM projects WHERE workspace_id = $1', [
      workspaceId,
    ]);
    for (const { id, version, state } of rows) {
      if (typeof id !== 'string' || typeof version !== 'number' || typeof state !== 'string') {
        throw new Error(`Unexpected project row in ${workspaceId}: ${JSON.stringify({ id, version, state })}`);
      }
      states.set(id, { version, state });
    }
  }
  return states;
}

function sameStates(a: Map<string, ProjectState>, b: Map<string, ProjectState>): boolean {
  if (a.size !== b.size) return false;
  for (const [id, state] of a) {
    const other = b.get(id);
    if (!other || other.version !== state.version || other.state !== state.state) return false;
  }
  return true;
}

/**
 * The version and state of every project of these workspaces, by id, once
 * nothing changes them any more: a load cut short at the end of its time can
 * leave writes the server has still to commit, so two reads a moment apart
 * must agree.
 */
export async function readSettledProjectStates(
  databaseUrl: string,
  workspaceIds: string[],
): Promise<Map<string, ProjectState>> {
  return withWorkspaceQueries(databaseUrl, async (query) => {
    let previous = await readOnce(query, workspaceIds);
    for (let read = 1; read < MAX_READS; read += 1) {
      await sleep(SETTLE_CHECK_MS);
      const current = await readOnce(query, workspaceIds);
      if (sameStates(previous, current)) return current;
      previous = current;
    }
    throw new Error(
      `The bench's projects kept changing for ${(MAX_READS * SETTLE_CHECK_MS) / 1000} s after the load stopped: ` +
        'is something else writing to them?',
    );
  });
}
