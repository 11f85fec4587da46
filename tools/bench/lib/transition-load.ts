import type { BenchRequest, ConnectionContext, DynamicBenchRequest } from './bench-request';
import { assertSameTransitions } from './compare-transitions';
import { readSettledProjectStates } from './project-states';
import type { WriteLoad } from './write-load';

/**
 * The two transitions of the default workflow the bench bounces a project
 * along, by the state they leave: "Plan" (Backlog → Planned) and "Back to
 * backlog" (Planned → Backlog); neither has a condition or a permission of its own.
 */
export const BOUNCE: Readonly<Record<string, string>> = { Backlog: 'Planned', Planned: 'Backlog' };

/** A project the load moves: where it is, as whom, and the version and state it is at. */
export interface TransitionLane {
  workspaceId: string;
  projectId: string;
  accessToken: string;
  version: number;
  state: string;
}

/** The connection context's key for the lane its request is about. */
const LANE = 'transitionLane';

function otherState(lane: TransitionLane): string {
  const to = BOUNCE[lane.state];
  if (to === undefined) {
    throw new Error(
      `Project ${lane.projectId} is in "${lane.state}": the transition load moves projects between ` +
        `${Object.keys(BOUNCE).join(' and ')} only.`,
    );
  }
  return to;
}

/** The lane's next write: to the other state, naming the version it is at (and, given one, a request id). */
export function nextTransition(lane: TransitionLane, requestId?: string): BenchRequest {
  return {
    method: 'POST',
    path: `/v1/workspaces/${lane.workspaceId}/projects/${lane.projectId}/transitions`,
    headers: {
      authorization: `Bearer ${lane.accessToken}`,
      'content-type': 'application/json',
      ...(requestId === undefined ? {} : { 'x-request-id': requestId }),
    },
    body: JSON.stringify({ to: otherState(lane), expectedVersion: lane.version }),
  };
}

/** What a 200 to nextTransition(lane) means: the project is in the other state, one version on. */
export function advance(lane: TransitionLane): void {
  lane.state = otherState(lane);
  lane.version += 1;
}

/**
 * `POST …/transitions` over a pool of projects: each send takes a project no
 * other connection holds, moves it to its other state at the version it is
 * at, and gives it back on a 200, one version on. A project refused (anything
 * but 200) stays out until the next sync, so one stale version cannot turn
 * into a run of refusals; every refusal is counted.
 */
export class TransitionLoad implements WriteLoad {
  readonly requests: BenchRequest[];
  /** Lanes no connection holds, in the order they were given back. */
  private readonly free: number[] = [];
  /** Lanes a connection holds, the longest-held first. */
  private readonly held = new Set<number>();
  private readonly refused = new Map<number, number>();

  constructor(private readonly lanes: TransitionLane[]) {
    this.free.push(...lanes.map((_, index) => index));
    this.requests = [this.request()];
  }

  get distinctTargets(): number {
    return this.lanes.length;
  }

  private request(): DynamicBenchRequest {
    return {
      method: 'POST',
      path: '/v1/workspaces/{workspaceId}/projects/{projectId}/transitions',
      setupRequest: (request: BenchRequest, context: ConnectionContext) => {
        const index = this.take();
        context[LANE] = index;
        return { ...request, ...nextTransition(this.lanes[index]) };
      },
      onResponse: (status: number, _body: string, context: ConnectionContext) => {
        const index = context[LANE];
        if (typeof index === 'number') this.giveBack(index, status);
      },
    };
  }

  /**
   * A free lane; when there is none, a connection gave up waiting for an
   * answer (a timeout) and reconnected, so the longest-held lane is taken
   * over: a 409 then shows whether the lost write went through.
   */
  private take(): number {
    const index = this.free.shift() ?? this.held.values().next().value;
    if (index === undefined) throw new Error('The transition load has no projects to move.');
    this.held.delete(index);
    this.held.add(index);
    return index;
  }

  private giveBack(index: number, status: number): void {
    if (!this.held.delete(index)) return;
    if (status === 200) {
      advance(this.lanes[index]);
      this.free.push(index);
    } else {
      this.refused.set(status, (this.refused.get(status) ?? 0) + 1);
    }
  }

  refusals(): ReadonlyMap<number, number> {
    return this.refused;
  }

  async sync(databaseUrl: string): Promise<void> {
    const workspaceIds = [...new Set(this.lanes.map((lane) => lane.workspaceId))];
    const stored = await readSettledProjectStates(databaseUrl, workspaceIds);
    for (const lane of this.lanes) {
      const current = stored.get(lane.projectId);
      if (!current)
        throw new Error(`Project ${lane.projectId} of workspace ${lane.workspaceId} is not in the database.`);
      lane.version = current.version;
      lane.state = current.state;
      // A project in a state the load does not bounce between is refused here, not in the middle of a load.
      otherState(lane);
    }
    this.held.clear();
    this.free.splice(0, this.free.length, ...this.lanes.map((_, index) => index));
    this.refused.clear();
  }

  async assertSameWrites(keelUrl: string, baselineUrl: string, databaseUrl: string): Promise<void> {
    await this.sync(databaseUrl);
    const [lane] = this.lanes;
    if (!lane) throw new Error('The transition load has no projects to move.');
    await assertSameTransitions(lane, { keelUrl, baselineUrl, databaseUrl });
  }
}
