import type { BenchRequest, ConnectionContext, DynamicBenchRequest } from './bench-request';
import { advance, nextTransition, TransitionLane, TransitionLoad } from './transition-load';

function lane(projectId: string, version = 1, state = 'Backlog'): TransitionLane {
  return { workspaceId: 'w1', projectId, accessToken: 'token', version, state };
}

/** The load's one request, as autocannon drives it: set up before a send, told the answer after. */
function driver(load: TransitionLoad) {
  const [request] = load.requests as DynamicBenchRequest[];
  return {
    send(context: ConnectionContext): BenchRequest {
      return request.setupRequest({ method: 'POST', path: '/' }, context);
    },
    answer(context: ConnectionContext, status: number): void {
      request.onResponse(status, '', context);
    },
  };
}

const bodyOf = (request: BenchRequest): unknown => JSON.parse(request.body ?? 'null');

describe('nextTransition and advance', () => {
  it('should move a project to its other state at the version it is at, and one version on after a 200', () => {
    const project = lane('p1', 3, 'Planned');
    expect(nextTransition(project, 'check-1')).toEqual({
      method: 'POST',
      path: '/v1/workspaces/w1/projects/p1/transitions',
      headers: { authorization: 'Bearer token', 'content-type': 'application/json', 'x-request-id': 'check-1' },
      body: JSON.stringify({ to: 'Backlog', expectedVersion: 3 }),
    });
    advance(project);
    expect(project).toMatchObject({ version: 4, state: 'Backlog' });
    expect(bodyOf(nextTransition(project))).toEqual({ to: 'Planned', expectedVersion: 4 });
  });

  it('should refuse a project in a state it does not bounce between', () => {
    expect(() => nextTransition(lane('p1', 2, 'Done'))).toThrow('is in "Done"');
  });
});

describe('TransitionLoad', () => {
  it('should give each connection a project no other connection holds', () => {
    const load = driver(new TransitionLoad([lane('p1'), lane('p2')]));
    const paths = [load.send({}), load.send({})].map((request) => request.path);
    expect(new Set(paths).size).toBe(2);
  });

  it('should keep the request as autocannon gave it, filled in', () => {
    const load = driver(new TransitionLoad([lane('p1')]));
    const request = load.send({});
    expect(request).toMatchObject({ method: 'POST', path: '/v1/workspaces/w1/projects/p1/transitions' });
  });

  it("should send a project's next write at the version its last 200 left, back and forth", () => {
    const load = driver(new TransitionLoad([lane('p1')]));
    const bodies: unknown[] = [];
    for (let n = 0; n < 3; n += 1) {
      const context: ConnectionContext = {};
      bodies.push(bodyOf(load.send(context)));
      load.answer(context, 200);
    }
    expect(bodies).toEqual([
      { to: 'Planned', expectedVersion: 1 },
      { to: 'Backlog', expectedVersion: 2 },
      { to: 'Planned', expectedVersion: 3 },
    ]);
  });

  it('should count a refusal and keep the refused project out, so one stale version is one refusal', () => {
    const transitions = new TransitionLoad([lane('p1'), lane('p2')]);
    const load = driver(transitions);
    const refused: ConnectionContext = {};
    const refusedPath = load.send(refused).path;
    load.answer(refused, 409);
    const paths = [0, 1, 2].map(() => {
      const context: ConnectionContext = {};
      const { path } = load.send(context);
      load.answer(context, 200);
      return path;
    });
    expect(paths).not.toContain(refusedPath);
    expect([...transitions.refusals()]).toEqual([[409, 1]]);
  });

  it('should take over the longest-held project when every one is held (a connection lost its answer)', () => {
    const load = driver(new TransitionLoad([lane('p1'), lane('p2')]));
    const first = load.send({}).path;
    load.send({});
    expect(load.send({}).path).toBe(first);
  });

  it('should count the projects it writes to', () => {
    expect(new TransitionLoad([lane('p1'), lane('p2'), lane('p3')]).distinctTargets).toBe(3);
  });
});
