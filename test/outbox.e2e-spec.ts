/**
 * The transactional outbox, seen from outside: a change and its domain event
 * commit together, a refused change leaves no event behind, and an event
 * carries who caused it and the trace of the request.
 */
import { httpRequest, jsonObject, postJson } from './support/http';
import { KeelOnTestDatabase, startKeelOnTestDatabase } from './support/keel-on-test-database';
import { SignedInPerson, signUp } from './support/keel-people';
import { createWorkspace } from './support/keel-tenants';

interface OutboxRow {
  id: string;
  type: string;
  version: number;
  actor_type: string | null;
  actor_id: string | null;
  data: Record<string, unknown>;
  traceparent: string | null;
  causation_id: string | null;
  depth: number;
  relayed_at: Date | null;
}

describe('the outbox', () => {
  let keel: KeelOnTestDatabase;
  let owner: SignedInPerson;
  let workspaceId: string;

  const outboxRows = (): Promise<OutboxRow[]> =>
    keel.database.dataSource.query('SELECT * FROM outbox WHERE workspace_id = $1 ORDER BY id', [workspaceId]);
  const activityCount = async (): Promise<number> => {
    const [row] = await keel.database.dataSource.query(
      'SELECT count(*)::int AS count FROM activity_entries WHERE workspace_id = $1',
      [workspaceId],
    );
    return Number(row['count']);
  };
  const projectsUrl = (): string => `${keel.keel.url}/v1/workspaces/${workspaceId}/projects`;
  const bearer = (): Record<string, string> => ({ authorization: `Bearer ${owner.accessToken}` });

  beforeAll(async () => {
    keel = await startKeelOnTestDatabase();
    owner = await signUp(keel.keel.url, 'outbox-owner');
    workspaceId = (await createWorkspace(owner, { name: 'Outbox Works' })).id;
  });

  afterAll(async () => {
    await keel?.stop();
  });

  it("should write one project.created event with the change, naming the actor and continuing the caller's trace", async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const before = await outboxRows();

    const created = await postJson(
      projectsUrl(),
      { key: 'OBX', name: 'Outbox project' },
      { ...bearer(), traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
    );

    expect(created.status).toBe(201);
    const project = jsonObject(created);
    const events = (await outboxRows()).slice(before.length);
    expect(events).toEqual([
      expect.objectContaining({
        type: 'project.created',
        version: 1,
        actor_type: 'user',
        actor_id: owner.userId,
        causation_id: null,
        depth: 0,
        data: { project: expect.objectContaining({ id: project['id'], key: 'OBX', state: 'Backlog' }) },
      }),
    ]);
    expect(events[0].traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
  });

  it('should leave no event and no activity behind when the change is refused', async () => {
    const before = { events: (await outboxRows()).length, activity: await activityCount() };

    const taken = await postJson(projectsUrl(), { key: 'OBX', name: 'Same key again' }, bearer());

    expect(taken.status).toBe(409);
    expect(jsonObject(taken)['code']).toBe('PROJECT_KEY_TAKEN');
    expect({ events: (await outboxRows()).length, activity: await activityCount() }).toEqual(before);
  });

  it('should write exactly one event when two writers race on the same version', async () => {
    const project = jsonObject(await postJson(projectsUrl(), { key: 'RACE', name: 'Raced project' }, bearer()));
    const before = (await outboxRows()).length;
    const patch = (name: string) =>
      httpRequest(`${projectsUrl()}/${String(project['id'])}`, {
        method: 'PATCH',
        headers: { ...bearer(), 'content-type': 'application/json' },
        body: JSON.stringify({ name, expectedVersion: 1 }),
      });

    const results = await Promise.all([patch('First writer'), patch('Second writer')]);

    expect(results.map((result) => result.status).sort()).toEqual([200, 409]);
    const events = (await outboxRows()).slice(before);
    expect(events.map((event) => event.type)).toEqual(['project.updated']);
    const winner = jsonObject(results.find((result) => result.status === 200) ?? results[0]);
    expect(events[0].data).toMatchObject({ project: { name: winner['name'], version: 2 } });
  });
});
