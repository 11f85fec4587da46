/**
 * Approvals of AI tool calls through the built API on real PostgreSQL: a
 * require_approval rule holds the call and pauses its execution; someone else
 * with ai:approve approves it once and the execution resumes as its
 * requester; an approval reused, expired, self-approved or approved after a
 * policy change is refused (the last: the call is decided again).
 */
import { HttpResult, httpRequest, jsonObject, postJson } from './support/http';
import { KeelOnTestDatabase, startKeelOnTestDatabase } from './support/keel-on-test-database';
import { signUp, SignedInPerson } from './support/keel-people';
import { addMember, createWorkspace } from './support/keel-tenants';
import { pollUntil } from './support/poll';

type Json = Record<string, unknown>;

describe('AI tool approvals', () => {
  let keel: KeelOnTestDatabase;
  let owner: SignedInPerson;
  let member: SignedInPerson;
  let workspaceId: string;
  let projectCount = 0;

  const url = (path: string) => `${keel.keel.url}/v1/workspaces/${workspaceId}${path}`;
  const bearer = (person: SignedInPerson) => ({ authorization: `Bearer ${person.accessToken}` });
  const post = (by: SignedInPerson, path: string, body: unknown = {}): Promise<HttpResult> =>
    postJson(url(path), body, bearer(by));
  const get = async (by: SignedInPerson, path: string): Promise<Json> =>
    jsonObject(await httpRequest(url(path), { headers: bearer(by) }));
  const setPolicy = async (rules: Json[]): Promise<void> => {
    const answer = await httpRequest(url('/ai/policy'), {
      method: 'PUT',
      headers: { 'content-type': 'application/json', ...bearer(owner) },
      body: JSON.stringify({ rules }),
    });
    expect(answer.status).toBe(200);
  };
  const newProject = async (): Promise<Json> => {
    projectCount++;
    const answer = await post(owner, '/projects', { key: `AP${projectCount}`, name: `Approved ${projectCount}` });
    expect(answer.status).toBe(201);
    return jsonObject(answer);
  };
  /** `by` asks to move the project to Planned, then to comment on it: the move is held. */
  const heldMove = async (by: SignedInPerson, project: Json): Promise<{ execution: Json; approvalId: string }> => {
    const answer = await post(by, '/ai/executions', {
      calls: [
        { tool: 'projects.transition', input: { projectId: project['id'], to: 'Planned', expectedVersion: 1 } },
        { tool: 'comments.add', input: { projectId: project['id'], body: 'Planned it.' } },
      ],
    });
    expect(answer.status).toBe(201);
    const execution = jsonObject(answer);
    expect(execution['status']).toBe('awaiting_approval');
    const [step] = execution['steps'] as Json[];
    expect(step['outcome']).toBe('awaiting_approval');
    const error = step['error'] as Json;
    expect(error['code']).toBe('APPROVAL_REQUIRED');
    return { execution, approvalId: String(error['approvalId']) };
  };
  const stateOf = async (project: Json): Promise<unknown> =>
    (await get(owner, `/projects/${String(project['id'])}`))['state'];

  const HOLD_MOVES = [
    { id: 'all', effect: 'permit', tools: ['*'] },
    { id: 'moves-need-approval', effect: 'require_approval', tools: ['projects.transition'] },
  ];

  beforeAll(async () => {
    keel = await startKeelOnTestDatabase();
    owner = await signUp(keel.keel.url, 'approvals-owner');
    workspaceId = String((await createWorkspace(owner, { name: 'Approval Works' })).id);
    member = await addMember(keel.keel.url, owner, workspaceId, {
      email: 'approvals-member@example.com',
      name: 'Approvals Member',
      role: 'member',
    });
    await setPolicy(HOLD_MOVES);
  });

  afterAll(async () => {
    await keel?.stop();
  });

  it('should hold the call, and on approval resume the execution as its requester where it paused', async () => {
    const project = await newProject();
    const { execution, approvalId } = await heldMove(member, project);
    expect(execution['steps']).toHaveLength(1);
    expect(await stateOf(project)).toBe('Backlog');
    const pending = (await get(owner, '/ai/approvals'))['data'] as Json[];
    expect(pending.find((approval) => approval['id'] === approvalId)).toMatchObject({
      status: 'pending',
      executionId: execution['id'],
      step: 1,
      tool: 'projects.transition',
      toolVersion: '1',
      requestedBy: { type: 'user', id: member.userId },
    });

    const approved = await post(owner, `/ai/approvals/${approvalId}/approve`);

    expect(approved.status).toBe(200);
    const body = jsonObject(approved);
    expect(body).toMatchObject({ status: 'approved', decidedBy: { type: 'user', id: owner.userId } });
    const resumed = body['execution'] as Json;
    expect(resumed['status']).toBe('succeeded');
    expect((resumed['steps'] as Json[]).map((step) => step['outcome'])).toEqual(['succeeded', 'succeeded']);
    expect(await stateOf(project)).toBe('Planned');
    // The calls acted for the member who asked, not for the owner who approved.
    const activity = (await get(owner, `/projects/${String(project['id'])}/activity`))['data'] as Json[];
    expect(activity.find((entry) => entry['action'] === 'project.transitioned')?.['actor']).toEqual({
      type: 'user',
      id: member.userId,
    });
    const comments = (await get(owner, `/projects/${String(project['id'])}/comments`))['data'] as Json[];
    expect(comments.map((comment) => comment['author'])).toEqual([{ type: 'user', id: member.userId }]);
    expect(await get(member, `/ai/executions/${String(execution['id'])}`)).toEqual(resumed);

    const events = (await get(owner, '/events?limit=100'))['data'] as Json[];
    expect(events.map((event) => event['type'])).toEqual(
      expect.arrayContaining(['ai.approval.requested', 'ai.approval.decided']),
    );
  });

  it('should refuse an approval used twice', async () => {
    const { approvalId } = await heldMove(member, await newProject());
    expect((await post(owner, `/ai/approvals/${approvalId}/approve`)).status).toBe(200);

    const again = await post(owner, `/ai/approvals/${approvalId}/approve`);
    const rejectAfter = await post(owner, `/ai/approvals/${approvalId}/reject`);

    expect(again.status).toBe(409);
    expect(jsonObject(again)['code']).toBe('APPROVAL_DECIDED');
    expect(jsonObject(rejectAfter)['code']).toBe('APPROVAL_DECIDED');
  });

  it("should refuse the requester's own approval, and a member without ai:approve", async () => {
    const project = await newProject();
    const { approvalId } = await heldMove(owner, project);
    const { approvalId: membersApproval } = await heldMove(member, await newProject());

    const own = await post(owner, `/ai/approvals/${approvalId}/approve`);
    const unpermitted = await post(member, `/ai/approvals/${membersApproval}/approve`);

    expect(own.status).toBe(403);
    expect(jsonObject(own)['code']).toBe('APPROVAL_SELF');
    expect(unpermitted.status).toBe(403);
    expect(jsonObject(unpermitted)['code']).toBe('PERMISSION_DENIED');
    expect(await stateOf(project)).toBe('Backlog');
  });

  it('should refuse an expired approval and leave the project as it was', async () => {
    const project = await newProject();
    const { approvalId } = await heldMove(member, project);
    await keel.database.dataSource.query(
      `UPDATE ai_approvals SET expires_at = now() - interval '1 minute' WHERE id = $1`,
      [approvalId],
    );

    const late = await post(owner, `/ai/approvals/${approvalId}/approve`);

    expect(late.status).toBe(409);
    expect(jsonObject(late)['code']).toBe('APPROVAL_EXPIRED');
    expect(await stateOf(project)).toBe('Backlog');
    const listed = ((await get(owner, '/ai/approvals'))['data'] as Json[]).find((a) => a['id'] === approvalId);
    expect(listed?.['status']).toBe('expired');
  });

  it('should end an execution whose approval expired undecided: the held call denied, the execution failed, once', async () => {
    const project = await newProject();
    const { execution, approvalId } = await heldMove(member, project);
    const executionId = String(execution['id']);
    await keel.database.dataSource.query(
      `UPDATE ai_approvals SET expires_at = now() - interval '1 minute' WHERE id = $1`,
      [approvalId],
    );

    // The sweep runs every minute; queue a run now instead of waiting for the next.
    await keel.database.dataSource.query(`INSERT INTO pgboss.job (name, data) VALUES ('ai.approvals.expire', '{}')`);
    await keel.database.dataSource.query(`SELECT pg_notify('keel_queue', 'ai.approvals.expire')`);
    const ended = await pollUntil(
      'the execution ended by the expiry',
      () => get(member, `/ai/executions/${executionId}`),
      (seen) => seen['status'] !== 'awaiting_approval',
    );

    expect(ended).toMatchObject({ status: 'failed', stopReason: 'approval_expired' });
    expect(ended['finishedAt']).toEqual(expect.any(String));
    const steps = ended['steps'] as Json[];
    // The held move is denied; the comment after it never ran.
    expect(steps).toHaveLength(1);
    expect(steps[0]).toMatchObject({ outcome: 'denied', error: { code: 'APPROVAL_EXPIRED', approvalId } });
    expect(await stateOf(project)).toBe('Backlog');
    const decisions = (await get(owner, `/ai/decisions?execution=${executionId}`))['data'] as Json[];
    expect(decisions.map((decision) => decision['effect'])).toEqual(['deny', 'require_approval']);
    const listed = ((await get(owner, '/ai/approvals'))['data'] as Json[]).find((a) => a['id'] === approvalId);
    expect(listed?.['status']).toBe('expired');
    const late = await post(owner, `/ai/approvals/${approvalId}/approve`);
    expect(late.status).toBe(409);
    expect(jsonObject(late)['code']).toBe('APPROVAL_DECIDED');
    const failed = (await keel.database.dataSource.query(
      `SELECT data FROM outbox WHERE workspace_id = $1 AND type = 'ai.execution.failed' AND data->'execution'->>'id' = $2`,
      [workspaceId, executionId],
    )) as { data: Json }[];
    expect(failed).toHaveLength(1);
    expect(failed[0].data['execution']).toMatchObject({ status: 'failed', stopReason: 'approval_expired' });
  });

  it('should decide the call again when the policy changed after it was held: a new approval, or a denial', async () => {
    const project = await newProject();
    const { execution, approvalId } = await heldMove(member, project);
    await setPolicy([...HOLD_MOVES, { id: 'reworded', effect: 'permit', tools: ['activity.list'] }]);

    const stillHeld = jsonObject(await post(owner, `/ai/approvals/${approvalId}/approve`));

    const resumed = stillHeld['execution'] as Json;
    expect(resumed['status']).toBe('awaiting_approval');
    const [step] = resumed['steps'] as Json[];
    const newApproval = (step['error'] as Json)['approvalId'];
    expect(newApproval).not.toBe(approvalId);
    expect(await stateOf(project)).toBe('Backlog');

    await setPolicy([...HOLD_MOVES, { id: 'no-moves', effect: 'forbid', tools: ['projects.transition'] }]);
    const denied = jsonObject(await post(owner, `/ai/approvals/${String(newApproval)}/approve`));

    const settled = denied['execution'] as Json;
    expect(settled['id']).toBe(execution['id']);
    expect(settled['status']).toBe('succeeded');
    const [move, comment] = settled['steps'] as Json[];
    expect(move['outcome']).toBe('denied');
    expect(move['error']).toMatchObject({ code: 'POLICY_DENIED' });
    expect(comment['outcome']).toBe('succeeded');
    expect(await stateOf(project)).toBe('Backlog');
    await setPolicy(HOLD_MOVES);
  });

  it('should deny a rejected call and run the calls after it', async () => {
    const project = await newProject();
    const { approvalId } = await heldMove(member, project);

    const rejected = jsonObject(await post(owner, `/ai/approvals/${approvalId}/reject`));

    expect(rejected['status']).toBe('rejected');
    const [move, comment] = (rejected['execution'] as Json)['steps'] as Json[];
    expect(move['outcome']).toBe('denied');
    expect(move['error']).toMatchObject({ code: 'POLICY_DENIED', approvalId });
    expect(comment['outcome']).toBe('succeeded');
    expect(await stateOf(project)).toBe('Backlog');
  });
});
