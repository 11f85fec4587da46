import { createKeelClient } from '@keel/sdk';
import { inBatches } from './in-batches';
import type { BenchAccount } from './scenarios';

/** A workspace the bench filled with projects through the API, and the account that owns it (and reads and moves them). */
export interface BenchProjects {
  workspaceId: string;
  ownerId: string;
  /** In creation order. */
  projectIds: string[];
}

/**
 * Workspaces filled at once: each one's projects are made one after the other
 * (the order of their keys is the order of their creation times), several
 * workspaces side by side.
 */
const WORKSPACE_CONCURRENCY = 4;

/**
 * The workspaces to fill, owners spread out: every account's first workspace,
 * then every account's second, and so on.
 */
function workspacesToFill(accounts: BenchAccount[], count: number): { workspaceId: string; ownerId: string }[] {
  const maxWorkspaces = Math.max(0, ...accounts.map((account) => account.workspaceIds.length));
  const candidates = Array.from({ length: maxWorkspaces }, (_, w) =>
    accounts.flatMap((account) => {
      const workspaceId = account.workspaceIds[w];
      return workspaceId === undefined ? [] : [{ workspaceId, ownerId: account.userId }];
    }),
  ).flat();
  if (candidates.length < count) {
    throw new Error(
      `${count} workspaces of projects asked for, but the seeded accounts own only ${candidates.length}: ` +
        'raise --users or --user-workspaces, or lower --project-workspaces.',
    );
  }
  return candidates.slice(0, count);
}

/**
 * Projects made the way real ones are: created through the API by each
 * workspace's owner (`POST /v1/workspaces/{workspaceId}/projects`), so each
 * starts in the default workflow's initial state (Backlog) at version 1 with
 * its activity entry and its `project.created` event, as the API writes them.
 */
export async function seedProjects(
  apiUrl: string,
  accounts: BenchAccount[],
  workspaces: number,
  projectsPerWorkspace: number,
): Promise<BenchProjects[]> {
  const targets = workspacesToFill(accounts, workspaces);
  return inBatches(targets.length, WORKSPACE_CONCURRENCY, async (index) => {
    const { workspaceId, ownerId } = targets[index];
    const owner = accounts.find((account) => account.userId === ownerId);
    if (!owner) throw new Error(`No seeded account ${ownerId}.`);
    const client = createKeelClient({ baseUrl: apiUrl, accessToken: owner.accessToken });
    const projectIds: string[] = [];
    for (let p = 1; p <= projectsPerWorkspace; p += 1) {
      const key = `P${p}`;
      const { data, error, response } = await client.POST('/v1/workspaces/{workspaceId}/projects', {
        params: { path: { workspaceId } },
        body: {
          key,
          name: `Bench project ${index + 1}.${p}`,
          description: `Seeded by the bench: project ${p} of workspace ${index + 1}.`,
        },
      });
      if (!data) {
        throw new Error(`creating project ${key} in ${workspaceId}: ${response.status} ${JSON.stringify(error)}`);
      }
      projectIds.push(data.id);
    }
    return { workspaceId, ownerId, projectIds };
  });
}
