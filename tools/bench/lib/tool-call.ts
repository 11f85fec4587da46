import { isDeepStrictEqual } from 'node:util';
import { authorizedGet, BenchRequest, describeRequest } from './bench-request';
import { send } from './compare-responses';
import type { BenchAccount, BenchSeed } from './scenarios';
import type { BenchProjects } from './seed-projects';

/** The tool the scenario calls: the read GET …/projects/{projectId} does. */
export const TOOL_CALL_TOOL = 'projects.get';

/** Distinct reads per run, as the other project scenarios take. */
const SAMPLE = 1000;

function ownerOf(seed: BenchSeed, projects: BenchProjects): BenchAccount {
  const owner = seed.accounts.find((account) => account.userId === projects.ownerId);
  if (!owner) throw new Error(`No seeded account owns workspace ${projects.workspaceId}.`);
  return owner;
}

/** A calls-mode execution of projects.get on one project, as its workspace's owner. */
function executionOf(workspaceId: string, projectId: string, accessToken: string): BenchRequest {
  return {
    method: 'POST',
    path: `/v1/workspaces/${workspaceId}/ai/executions`,
    headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ calls: [{ tool: TOOL_CALL_TOOL, input: { projectId } }] }),
  };
}

/**
 * The same sample of seeded projects read both ways, pair by pair: the
 * execution, and the HTTP read of the same project.
 */
export function toolCallPairs(seed: BenchSeed): { requests: BenchRequest[]; reference: BenchRequest[] } {
  const pairs = seed.projects.flatMap((projects) => {
    const { accessToken } = ownerOf(seed, projects);
    return projects.projectIds.map((projectId) => ({
      call: executionOf(projects.workspaceId, projectId, accessToken),
      read: authorizedGet(`/v1/workspaces/${projects.workspaceId}/projects/${projectId}`, accessToken),
    }));
  });
  for (let i = pairs.length - 1; i > 0; i -= 1) {
    const j = Math.floor(Math.random() * (i + 1));
    [pairs[i], pairs[j]] = [pairs[j], pairs[i]];
  }
  const sample = pairs.slice(0, SAMPLE);
  return { requests: sample.map((pair) => pair.call), reference: sample.map((pair) => pair.read) };
}

/**
 * A policy permitting the read in every project workspace (deny by default:
 * without one, every call would be a cheap refusal, not a read), set by its
 * owner through the API. No budget, as a workspace that sets none.
 */
export async function permitToolCallReads(keelUrl: string, seed: BenchSeed): Promise<void> {
  for (const projects of seed.projects) {
    const response = await fetch(`${keelUrl}/v1/workspaces/${projects.workspaceId}/ai/policy`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${ownerOf(seed, projects).accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ rules: [{ id: 'bench-reads', effect: 'permit', tools: [TOOL_CALL_TOOL] }] }),
    });
    if (response.status !== 200) {
      throw new Error(`PUT …/ai/policy answered ${response.status}: ${await response.text()}`);
    }
  }
}

/**
 * Before anything is timed: the execution must answer 201 with one step
 * that succeeded, its result exactly what the HTTP route answers, or the
 * comparison would measure different work (a refusal costs less than a read).
 */
export async function assertToolCallReadsAsRoute(
  keelUrl: string,
  call: BenchRequest,
  read: BenchRequest,
): Promise<void> {
  const [execution, overHttp] = [await send(keelUrl, call), await send(keelUrl, read)];
  const steps = (execution.body as { steps?: { outcome?: string; result?: unknown }[] }).steps ?? [];
  if (
    execution.status !== 201 ||
    overHttp.status !== 200 ||
    steps.length !== 1 ||
    steps[0].outcome !== 'succeeded' ||
    !isDeepStrictEqual(steps[0].result, overHttp.body)
  ) {
    throw new Error(
      `The tool call and the route disagree:\n  ${describeRequest(call)}: ${JSON.stringify(execution)}\n` +
        `  ${describeRequest(read)}: ${JSON.stringify(overHttp)}`,
    );
  }
}
