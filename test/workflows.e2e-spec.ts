import { randomUUID } from 'node:crypto';
import { Answer, bodyOf, Schema } from './support/keel-answers';
import { KeelOnTestDatabase, startKeelOnTestDatabase } from './support/keel-on-test-database';
import { clientAs, SignedInPerson, signUp, uniqueEmail } from './support/keel-people';
import {
  ActivityQuery,
  activeWorkflow,
  activityRows,
  archiveProject,
  Caller,
  createProject,
  deleteComment,
  draftWorkflow,
  dryRunTransition,
  editComment,
  getProject,
  listComments,
  listProjects,
  moveTo,
  outboxRows,
  postComment,
  postProject,
  Project,
  projectActivity,
  projectEvents,
  ProjectListQuery,
  publishWorkflow,
  requestIdOf,
  restoreProject,
  statusAndCode,
  transition,
  transitionOptions,
  updateProject,
  walkPages,
  WorkflowDefinition,
  workflowVersions,
  workspaceActivity,
} from './support/keel-projects';
import { addMember, createApiKey, createWorkspace } from './support/keel-tenants';
import { expectPermissionDenied, expectProblem } from './support/problem-details';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const CONTENT_HASH = /^sha256:[0-9a-f]{64}$/;

type WorkflowState = Schema<'WorkflowStateDto'>;
type WorkflowTransition = Schema<'WorkflowTransitionDto'>;
type ActivityEntry = Schema<'ActivityEntryResponse'>;

/** The default workflow, as the issue describes it. */
const DEFAULT_STATES: WorkflowState[] = [
  { name: 'Backlog', category: 'todo' },
  { name: 'Planned', category: 'todo' },
  { name: 'In progress', category: 'in_progress' },
  { name: 'In review', category: 'in_progress' },
  { name: 'Done', category: 'done' },
  { name: 'Cancelled', category: 'cancelled' },
];

const DEFAULT_TRANSITIONS: WorkflowTransition[] = [
  { name: 'Plan', from: ['Backlog'], to: 'Planned' },
  { name: 'Start', from: ['Backlog', 'Planned'], to: 'In progress' },
  { name: 'Submit for review', from: ['In progress'], to: 'In review' },
  { name: 'Request changes', from: ['In review'], to: 'In progress' },
  { name: 'Complete', from: ['In progress', 'In review'], to: 'Done' },
  { name: 'Cancel', from: ['Backlog', 'Planned', 'In progress', 'In review'], to: 'Cancelled' },
  { name: 'Reopen', from: ['Done', 'Cancelled'], to: 'Backlog' },
  { name: 'Back to backlog', from: ['Planned'], to: 'Backlog' },
];

/** A fresh copy of the default workflow's content, to change one thing in. */
function defaultDefinition(): WorkflowDefinition {
  return structuredClone({ states: DEFAULT_STATES, transitions: DEFAULT_TRANSITIONS, initialState: 'Backlog' });
}

const RULE_MESSAGE = 'Take "draft" out of the name before starting.';

/**
 * The default states, with a "Start" that needs a comment, a description and
 * a name without "draft" (a JSON-logic rule), and a "Ship" that needs
 * workflow:write on top of projects:transition.
 */
const GUARDED_WORKFLOW: WorkflowDefinition = {
  states: DEFAULT_STATES,
  transitions: [
    { name: 'Plan', from: ['Backlog'], to: 'Planned' },
    {
      name: 'Start',
      from: ['Backlog', 'Planned'],
      to: 'In progress',
      conditions: {
        commentRequired: true,
        requiredFields: ['description'],
        rule: { logic: { '!': { in: ['draft', { var: 'project.name' }] } }, message: RULE_MESSAGE },
      },
    },
    { name: 'Submit for review', from: ['In progress'], to: 'In review' },
    { name: 'Ship', from: ['In progress', 'In review'], to: 'Done', permission: 'workflow:write' },
    { name: 'Cancel', from: ['*'], to: 'Cancelled' },
    { name: 'Reopen', from: ['Done', 'Cancelled'], to: 'Backlog' },
  ],
  initialState: 'Backlog',
};

const START_NEEDS_COMMENT = { condition: 'commentRequired', message: '"Start" needs a comment.' };
const START_NEEDS_DESCRIPTION = {
  condition: 'requiredField',
  field: 'description',
  message: '"Start" needs the description to be set.',
};
const START_RULE_FAILS = { condition: 'rule', message: RULE_MESSAGE };

describe('workflows: projects, transitions, comments and activity, through the SDK', () => {
  let keel: KeelOnTestDatabase;
  let baseUrl: string;

  beforeAll(async () => {
    keel = await startKeelOnTestDatabase();
    baseUrl = keel.keel.url;
  });

  afterAll(async () => {
    await keel?.stop();
  });

  /** A new person owning a new workspace. */
  async function newWorkspace(label: string): Promise<{ owner: SignedInPerson; workspaceId: string }> {
    const owner = await signUp(baseUrl, `${label}-owner`);
    const { id } = await createWorkspace(owner, { name: `${label} works ${randomUUID().slice(0, 8)}` });
    return { owner, workspaceId: id };
  }

  /** Someone who joined `workspaceId` by invite, with `role`. */
  function join(owner: SignedInPerson, workspaceId: string, label: string, role: string): Promise<SignedInPerson> {
    return addMember(baseUrl, owner, workspaceId, { email: uniqueEmail(label), name: label, role });
  }

  /** How many activity entries and outbox events the workspace has: a change adds to them. */
  async function trailSizes(workspaceId: string): Promise<{ activity: number; outbox: number }> {
    const [activity, outbox] = await Promise.all([
      activityRows(keel.database.dataSource, workspaceId),
      outboxRows(keel.database.dataSource, workspaceId),
    ]);
    return { activity: activity.length, outbox: outbox.length };
  }

  async function activityOf(by: Caller, workspaceId: string, projectId: string): Promise<ActivityEntry[]> {
    return bodyOf(await projectActivity(by, workspaceId, projectId, { limit: 100 }), 200).data;
  }

  describe('projects', () => {
    let owner: SignedInPerson;
    let workspaceId: string;

    beforeAll(async () => {
      ({ owner, workspaceId } = await newWorkspace('projects'));
    });

    it('should create a project in Backlog on workflow version 1 and answers 201 with the whole project', async () => {
      const answer = await postProject(owner, workspaceId, {
        key: 'WEB',
        name: 'Website relaunch',
        description: 'New design, new CMS.',
      });

      const project = bodyOf(answer, 201);
      expect(project).toEqual({
        id: expect.stringMatching(UUID),
        key: 'WEB',
        name: 'Website relaunch',
        description: 'New design, new CMS.',
        state: 'Backlog',
        stateCategory: 'todo',
        workflowVersion: 1,
        version: 1,
        createdBy: { type: 'user', id: owner.userId },
        createdAt: expect.stringMatching(ISO_TIME),
        updatedAt: project.createdAt,
        archivedAt: null,
      });
      expect(bodyOf(await getProject(owner, workspaceId, project.id), 200)).toEqual(project);
      expect(await activityOf(owner, workspaceId, project.id)).toEqual([
        expect.objectContaining({
          action: 'project.created',
          actor: { type: 'user', id: owner.userId },
          target: { type: 'project', id: project.id },
          projectId: project.id,
          data: { key: 'WEB', name: 'Website relaunch', state: 'Backlog' },
          context: expect.objectContaining({ requestId: requestIdOf(answer) }),
        }),
      ]);
      expect(await projectEvents(keel.database.dataSource, workspaceId, project.id)).toEqual([
        expect.objectContaining({
          type: 'project.created',
          version: 1,
          actor_type: 'user',
          actor_id: owner.userId,
          data: { project },
        }),
      ]);
    });

    it('should create a project without a description with an empty one', async () => {
      const project = await createProject(owner, workspaceId, { key: 'NODESC', name: 'No description' });

      expect(project).toMatchObject({ key: 'NODESC', description: '', state: 'Backlog', version: 1 });
    });

    it.each([
      ['of two characters', 'W1'],
      ['of ten characters', 'ABCDEFGHIJ'],
    ])('should accept a key %s', async (_kind, key) => {
      const project = await createProject(owner, workspaceId, { key, name: `Key ${key}` });

      expect(project.key).toBe(key);
    });

    it.each([
      ['in lower case', 'web'],
      ['of one character', 'W'],
      ['of eleven characters', 'ABCDEFGHIJK'],
      ['starting with a digit', '1WEB'],
    ])('should answer 422 VALIDATION_FAILED for a key %s, and create nothing', async (_kind, key) => {
      const answer = await postProject(owner, workspaceId, { key, name: 'Badly keyed' });

      const problem = expectProblem(answer, { status: 422, code: 'VALIDATION_FAILED' });
      expect(problem.errors).toEqual([expect.objectContaining({ field: 'key' })]);
      const rows: unknown[] = await keel.database.dataSource.query(
        'SELECT id FROM projects WHERE workspace_id = $1 AND name = $2',
        [workspaceId, 'Badly keyed'],
      );
      expect(rows).toEqual([]);
    });

    it('should answer 409 PROJECT_KEY_TAKEN for a key already in the workspace, and keeps the first project', async () => {
      const first = await createProject(owner, workspaceId, { key: 'DUP', name: 'First' });

      const answer = await postProject(owner, workspaceId, { key: 'DUP', name: 'Second' });

      expectProblem(answer, { status: 409, code: 'PROJECT_KEY_TAKEN' });
      const all = bodyOf(await listProjects(owner, workspaceId, { limit: 100 }), 200).data;
      expect(all.filter((project) => project.key === 'DUP')).toEqual([first]);
    });

    it('should let another workspace use a key this workspace has', async () => {
      await createProject(owner, workspaceId, { key: 'SHARED', name: 'Here' });
      const other = await newWorkspace('projects-other');

      const project = await createProject(other.owner, other.workspaceId, { key: 'SHARED', name: 'There' });

      expect(project).toMatchObject({ key: 'SHARED', name: 'There' });
    });

    it('should answer 404 NOT_FOUND for an unknown project id', async () => {
      expectProblem(await getProject(owner, workspaceId, randomUUID()), { status: 404, code: 'NOT_FOUND' });
    });

    it("should answer 404 NOT_FOUND for another workspace's project, even to a person who owns both", async () => {
      const { id: otherWorkspaceId } = await createWorkspace(owner, { name: `Second ${randomUUID().slice(0, 8)}` });
      const elsewhere = await createProject(owner, otherWorkspaceId, { key: 'ELSE', name: 'Elsewhere' });

      expectProblem(await getProject(owner, workspaceId, elsewhere.id), { status: 404, code: 'NOT_FOUND' });
    });

    it('should rename a project at its expected version: version + 1, a project.updated entry with the diff, and its event', async () => {
      const project = await createProject(owner, workspaceId, { key: 'REN', name: 'Old name' });

      const answer = await updateProject(owner, workspaceId, project.id, { name: 'New name', expectedVersion: 1 });

      const updated = bodyOf(answer, 200);
      expect(updated).toEqual({
        ...project,
        name: 'New name',
        version: 2,
        updatedAt: expect.stringMatching(ISO_TIME),
      });
      expect(Date.parse(updated.updatedAt)).toBeGreaterThanOrEqual(Date.parse(project.updatedAt));
      expect(bodyOf(await getProject(owner, workspaceId, project.id), 200)).toEqual(updated);
      const [latest] = await activityOf(owner, workspaceId, project.id);
      expect(latest).toMatchObject({
        action: 'project.updated',
        actor: { type: 'user', id: owner.userId },
        target: { type: 'project', id: project.id },
        data: { changes: { name: { from: 'Old name', to: 'New name' } } },
        context: { requestId: requestIdOf(answer) },
      });
      const events = await projectEvents(keel.database.dataSource, workspaceId, project.id);
      expect(events.map((event) => event.type)).toEqual(['project.created', 'project.updated']);
      expect(events[1].data).toEqual({
        changes: { name: { from: 'Old name', to: 'New name' } },
        project: updated,
      });
    });

    it('should record only the fields that changed in the diff', async () => {
      const project = await createProject(owner, workspaceId, { key: 'DIFF', name: 'Same', description: 'Before' });

      const updated = bodyOf(
        await updateProject(owner, workspaceId, project.id, {
          name: 'Same',
          description: 'After',
          expectedVersion: 1,
        }),
        200,
      );

      expect(updated).toMatchObject({ name: 'Same', description: 'After', version: 2 });
      const [latest] = await activityOf(owner, workspaceId, project.id);
      expect(latest.data).toEqual({ changes: { description: { from: 'Before', to: 'After' } } });
    });

    it('should refuse a null name or description with 422 naming it, and changes nothing', async () => {
      const project = await createProject(owner, workspaceId, { key: 'NULLS', name: 'Nulls', description: 'Kept' });

      for (const field of ['name', 'description'] as const) {
        const answer = await updateProject(owner, workspaceId, project.id, {
          [field]: null,
          expectedVersion: 1,
        } as never);

        expect(expectProblem(answer, { status: 422, code: 'VALIDATION_FAILED' }).errors).toEqual(
          expect.arrayContaining([expect.objectContaining({ field })]),
        );
      }
      expect(bodyOf(await getProject(owner, workspaceId, project.id), 200)).toMatchObject({
        name: 'Nulls',
        description: 'Kept',
        version: 1,
      });
    });

    it('should answer 409 VERSION_CONFLICT with currentVersion for a stale expectedVersion, and changes nothing', async () => {
      const project = await createProject(owner, workspaceId, { key: 'STALE', name: 'Stale' });
      const current = bodyOf(
        await updateProject(owner, workspaceId, project.id, { name: 'Fresh', expectedVersion: 1 }),
        200,
      );
      const before = await trailSizes(workspaceId);

      const answer = await updateProject(owner, workspaceId, project.id, { name: 'Overwritten', expectedVersion: 1 });

      expectProblem(answer, { status: 409, code: 'VERSION_CONFLICT', extensions: { currentVersion: 2 } });
      expect(bodyOf(await getProject(owner, workspaceId, project.id), 200)).toEqual(current);
      expect(await trailSizes(workspaceId)).toEqual(before);
    });

    it('should let exactly one of two concurrent edits at the same expectedVersion through, and answers the other 409 VERSION_CONFLICT', async () => {
      for (const round of [1, 2, 3]) {
        const project = await createProject(owner, workspaceId, { key: `RACE${round}`, name: 'Race' });

        const answers = await Promise.all([
          updateProject(owner, workspaceId, project.id, { name: `Left ${round}`, expectedVersion: 1 }),
          updateProject(owner, workspaceId, project.id, { name: `Right ${round}`, expectedVersion: 1 }),
        ]);

        const succeeded = answers.filter((answer) => answer.status === 200);
        const refused = answers.filter((answer) => answer.status !== 200);
        expect({ round, statuses: answers.map((answer) => answer.status).sort() }).toEqual({
          round,
          statuses: [200, 409],
        });
        expectProblem(refused[0], { status: 409, code: 'VERSION_CONFLICT', extensions: { currentVersion: 2 } });
        const winner = bodyOf(succeeded[0], 200);
        expect(bodyOf(await getProject(owner, workspaceId, project.id), 200)).toEqual(winner);
        expect(winner.version).toBe(2);
        const updates = (await activityOf(owner, workspaceId, project.id)).filter(
          (entry) => entry.action === 'project.updated',
        );
        expect(updates).toHaveLength(1);
        expect(updates[0].data).toEqual({ changes: { name: { from: 'Race', to: winner.name } } });
      }
    });

    it('should archive and restores a project, both idempotent with 200, each change once in the activity trail and the outbox', async () => {
      const project = await createProject(owner, workspaceId, { key: 'ARC', name: 'Archivable' });

      const archived = bodyOf(await archiveProject(owner, workspaceId, project.id), 200);
      const archivedAgain = bodyOf(await archiveProject(owner, workspaceId, project.id), 200);
      const restored = bodyOf(await restoreProject(owner, workspaceId, project.id), 200);
      const restoredAgain = bodyOf(await restoreProject(owner, workspaceId, project.id), 200);

      expect(archived).toMatchObject({ id: project.id, archivedAt: expect.stringMatching(ISO_TIME), version: 2 });
      expect(archivedAgain).toEqual(archived);
      expect(restored).toMatchObject({ id: project.id, archivedAt: null, version: 3 });
      expect(restoredAgain).toEqual(restored);
      expect((await activityOf(owner, workspaceId, project.id)).map((entry) => entry.action)).toEqual([
        'project.restored',
        'project.archived',
        'project.created',
      ]);
      const events = await projectEvents(keel.database.dataSource, workspaceId, project.id);
      expect(events.map((event) => event.type)).toEqual(['project.created', 'project.archived', 'project.restored']);
      expect(events[1]).toMatchObject({ actor_type: 'user', actor_id: owner.userId, data: { project: archived } });
      expect(events[2]).toMatchObject({ actor_type: 'user', actor_id: owner.userId, data: { project: restored } });
    });

    it('should answer 200 to both of two concurrent archives of a project, archive being idempotent, and archives it once', async () => {
      for (const round of [1, 2, 3, 4, 5]) {
        const project = await createProject(owner, workspaceId, { key: `TWICE${round}`, name: 'Archived twice' });

        const answers = await Promise.all([
          archiveProject(owner, workspaceId, project.id),
          archiveProject(owner, workspaceId, project.id),
        ]);

        const current = bodyOf(await getProject(owner, workspaceId, project.id), 200);
        const archivals = (await activityOf(owner, workspaceId, project.id)).filter(
          (entry) => entry.action === 'project.archived',
        );
        expect({
          round,
          answers: answers.map(statusAndCode),
          archived: current.archivedAt !== null,
          version: current.version,
          archivals: archivals.length,
        }).toEqual({ round, answers: ['200', '200'], archived: true, version: 2, archivals: 1 });
      }
    });

    it('should answer 409 PROJECT_ARCHIVED to a transition, a comment and an edit of an archived project, and changes nothing', async () => {
      const project = await createProject(owner, workspaceId, { key: 'FROZEN', name: 'Frozen' });
      const archived = bodyOf(await archiveProject(owner, workspaceId, project.id), 200);
      const before = await trailSizes(workspaceId);

      const moved = await transition(owner, workspaceId, project.id, {
        to: 'Planned',
        expectedVersion: archived.version,
      });
      const commented = await postComment(owner, workspaceId, project.id, 'Still there?');
      const edited = await updateProject(owner, workspaceId, project.id, {
        name: 'Thawed',
        expectedVersion: archived.version,
      });

      expectProblem(moved, { status: 409, code: 'PROJECT_ARCHIVED' });
      expectProblem(commented, { status: 409, code: 'PROJECT_ARCHIVED' });
      expectProblem(edited, { status: 409, code: 'PROJECT_ARCHIVED' });
      expect(bodyOf(await getProject(owner, workspaceId, project.id), 200)).toEqual(archived);
      expect(bodyOf(await listComments(owner, workspaceId, project.id), 200).data).toEqual([]);
      expect(await trailSizes(workspaceId)).toEqual(before);
    });

    it('should move a restored project again', async () => {
      const project = await createProject(owner, workspaceId, { key: 'BACK', name: 'Back again' });
      bodyOf(await archiveProject(owner, workspaceId, project.id), 200);
      const restored = bodyOf(await restoreProject(owner, workspaceId, project.id), 200);

      const moved = await moveTo(owner, workspaceId, restored, 'Planned');

      expect(moved).toMatchObject({ state: 'Planned', version: restored.version + 1, archivedAt: null });
    });
  });

  describe('listing projects', () => {
    let owner: SignedInPerson;
    let workspaceId: string;

    async function keysOf(query: ProjectListQuery): Promise<string[]> {
      const page = bodyOf(await listProjects(owner, workspaceId, query), 200);
      expect(page.nextCursor).toBeNull();
      return page.data.map((project) => project.key);
    }

    /** The keys of every page of the list, following nextCursor. */
    async function keyPages(query: ProjectListQuery): Promise<string[][]> {
      const pages = await walkPages(async (cursor) =>
        bodyOf(await listProjects(owner, workspaceId, { ...query, cursor }), 200),
      );
      return pages.map((page) => page.map((project) => project.key));
    }

    beforeAll(async () => {
      ({ owner, workspaceId } = await newWorkspace('listing'));
      await createProject(owner, workspaceId, {
        key: 'ALPHA',
        name: 'Alpha',
        description: 'We deploy the new billing service.',
      });
      const bravo = await createProject(owner, workspaceId, {
        key: 'BRAVO',
        name: 'Bravo',
        description: 'Deploying the search cluster.',
      });
      const charlie = await createProject(owner, workspaceId, {
        key: 'CHARLIE',
        name: 'Charlie',
        description: 'Marketing site refresh.',
      });
      const delta = await createProject(owner, workspaceId, {
        key: 'DELTA',
        name: 'Delta',
        description: 'Old deploy scripts.',
      });
      await createProject(owner, workspaceId, { key: 'ECHO', name: 'Echo', description: 'Quarterly report.' });
      await moveTo(owner, workspaceId, bravo, 'Planned');
      await moveTo(owner, workspaceId, charlie, 'In progress');
      bodyOf(await archiveProject(owner, workspaceId, delta.id), 200);
    });

    it('should list the projects that are not archived, newest first, by default', async () => {
      expect(await keysOf({})).toEqual(['ECHO', 'CHARLIE', 'BRAVO', 'ALPHA']);
      expect(await keysOf({ archived: false })).toEqual(['ECHO', 'CHARLIE', 'BRAVO', 'ALPHA']);
    });

    it('should list only the archived projects with archived=true', async () => {
      expect(await keysOf({ archived: true })).toEqual(['DELTA']);
    });

    it('should walk the whole list two at a time with limit=2 and the cursor, without duplicates or gaps', async () => {
      const pages = await keyPages({ limit: 2 });

      expect(pages).toEqual([
        ['ECHO', 'CHARLIE'],
        ['BRAVO', 'ALPHA'],
      ]);
      expect(new Set(pages.flat()).size).toBe(pages.flat().length);
    });

    it('should walk a filtered, name-sorted list with the cursor', async () => {
      expect(await keyPages({ limit: 2, sort: 'name' })).toEqual([
        ['ALPHA', 'BRAVO'],
        ['CHARLIE', 'ECHO'],
      ]);
      expect(await keyPages({ limit: 1, category: 'todo' })).toEqual([['ECHO'], ['BRAVO'], ['ALPHA']]);
    });

    it('should filter by state', async () => {
      expect(await keysOf({ state: 'Planned' })).toEqual(['BRAVO']);
      expect(await keysOf({ state: 'Backlog' })).toEqual(['ECHO', 'ALPHA']);
      expect(await keysOf({ state: 'Done' })).toEqual([]);
    });

    it('should filter by state category', async () => {
      expect(await keysOf({ category: 'todo' })).toEqual(['ECHO', 'BRAVO', 'ALPHA']);
      expect(await keysOf({ category: 'in_progress' })).toEqual(['CHARLIE']);
      expect(await keysOf({ category: 'done' })).toEqual([]);
    });

    it('should search the name and description in full text, with stemming: "deploying" finds "deploy"', async () => {
      expect((await keysOf({ q: 'deploying' })).sort()).toEqual(['ALPHA', 'BRAVO']);
      expect((await keysOf({ q: 'deploy' })).sort()).toEqual(['ALPHA', 'BRAVO']);
      expect(await keysOf({ q: 'marketing' })).toEqual(['CHARLIE']);
      expect(await keysOf({ q: 'echo' })).toEqual(['ECHO']);
      expect(await keysOf({ q: 'deploy -billing' })).toEqual(['BRAVO']);
      expect(await keysOf({ q: 'deploy', archived: true })).toEqual(['DELTA']);
      expect(await keysOf({ q: 'kubernetes' })).toEqual([]);
    });

    it('should sort by name, ascending by default and descending on request', async () => {
      expect(await keysOf({ sort: 'name' })).toEqual(['ALPHA', 'BRAVO', 'CHARLIE', 'ECHO']);
      expect(await keysOf({ sort: 'name', order: 'desc' })).toEqual(['ECHO', 'CHARLIE', 'BRAVO', 'ALPHA']);
    });

    it('should answer 422 VALIDATION_FAILED for a cursor made for another sort', async () => {
      const byName = bodyOf(await listProjects(owner, workspaceId, { sort: 'name', limit: 1 }), 200);
      expect(byName.nextCursor).toEqual(expect.any(String));

      const answer = await listProjects(owner, workspaceId, { sort: 'createdAt', cursor: byName.nextCursor ?? '' });

      expectProblem(answer, { status: 422, code: 'VALIDATION_FAILED' });
    });

    it('should answer 422, not 500, for a name cursor whose name a date parser would take, on a time sort', async () => {
      // What a name sort's cursor holds for a project named "1": Date.parse("1") is a date, PostgreSQL's timestamptz is not.
      const cursor = Buffer.from(JSON.stringify(['1', '0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a30'])).toString('base64url');

      const answer = await listProjects(owner, workspaceId, { sort: 'updatedAt', cursor });

      expectProblem(answer, { status: 422, code: 'VALIDATION_FAILED' });
    });

    it('should sort by updatedAt, the last changed first, and walks that order with the cursor', async () => {
      const all = bodyOf(await listProjects(owner, workspaceId), 200).data;
      const alpha = all.find((project) => project.key === 'ALPHA');
      if (!alpha) throw new Error('ALPHA is not listed');
      bodyOf(
        await updateProject(owner, workspaceId, alpha.id, { name: 'Alpha (renamed)', expectedVersion: alpha.version }),
        200,
      );

      const byUpdate = bodyOf(await listProjects(owner, workspaceId, { sort: 'updatedAt' }), 200).data;
      const oldestUpdateFirst = bodyOf(
        await listProjects(owner, workspaceId, { sort: 'updatedAt', order: 'asc' }),
        200,
      ).data;

      expect(byUpdate.map((project) => project.key)[0]).toBe('ALPHA');
      const times = byUpdate.map((project) => Date.parse(project.updatedAt));
      expect(times).toEqual([...times].sort((a, b) => b - a));
      expect(oldestUpdateFirst.map((project) => project.key)).toEqual(byUpdate.map((project) => project.key).reverse());
      expect((await keyPages({ sort: 'updatedAt', limit: 1 })).flat()).toEqual(byUpdate.map((project) => project.key));
      expect(await keysOf({ sort: 'name' })).toEqual(['ALPHA', 'BRAVO', 'CHARLIE', 'ECHO']);
    });
  });

  describe('the default workflow', () => {
    let owner: SignedInPerson;
    let workspaceId: string;

    beforeAll(async () => {
      ({ owner, workspaceId } = await newWorkspace('default'));
    });

    it('should give a new workspace the default workflow as its active version 1', async () => {
      const workflow = bodyOf(await activeWorkflow(owner, workspaceId), 200);

      expect(workflow).toEqual({
        id: expect.stringMatching(UUID),
        number: 1,
        status: 'active',
        states: DEFAULT_STATES,
        transitions: DEFAULT_TRANSITIONS,
        initialState: 'Backlog',
        contentHash: expect.stringMatching(CONTENT_HASH),
        createdBy: null,
        createdAt: expect.stringMatching(ISO_TIME),
        publishedAt: expect.stringMatching(ISO_TIME),
      });
      expect(workflow.states.map((state) => state.category)).toEqual([
        'todo',
        'todo',
        'in_progress',
        'in_progress',
        'done',
        'cancelled',
      ]);
    });

    it('should list the default workflow as the only version', async () => {
      const workflow = bodyOf(await activeWorkflow(owner, workspaceId), 200);

      expect(bodyOf(await workflowVersions(owner, workspaceId), 200)).toEqual({ data: [workflow], nextCursor: null });
    });

    it('should hash the same default content the same in every workspace', async () => {
      const other = await newWorkspace('default-other');

      const here = bodyOf(await activeWorkflow(owner, workspaceId), 200);
      const there = bodyOf(await activeWorkflow(other.owner, other.workspaceId), 200);

      expect(there.id).not.toBe(here.id);
      expect(there.contentHash).toBe(here.contentHash);
    });

    it('should hash equal content equally whatever the order of its keys', async () => {
      const active = bodyOf(await activeWorkflow(owner, workspaceId), 200);
      const reordered: WorkflowDefinition = {
        initialState: 'Backlog',
        transitions: DEFAULT_TRANSITIONS.map(({ to, from, name }) => ({ to, from, name })),
        states: DEFAULT_STATES.map(({ category, name }) => ({ category, name })),
      };

      const draft = bodyOf(await draftWorkflow(owner, workspaceId, reordered), 201);

      expect(draft).toMatchObject({ number: 2, status: 'draft', contentHash: active.contentHash });
    });

    it('should show the workflow to a viewer', async () => {
      const viewer = await join(owner, workspaceId, 'default-viewer', 'viewer');

      expect(bodyOf(await activeWorkflow(viewer, workspaceId), 200)).toMatchObject({ number: 1, status: 'active' });
    });
  });

  describe('transitions on the default workflow', () => {
    let owner: SignedInPerson;
    let viewer: SignedInPerson;
    let workspaceId: string;

    beforeAll(async () => {
      ({ owner, workspaceId } = await newWorkspace('transitions'));
      viewer = await join(owner, workspaceId, 'transitions-viewer', 'viewer');
    });

    it('should list the transitions out of Backlog, each with its conditions met', async () => {
      const project = await createProject(owner, workspaceId, { key: 'OPTS', name: 'Options' });

      expect(bodyOf(await transitionOptions(owner, workspaceId, project.id), 200)).toEqual({
        data: [
          { name: 'Plan', to: 'Planned', conditionsMet: true, failedConditions: [] },
          { name: 'Start', to: 'In progress', conditionsMet: true, failedConditions: [] },
          { name: 'Cancel', to: 'Cancelled', conditionsMet: true, failedConditions: [] },
        ],
      });
    });

    it('should list no transitions to a viewer, who lacks projects:transition', async () => {
      const project = await createProject(owner, workspaceId, { key: 'VIEW', name: 'Viewed' });

      expect(bodyOf(await transitionOptions(viewer, workspaceId, project.id), 200)).toEqual({ data: [] });
    });

    it('should answer 403 PERMISSION_DENIED naming projects:transition when a viewer moves a project, and changes nothing', async () => {
      const project = await createProject(owner, workspaceId, { key: 'NOPE', name: 'Not yours' });
      const before = await trailSizes(workspaceId);

      const answer = await transition(viewer, workspaceId, project.id, { to: 'Planned', expectedVersion: 1 });

      expectPermissionDenied(answer, 'projects:transition');
      expect(bodyOf(await getProject(owner, workspaceId, project.id), 200)).toEqual(project);
      expect(await trailSizes(workspaceId)).toEqual(before);
    });

    it('should move a project from Backlog to Planned: version 2, a project.transitioned entry and event', async () => {
      const project = await createProject(owner, workspaceId, { key: 'PLAN', name: 'To plan' });

      const answer = await transition(owner, workspaceId, project.id, {
        to: 'Planned',
        expectedVersion: 1,
        comment: 'Scoped with the team on Monday.',
      });

      const moved = bodyOf(answer, 200);
      expect(moved).toEqual({
        ...project,
        state: 'Planned',
        stateCategory: 'todo',
        version: 2,
        updatedAt: expect.stringMatching(ISO_TIME),
      });
      expect(bodyOf(await getProject(owner, workspaceId, project.id), 200)).toEqual(moved);
      const [latest] = await activityOf(owner, workspaceId, project.id);
      expect(latest).toMatchObject({
        action: 'project.transitioned',
        actor: { type: 'user', id: owner.userId },
        target: { type: 'project', id: project.id },
        projectId: project.id,
        data: { transition: 'Plan', from: 'Backlog', to: 'Planned', comment: 'Scoped with the team on Monday.' },
        context: { requestId: requestIdOf(answer) },
      });
      const transitioned = (await projectEvents(keel.database.dataSource, workspaceId, project.id)).filter(
        (row) => row.type === 'project.transitioned',
      );
      expect(transitioned).toEqual([
        expect.objectContaining({
          workspace_id: workspaceId,
          type: 'project.transitioned',
          version: 1,
          actor_type: 'user',
          actor_id: owner.userId,
          data: expect.objectContaining({
            transition: 'Plan',
            from: 'Backlog',
            to: 'Planned',
            comment: 'Scoped with the team on Monday.',
            project: moved,
          }),
        }),
      ]);
    });

    it('should walk a project through the whole default workflow, each state with its category', async () => {
      let project = await createProject(owner, workspaceId, { key: 'WALK', name: 'Walker' });
      const seen: [string, string, number][] = [];

      for (const to of [
        'Planned',
        'In progress',
        'In review',
        'In progress',
        'In review',
        'Done',
        'Backlog',
        'Cancelled',
      ]) {
        project = await moveTo(owner, workspaceId, project, to);
        seen.push([project.state, project.stateCategory, project.version]);
      }

      expect(seen).toEqual([
        ['Planned', 'todo', 2],
        ['In progress', 'in_progress', 3],
        ['In review', 'in_progress', 4],
        ['In progress', 'in_progress', 5],
        ['In review', 'in_progress', 6],
        ['Done', 'done', 7],
        ['Backlog', 'todo', 8],
        ['Cancelled', 'cancelled', 9],
      ]);
      const transitions = (await activityOf(owner, workspaceId, project.id))
        .filter((entry) => entry.action === 'project.transitioned')
        .map((entry) => entry.data['transition'])
        .reverse();
      expect(transitions).toEqual([
        'Plan',
        'Start',
        'Submit for review',
        'Request changes',
        'Submit for review',
        'Complete',
        'Reopen',
        'Cancel',
      ]);
    });

    it('should answer 409 TRANSITION_NOT_ALLOWED with allowedTargets for Backlog to Done, and changes nothing', async () => {
      const project = await createProject(owner, workspaceId, { key: 'SKIP', name: 'Skipper' });
      const before = await trailSizes(workspaceId);

      const answer = await transition(owner, workspaceId, project.id, { to: 'Done', expectedVersion: 1 });

      expectProblem(answer, {
        status: 409,
        code: 'TRANSITION_NOT_ALLOWED',
        extensions: { currentState: 'Backlog', allowedTargets: ['Planned', 'In progress', 'Cancelled'] },
      });
      expect(bodyOf(await getProject(owner, workspaceId, project.id), 200)).toEqual(project);
      expect(await trailSizes(workspaceId)).toEqual(before);
    });

    it('should answer 409 TRANSITION_NOT_ALLOWED for a state the workflow does not have', async () => {
      const project = await createProject(owner, workspaceId, { key: 'NOWHERE', name: 'Nowhere' });

      const answer = await transition(owner, workspaceId, project.id, { to: 'Shipped', expectedVersion: 1 });

      expectProblem(answer, {
        status: 409,
        code: 'TRANSITION_NOT_ALLOWED',
        extensions: { currentState: 'Backlog', allowedTargets: ['Planned', 'In progress', 'Cancelled'] },
      });
    });

    it('should answer 409 TRANSITION_NOT_ALLOWED for a transition to the state the project is in', async () => {
      const project = await createProject(owner, workspaceId, { key: 'SELF', name: 'Self' });

      const answer = await transition(owner, workspaceId, project.id, { to: 'Backlog', expectedVersion: 1 });

      expectProblem(answer, {
        status: 409,
        code: 'TRANSITION_NOT_ALLOWED',
        extensions: { currentState: 'Backlog', allowedTargets: ['Planned', 'In progress', 'Cancelled'] },
      });
    });

    it('should answer 409 VERSION_CONFLICT with currentVersion for a stale expectedVersion, and changes nothing', async () => {
      const project = await createProject(owner, workspaceId, { key: 'LATE', name: 'Late' });
      const planned = await moveTo(owner, workspaceId, project, 'Planned');
      const before = await trailSizes(workspaceId);

      const answer = await transition(owner, workspaceId, project.id, { to: 'In progress', expectedVersion: 1 });

      expectProblem(answer, { status: 409, code: 'VERSION_CONFLICT', extensions: { currentVersion: 2 } });
      expect(bodyOf(await getProject(owner, workspaceId, project.id), 200)).toEqual(planned);
      expect(await trailSizes(workspaceId)).toEqual(before);
    });

    it('should let exactly one of two concurrent transitions at the same expectedVersion through', async () => {
      const project = await createProject(owner, workspaceId, { key: 'DUEL', name: 'Duel' });

      const answers = await Promise.all([
        transition(owner, workspaceId, project.id, { to: 'Planned', expectedVersion: 1 }),
        transition(owner, workspaceId, project.id, { to: 'In progress', expectedVersion: 1 }),
      ]);

      expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
      const winner = bodyOf(answers.filter((answer) => answer.status === 200)[0], 200);
      expect(bodyOf(await getProject(owner, workspaceId, project.id), 200)).toEqual(winner);
      const transitions = (await activityOf(owner, workspaceId, project.id)).filter(
        (entry) => entry.action === 'project.transitioned',
      );
      expect(transitions).toHaveLength(1);
    });

    it('should dry-run a transition that would pass: wouldSucceed, status 200, and nothing changes', async () => {
      const project = await createProject(owner, workspaceId, { key: 'DRY', name: 'Dry' });
      const before = await trailSizes(workspaceId);

      const answer = await dryRunTransition(owner, workspaceId, project.id, { to: 'Planned', expectedVersion: 1 });

      expect(bodyOf(answer, 200)).toEqual({
        wouldSucceed: true,
        status: 200,
        code: null,
        transition: 'Plan',
        from: 'Backlog',
        to: 'Planned',
        failures: [],
      });
      expect(bodyOf(await getProject(owner, workspaceId, project.id), 200)).toEqual(project);
      expect(await trailSizes(workspaceId)).toEqual(before);
    });

    it('should dry-run a transition that would fail: every failing check, the first one as status and code, and nothing changes', async () => {
      const project = await createProject(owner, workspaceId, { key: 'DRYFAIL', name: 'Dry fail' });
      const before = await trailSizes(workspaceId);

      const answer = await dryRunTransition(owner, workspaceId, project.id, { to: 'Done', expectedVersion: 7 });

      expect(bodyOf(answer, 200)).toEqual({
        wouldSucceed: false,
        status: 409,
        code: 'VERSION_CONFLICT',
        transition: null,
        from: 'Backlog',
        to: 'Done',
        failures: [
          { code: 'VERSION_CONFLICT', detail: expect.any(String) },
          { code: 'TRANSITION_NOT_ALLOWED', detail: expect.any(String) },
        ],
      });
      expect(bodyOf(await getProject(owner, workspaceId, project.id), 200)).toEqual(project);
      expect(await trailSizes(workspaceId)).toEqual(before);
    });

    it('should dry-run for a viewer what a real request would answer them: 403 PERMISSION_DENIED for projects:transition', async () => {
      const project = await createProject(owner, workspaceId, { key: 'DRYVIEW', name: 'Dry view' });

      const answer = await dryRunTransition(viewer, workspaceId, project.id, { to: 'Planned', expectedVersion: 1 });

      expect(bodyOf(answer, 200)).toEqual({
        wouldSucceed: false,
        status: 403,
        code: 'PERMISSION_DENIED',
        transition: 'Plan',
        from: 'Backlog',
        to: 'Planned',
        failures: [{ code: 'PERMISSION_DENIED', detail: expect.any(String), permission: 'projects:transition' }],
      });
    });

    it('should dry-run a stale request by a viewer as the real request answers it: 403 PERMISSION_DENIED before the version', async () => {
      const project = await createProject(owner, workspaceId, { key: 'DRYSTALE', name: 'Dry stale' });
      const planned = await moveTo(owner, workspaceId, project, 'Planned');
      const request = { to: 'In progress', expectedVersion: project.version };

      const real = await transition(viewer, workspaceId, project.id, request);
      const dryRun = await dryRunTransition(viewer, workspaceId, project.id, request);

      expectPermissionDenied(real, 'projects:transition');
      expect(bodyOf(dryRun, 200)).toEqual({
        wouldSucceed: false,
        status: 403,
        code: 'PERMISSION_DENIED',
        transition: 'Start',
        from: 'Planned',
        to: 'In progress',
        failures: [
          { code: 'PERMISSION_DENIED', detail: expect.any(String), permission: 'projects:transition' },
          { code: 'VERSION_CONFLICT', detail: expect.any(String) },
        ],
      });
      expect(bodyOf(await getProject(owner, workspaceId, project.id), 200)).toEqual(planned);
    });

    it('should dry-run a viewer on an archived project as the real request answers it: 403 PERMISSION_DENIED first', async () => {
      const project = await createProject(owner, workspaceId, { key: 'DRYVARC', name: 'Dry viewer archived' });
      const archived = bodyOf(await archiveProject(owner, workspaceId, project.id), 200);
      const request = { to: 'Planned', expectedVersion: archived.version };

      const real = await transition(viewer, workspaceId, project.id, request);
      const dryRun = bodyOf(await dryRunTransition(viewer, workspaceId, project.id, request), 200);

      expectPermissionDenied(real, 'projects:transition');
      expect(dryRun).toMatchObject({ wouldSucceed: false, status: 403, code: 'PERMISSION_DENIED' });
      expect(dryRun.failures.map((failure) => failure.code)).toEqual(['PERMISSION_DENIED', 'PROJECT_ARCHIVED']);
    });

    it('should list no transitions for an archived project, which refuses them all, and lists them again once restored', async () => {
      const project = await createProject(owner, workspaceId, { key: 'OPTARC', name: 'Options archived' });
      const archived = bodyOf(await archiveProject(owner, workspaceId, project.id), 200);

      const listed = bodyOf(await transitionOptions(owner, workspaceId, project.id), 200);
      const refused = await transition(owner, workspaceId, project.id, {
        to: 'Planned',
        expectedVersion: archived.version,
      });
      bodyOf(await restoreProject(owner, workspaceId, project.id), 200);
      const restored = bodyOf(await transitionOptions(owner, workspaceId, project.id), 200);

      expect(listed).toEqual({ data: [] });
      expectProblem(refused, { status: 409, code: 'PROJECT_ARCHIVED' });
      expect(restored.data.map((option) => option.to)).toEqual(['Planned', 'In progress', 'Cancelled']);
    });

    it('should answer a dry run for an archived project with 409 PROJECT_ARCHIVED first', async () => {
      const project = await createProject(owner, workspaceId, { key: 'DRYARC', name: 'Dry archived' });
      const archived = bodyOf(await archiveProject(owner, workspaceId, project.id), 200);

      const answer = await dryRunTransition(owner, workspaceId, project.id, {
        to: 'Planned',
        expectedVersion: archived.version,
      });

      expect(bodyOf(answer, 200)).toMatchObject({
        wouldSucceed: false,
        status: 409,
        code: 'PROJECT_ARCHIVED',
        failures: [{ code: 'PROJECT_ARCHIVED' }],
      });
    });
  });

  describe('a custom workflow with guarded transitions', () => {
    let owner: SignedInPerson;
    let member: SignedInPerson;
    let workspaceId: string;
    let drafted: Answer<Schema<'WorkflowVersionResponse'>>;
    let published: Answer<Schema<'WorkflowVersionResponse'>>;
    let activeBefore: Schema<'WorkflowVersionResponse'>;

    beforeAll(async () => {
      ({ owner, workspaceId } = await newWorkspace('guarded'));
      member = await join(owner, workspaceId, 'guarded-member', 'member');
      activeBefore = bodyOf(await activeWorkflow(owner, workspaceId), 200);
      drafted = await draftWorkflow(owner, workspaceId, GUARDED_WORKFLOW);
      const draftId = drafted.status === 201 ? bodyOf(drafted, 201).id : randomUUID();
      published = await publishWorkflow(owner, workspaceId, draftId);
    });

    /** A project in Backlog of the guarded workflow, without a description. */
    function draftProject(key: string): Promise<Project> {
      return createProject(owner, workspaceId, { key, name: 'Website draft' });
    }

    it('should draft the version: 201, status draft, number 2, with the definition as sent', () => {
      expect(bodyOf(drafted, 201)).toEqual({
        id: expect.stringMatching(UUID),
        number: 2,
        status: 'draft',
        states: GUARDED_WORKFLOW.states,
        transitions: GUARDED_WORKFLOW.transitions,
        initialState: 'Backlog',
        contentHash: expect.stringMatching(CONTENT_HASH),
        createdBy: { type: 'user', id: owner.userId },
        createdAt: expect.stringMatching(ISO_TIME),
        publishedAt: null,
      });
      expect(bodyOf(drafted, 201).contentHash).not.toBe(activeBefore.contentHash);
    });

    it('should publish the draft: 200, status active, and it becomes the workflow while version 1 retires', async () => {
      const draft = bodyOf(drafted, 201);

      const active = bodyOf(published, 200);

      expect(active).toEqual({ ...draft, status: 'active', publishedAt: expect.stringMatching(ISO_TIME) });
      expect(bodyOf(await activeWorkflow(owner, workspaceId), 200)).toEqual(active);
      expect(bodyOf(await workflowVersions(owner, workspaceId), 200)).toEqual({
        data: [active, { ...activeBefore, status: 'retired' }],
        nextCursor: null,
      });
    });

    it('should start new projects on version 2', async () => {
      expect(await draftProject('NEWV')).toMatchObject({ state: 'Backlog', workflowVersion: 2, version: 1 });
    });

    it('should answer 409 WORKFLOW_VERSION_PUBLISHED when an active or a retired version is published again', async () => {
      expectProblem(await publishWorkflow(owner, workspaceId, bodyOf(drafted, 201).id), {
        status: 409,
        code: 'WORKFLOW_VERSION_PUBLISHED',
      });
      expectProblem(await publishWorkflow(owner, workspaceId, activeBefore.id), {
        status: 409,
        code: 'WORKFLOW_VERSION_PUBLISHED',
      });
      expect(bodyOf(await activeWorkflow(owner, workspaceId), 200).number).toBe(2);
    });

    it('should answer 404 NOT_FOUND for publishing an unknown version', async () => {
      expectProblem(await publishWorkflow(owner, workspaceId, randomUUID()), { status: 404, code: 'NOT_FOUND' });
    });

    it('should refuse a member, who lacks workflow:write, drafting a version with 403 PERMISSION_DENIED', async () => {
      expectPermissionDenied(await draftWorkflow(member, workspaceId, GUARDED_WORKFLOW), 'workflow:write');
    });

    it('should list the guarded transition with conditionsMet false and every failed condition', async () => {
      const project = await draftProject('OPTIONS');

      expect(bodyOf(await transitionOptions(owner, workspaceId, project.id), 200)).toEqual({
        data: [
          { name: 'Plan', to: 'Planned', conditionsMet: true, failedConditions: [] },
          {
            name: 'Start',
            to: 'In progress',
            conditionsMet: false,
            failedConditions: [START_NEEDS_COMMENT, START_NEEDS_DESCRIPTION, START_RULE_FAILS],
          },
          { name: 'Cancel', to: 'Cancelled', conditionsMet: true, failedConditions: [] },
        ],
      });
    });

    it('should answer 422 TRANSITION_CONDITION_FAILED naming each failed condition, and changes nothing', async () => {
      const project = await draftProject('COND');
      const before = await trailSizes(workspaceId);

      const answer = await transition(owner, workspaceId, project.id, { to: 'In progress', expectedVersion: 1 });

      const problem = expectProblem(answer, {
        status: 422,
        code: 'TRANSITION_CONDITION_FAILED',
        extensions: {
          transition: 'Start',
          failedConditions: [START_NEEDS_COMMENT, START_NEEDS_DESCRIPTION, START_RULE_FAILS],
        },
      });
      expect(problem['failedConditions']).toHaveLength(3);
      expect(bodyOf(await getProject(owner, workspaceId, project.id), 200)).toEqual(project);
      expect(await trailSizes(workspaceId)).toEqual(before);
    });

    it('should name only the conditions that still fail once a comment is sent', async () => {
      const project = await draftProject('COMMENTED');

      const answer = await transition(owner, workspaceId, project.id, {
        to: 'In progress',
        expectedVersion: 1,
        comment: 'Kick-off done.',
      });

      expectProblem(answer, {
        status: 422,
        code: 'TRANSITION_CONDITION_FAILED',
        extensions: { transition: 'Start', failedConditions: [START_NEEDS_DESCRIPTION, START_RULE_FAILS] },
      });
    });

    it('should count a blank comment as no comment', async () => {
      const project = await draftProject('BLANK');
      const ready = bodyOf(
        await updateProject(owner, workspaceId, project.id, {
          name: 'Website',
          description: 'The new site.',
          expectedVersion: 1,
        }),
        200,
      );

      const answer = await transition(owner, workspaceId, project.id, {
        to: 'In progress',
        expectedVersion: ready.version,
        comment: '   ',
      });

      expectProblem(answer, {
        status: 422,
        code: 'TRANSITION_CONDITION_FAILED',
        extensions: { transition: 'Start', failedConditions: [START_NEEDS_COMMENT] },
      });
    });

    it('should count a description of blanks as unset for requiredFields', async () => {
      const project = await createProject(owner, workspaceId, {
        key: 'BLANKDESC',
        name: 'Website',
        description: '   ',
      });

      const answer = await transition(owner, workspaceId, project.id, {
        to: 'In progress',
        expectedVersion: 1,
        comment: 'Go.',
      });

      expectProblem(answer, {
        status: 422,
        code: 'TRANSITION_CONDITION_FAILED',
        extensions: { transition: 'Start', failedConditions: [START_NEEDS_DESCRIPTION] },
      });
    });

    it('should move the project once every condition holds, with the comment in the trail', async () => {
      const project = await draftProject('READY');
      const ready = bodyOf(
        await updateProject(owner, workspaceId, project.id, {
          name: 'Website',
          description: 'The new site.',
          expectedVersion: 1,
        }),
        200,
      );
      expect(bodyOf(await transitionOptions(owner, workspaceId, project.id), 200).data).toContainEqual({
        name: 'Start',
        to: 'In progress',
        conditionsMet: false,
        failedConditions: [START_NEEDS_COMMENT],
      });

      const answer = await transition(owner, workspaceId, project.id, {
        to: 'In progress',
        expectedVersion: ready.version,
        comment: 'Kick-off done.',
      });

      expect(bodyOf(answer, 200)).toMatchObject({ state: 'In progress', stateCategory: 'in_progress', version: 3 });
      const [latest] = await activityOf(owner, workspaceId, project.id);
      expect(latest).toMatchObject({
        action: 'project.transitioned',
        data: { transition: 'Start', from: 'Backlog', to: 'In progress', comment: 'Kick-off done.' },
      });
    });

    it('should dry-run a stale request with unmet conditions: every failure, VERSION_CONFLICT first', async () => {
      const project = await draftProject('DRYCOND');
      const before = await trailSizes(workspaceId);

      const answer = await dryRunTransition(owner, workspaceId, project.id, { to: 'In progress', expectedVersion: 5 });

      expect(bodyOf(answer, 200)).toEqual({
        wouldSucceed: false,
        status: 409,
        code: 'VERSION_CONFLICT',
        transition: 'Start',
        from: 'Backlog',
        to: 'In progress',
        failures: [
          { code: 'VERSION_CONFLICT', detail: expect.any(String) },
          {
            code: 'TRANSITION_CONDITION_FAILED',
            detail: START_NEEDS_COMMENT.message,
            failedCondition: START_NEEDS_COMMENT,
          },
          {
            code: 'TRANSITION_CONDITION_FAILED',
            detail: START_NEEDS_DESCRIPTION.message,
            failedCondition: START_NEEDS_DESCRIPTION,
          },
          { code: 'TRANSITION_CONDITION_FAILED', detail: RULE_MESSAGE, failedCondition: START_RULE_FAILS },
        ],
      });
      expect(bodyOf(await getProject(owner, workspaceId, project.id), 200)).toEqual(project);
      expect(await trailSizes(workspaceId)).toEqual(before);
    });

    describe('a transition that needs workflow:write', () => {
      let started: Project;

      beforeAll(async () => {
        const project = await createProject(owner, workspaceId, {
          key: 'SHIP',
          name: 'Shippable',
          description: 'Ready to go.',
        });
        started = bodyOf(
          await transition(owner, workspaceId, project.id, {
            to: 'In progress',
            expectedVersion: 1,
            comment: 'Go.',
          }),
          200,
        );
      });

      it('should be listed to the owner, who holds workflow:write, and not to a member', async () => {
        const names = async (as: SignedInPerson): Promise<string[]> =>
          bodyOf(await transitionOptions(as, workspaceId, started.id), 200).data.map((option) => option.name);

        expect(await names(owner)).toEqual(['Submit for review', 'Ship', 'Cancel']);
        expect(await names(member)).toEqual(['Submit for review', 'Cancel']);
      });

      it('should answer a member 403 PERMISSION_DENIED naming workflow:write, and changes nothing', async () => {
        const before = await trailSizes(workspaceId);

        const answer = await transition(member, workspaceId, started.id, {
          to: 'Done',
          expectedVersion: started.version,
        });

        expectPermissionDenied(answer, 'workflow:write');
        expect(bodyOf(await getProject(owner, workspaceId, started.id), 200)).toEqual(started);
        expect(await trailSizes(workspaceId)).toEqual(before);
      });

      it('should dry-run for a member what the request would answer: 403 for workflow:write', async () => {
        const answer = await dryRunTransition(member, workspaceId, started.id, {
          to: 'Done',
          expectedVersion: started.version,
        });

        expect(bodyOf(answer, 200)).toEqual({
          wouldSucceed: false,
          status: 403,
          code: 'PERMISSION_DENIED',
          transition: 'Ship',
          from: 'In progress',
          to: 'Done',
          failures: [{ code: 'PERMISSION_DENIED', detail: expect.any(String), permission: 'workflow:write' }],
        });
      });

      it('should let the owner take it: 200, Done', async () => {
        const answer = await transition(owner, workspaceId, started.id, {
          to: 'Done',
          expectedVersion: started.version,
        });

        expect(bodyOf(answer, 200)).toMatchObject({
          state: 'Done',
          stateCategory: 'done',
          version: started.version + 1,
        });
      });
    });
  });

  describe('workflow validation', () => {
    let owner: SignedInPerson;
    let workspaceId: string;

    beforeAll(async () => {
      ({ owner, workspaceId } = await newWorkspace('validation'));
    });

    /** The default definition with one thing changed. */
    function changed(change: (definition: WorkflowDefinition) => void): WorkflowDefinition {
      const definition = defaultDefinition();
      change(definition);
      return definition;
    }

    it.each<[string, WorkflowDefinition, { path: string; field: string }[]]>([
      [
        'no initial state',
        changed((definition) => {
          delete (definition as Partial<WorkflowDefinition>).initialState;
        }),
        [{ path: '$.initialState', field: 'initialState' }],
      ],
      [
        'an unknown initial state',
        changed((definition) => {
          definition.initialState = 'Icebox';
        }),
        [{ path: '$.initialState', field: 'initialState' }],
      ],
      [
        'a state no transition reaches',
        changed((definition) => {
          definition.states.push({ name: 'Icebox', category: 'todo' });
        }),
        [{ path: '$.states[6]', field: 'states.6' }],
      ],
      [
        'a duplicate state name',
        changed((definition) => {
          definition.states.push({ name: 'Planned', category: 'todo' });
        }),
        [{ path: '$.states[6].name', field: 'states.6.name' }],
      ],
      [
        'a duplicate transition name',
        changed((definition) => {
          definition.transitions.push({ name: 'Plan', from: ['In review'], to: 'Backlog' });
        }),
        [{ path: '$.transitions[8].name', field: 'transitions.8.name' }],
      ],
      [
        'a transition to an unknown state',
        changed((definition) => {
          definition.transitions.push({ name: 'Ship', from: ['In review'], to: 'Shipped' });
        }),
        [{ path: '$.transitions[8].to', field: 'transitions.8.to' }],
      ],
      [
        'a transition from an unknown state',
        changed((definition) => {
          definition.transitions.push({ name: 'Thaw', from: ['Icebox'], to: 'Backlog' });
        }),
        [{ path: '$.transitions[8].from[0]', field: 'transitions.8.from.0' }],
      ],
      [
        'no state in the done category',
        changed((definition) => {
          definition.states[4] = { name: 'Done', category: 'in_progress' };
        }),
        [{ path: '$.states', field: 'states' }],
      ],
      [
        'a rule with an unknown operator',
        changed((definition) => {
          definition.transitions[0].conditions = {
            rule: { logic: { and: [true, { frobnicate: [1, 2] }] }, message: 'Never.' },
          };
        }),
        [{ path: '$.transitions[0].conditions.rule.logic.and[1]', field: 'transitions.0.conditions.rule.logic.and.1' }],
      ],
      [
        'a rule whose logic is not an object',
        changed((definition) => {
          definition.transitions[0].conditions = {
            rule: { logic: 'nope' as unknown as Record<string, unknown>, message: 'Never.' },
          };
        }),
        [{ path: '$.transitions[0].conditions.rule.logic', field: 'transitions.0.conditions.rule.logic' }],
      ],
      [
        'a rule without logic',
        changed((definition) => {
          definition.transitions[2].conditions = {
            rule: { message: 'Never.' } as { logic: Record<string, unknown>; message: string },
          };
        }),
        [{ path: '$.transitions[2].conditions.rule.logic', field: 'transitions.2.conditions.rule.logic' }],
      ],
      [
        'a required field that is not a project field',
        changed((definition) => {
          definition.transitions[0].conditions = {
            requiredFields: ['description', 'owner' as 'description'],
          };
        }),
        [
          {
            path: '$.transitions[0].conditions.requiredFields[1]',
            field: 'transitions.0.conditions.requiredFields.1',
          },
        ],
      ],
      [
        'a permission that is not in the catalog',
        changed((definition) => {
          definition.transitions[0].permission = 'projects:launch';
        }),
        [{ path: '$.transitions[0].permission', field: 'transitions.0.permission' }],
      ],
    ])('should answer 422 WORKFLOW_INVALID for %s, at its JSON path', async (_kind, definition, expected) => {
      const answer = await draftWorkflow(owner, workspaceId, definition);

      const problem = expectProblem(answer, { status: 422, code: 'WORKFLOW_INVALID' });
      expect(problem.errors?.map(({ path, field }) => ({ path, field }))).toEqual(expected);
    });

    it('should list every problem of a definition at once', async () => {
      const definition = changed((draft) => {
        draft.initialState = 'Icebox';
        draft.states.push({ name: 'Backlog', category: 'todo' });
        draft.states[4] = { name: 'Done', category: 'cancelled' };
        draft.transitions.push({ name: 'Ship', from: ['In review'], to: 'Shipped' });
        draft.transitions.push({ name: 'Ship', from: ['In review'], to: 'Planned' });
      });

      const problem = expectProblem(await draftWorkflow(owner, workspaceId, definition), {
        status: 422,
        code: 'WORKFLOW_INVALID',
      });

      expect((problem.errors ?? []).map((error) => error.path).sort()).toEqual(
        ['$.initialState', '$.states', '$.states[6].name', '$.transitions[8].to', '$.transitions[9].name'].sort(),
      );
    });

    it.each<[string, (definition: WorkflowDefinition) => void, string]>([
      [
        'an initial state that is not a string',
        (definition) => {
          (definition as unknown as { initialState: number }).initialState = 1;
        },
        'initialState',
      ],
      [
        'a required field that is not a string',
        (definition) => {
          definition.transitions[0].conditions = { requiredFields: [7 as unknown as 'name'] };
        },
        'transitions.0.conditions.requiredFields',
      ],
      [
        'a rule message that is not a string',
        (definition) => {
          definition.transitions[0].conditions = {
            rule: { logic: { '!!': [true] }, message: 3 as unknown as string },
          };
        },
        'transitions.0.conditions.rule.message',
      ],
    ])(
      'should answer 422 VALIDATION_FAILED for %s, a malformed body rather than a workflow',
      async (_kind, change, field) => {
        const answer = await draftWorkflow(owner, workspaceId, changed(change));

        const problem = expectProblem(answer, { status: 422, code: 'VALIDATION_FAILED' });
        expect([...new Set(problem.errors?.map((error) => error.field))]).toEqual([field]);
      },
    );

    it('should draft nothing for an invalid definition', async () => {
      const versions = bodyOf(await workflowVersions(owner, workspaceId), 200);

      expect(versions.data.map((version) => [version.number, version.status])).toEqual([[1, 'active']]);
    });
  });

  describe('comments', () => {
    let owner: SignedInPerson;
    let author: SignedInPerson;
    let colleague: SignedInPerson;
    let admin: SignedInPerson;
    let viewer: SignedInPerson;
    let workspaceId: string;
    let project: Project;

    beforeAll(async () => {
      ({ owner, workspaceId } = await newWorkspace('comments'));
      author = await join(owner, workspaceId, 'comments-author', 'member');
      colleague = await join(owner, workspaceId, 'comments-colleague', 'member');
      admin = await join(owner, workspaceId, 'comments-admin', 'admin');
      viewer = await join(owner, workspaceId, 'comments-viewer', 'viewer');
      project = await createProject(owner, workspaceId, { key: 'TALK', name: 'Talked about' });
    });

    it('should post a comment: 201 with the comment, a comment.created activity entry and event', async () => {
      const answer = await postComment(author, workspaceId, project.id, 'Design review is **Thursday**.');

      const comment = bodyOf(answer, 201);
      expect(comment).toEqual({
        id: expect.stringMatching(UUID),
        projectId: project.id,
        author: { type: 'user', id: author.userId },
        body: 'Design review is **Thursday**.',
        createdAt: expect.stringMatching(ISO_TIME),
        updatedAt: comment.createdAt,
      });
      const [latest] = await activityOf(owner, workspaceId, project.id);
      expect(latest).toMatchObject({
        action: 'comment.created',
        actor: { type: 'user', id: author.userId },
        target: { type: 'comment', id: comment.id },
        projectId: project.id,
        context: { requestId: requestIdOf(answer) },
      });
      const events = (await outboxRows(keel.database.dataSource, workspaceId)).filter(
        (row) => row.type === 'comment.created',
      );
      expect(events).toEqual([
        expect.objectContaining({
          type: 'comment.created',
          version: 1,
          actor_type: 'user',
          actor_id: author.userId,
          data: { comment, project: { id: project.id, key: 'TALK', name: 'Talked about' } },
        }),
      ]);
    });

    it('should accept a comment of 10,000 characters and answers 422 VALIDATION_FAILED for one of 10,001', async () => {
      const longest = await postComment(author, workspaceId, project.id, 'x'.repeat(10_000));
      const tooLong = await postComment(author, workspaceId, project.id, 'y'.repeat(10_001));

      expect(bodyOf(longest, 201).body).toHaveLength(10_000);
      const problem = expectProblem(tooLong, { status: 422, code: 'VALIDATION_FAILED' });
      expect(problem.errors).toEqual([expect.objectContaining({ field: 'body' })]);
    });

    it('should answer 422 VALIDATION_FAILED for an empty comment', async () => {
      expectProblem(await postComment(author, workspaceId, project.id, ''), { status: 422, code: 'VALIDATION_FAILED' });
    });

    it('should list the comments oldest first, and walks them with the cursor', async () => {
      const thread = await createProject(owner, workspaceId, { key: 'THREAD', name: 'Thread' });
      const bodies = ['first', 'second', 'third'];
      const posted: Schema<'CommentResponse'>[] = [];
      for (const body of bodies) posted.push(bodyOf(await postComment(author, workspaceId, thread.id, body), 201));

      const all = bodyOf(await listComments(viewer, workspaceId, thread.id), 200);
      const pages = await walkPages(async (cursor) =>
        bodyOf(await listComments(viewer, workspaceId, thread.id, { limit: 2, cursor }), 200),
      );

      expect(all).toEqual({ data: posted, nextCursor: null });
      expect(pages.map((page) => page.map((comment) => comment.body))).toEqual([['first', 'second'], ['third']]);
    });

    it('should let the author edit a comment: 200 with the new body and a later updatedAt', async () => {
      const comment = bodyOf(await postComment(author, workspaceId, project.id, 'Typo in here'), 201);

      const edited = bodyOf(await editComment(author, workspaceId, comment.id, 'No typo in here'), 200);

      expect(edited).toEqual({ ...comment, body: 'No typo in here', updatedAt: expect.stringMatching(ISO_TIME) });
      expect(Date.parse(edited.updatedAt)).toBeGreaterThanOrEqual(Date.parse(comment.createdAt));
      const listed = bodyOf(await listComments(owner, workspaceId, project.id, { limit: 100 }), 200).data;
      expect(listed.find((entry) => entry.id === comment.id)).toEqual(edited);
      const [latest] = await activityOf(owner, workspaceId, project.id);
      expect(latest).toMatchObject({
        action: 'comment.updated',
        actor: { type: 'user', id: author.userId },
        target: { type: 'comment', id: comment.id },
        data: { changes: { body: { from: 'Typo in here', to: 'No typo in here' } } },
      });
    });

    it('should answer 403 COMMENT_NOT_AUTHOR when another member edits a comment, and keeps it', async () => {
      const comment = bodyOf(await postComment(author, workspaceId, project.id, 'Mine'), 201);

      const answer = await editComment(colleague, workspaceId, comment.id, 'Now mine');

      expectProblem(answer, { status: 403, code: 'COMMENT_NOT_AUTHOR' });
      const listed = bodyOf(await listComments(owner, workspaceId, project.id, { limit: 100 }), 200).data;
      expect(listed.find((entry) => entry.id === comment.id)).toEqual(comment);
    });

    it('should answer 403 COMMENT_NOT_AUTHOR when another member deletes a comment, and lets an admin delete it with 204', async () => {
      const comment = bodyOf(await postComment(author, workspaceId, project.id, 'Moderate me'), 201);

      const byColleague = await deleteComment(colleague, workspaceId, comment.id);
      const idsAfterRefusal = bodyOf(await listComments(owner, workspaceId, project.id, { limit: 100 }), 200).data.map(
        (entry) => entry.id,
      );
      const byAdmin = await deleteComment(admin, workspaceId, comment.id);

      expectProblem(byColleague, { status: 403, code: 'COMMENT_NOT_AUTHOR' });
      expect(idsAfterRefusal).toContain(comment.id);
      expect(byAdmin.status).toBe(204);
      const idsAfterDelete = bodyOf(await listComments(owner, workspaceId, project.id, { limit: 100 }), 200).data.map(
        (entry) => entry.id,
      );
      expect(idsAfterDelete).not.toContain(comment.id);
      const [latest] = await activityOf(owner, workspaceId, project.id);
      expect(latest).toMatchObject({
        action: 'comment.deleted',
        actor: { type: 'user', id: admin.userId },
        target: { type: 'comment', id: comment.id },
      });
    });

    it('should let the author delete their own comment with 204', async () => {
      const comment = bodyOf(await postComment(author, workspaceId, project.id, 'Never mind'), 201);

      expect((await deleteComment(author, workspaceId, comment.id)).status).toBe(204);
      expectProblem(await editComment(author, workspaceId, comment.id, 'Back?'), { status: 404, code: 'NOT_FOUND' });
    });

    it('should answer 403 PERMISSION_DENIED naming comments:write when a viewer comments', async () => {
      expectPermissionDenied(await postComment(viewer, workspaceId, project.id, 'Hello'), 'comments:write');
    });

    it('should answer 404 NOT_FOUND for a comment on an unknown project', async () => {
      expectProblem(await postComment(author, workspaceId, randomUUID(), 'Anyone?'), {
        status: 404,
        code: 'NOT_FOUND',
      });
    });
  });

  describe('activity', () => {
    let owner: SignedInPerson;
    let member: SignedInPerson;
    let workspaceId: string;
    let first: Project;
    let second: Project;
    /** The request that made each change, oldest first, with the change's action. */
    const changes: { action: string; projectId: string; actorId: string; requestId: string }[] = [];

    function remember(answer: Answer, action: string, projectId: string, actor: SignedInPerson): void {
      changes.push({ action, projectId, actorId: actor.userId, requestId: requestIdOf(answer) });
    }

    beforeAll(async () => {
      ({ owner, workspaceId } = await newWorkspace('activity'));
      member = await join(owner, workspaceId, 'activity-member', 'member');

      const created = await postProject(owner, workspaceId, { key: 'FIRST', name: 'First' });
      first = bodyOf(created, 201);
      remember(created, 'project.created', first.id, owner);
      const updated = await updateProject(member, workspaceId, first.id, { name: 'First!', expectedVersion: 1 });
      first = bodyOf(updated, 200);
      remember(updated, 'project.updated', first.id, member);
      const moved = await transition(owner, workspaceId, first.id, { to: 'Planned', expectedVersion: 2 });
      first = bodyOf(moved, 200);
      remember(moved, 'project.transitioned', first.id, owner);
      const commented = await postComment(member, workspaceId, first.id, 'On it.');
      bodyOf(commented, 201);
      remember(commented, 'comment.created', first.id, member);
      const createdSecond = await postProject(owner, workspaceId, { key: 'SECOND', name: 'Second' });
      second = bodyOf(createdSecond, 201);
      remember(createdSecond, 'project.created', second.id, owner);
    });

    async function feed(query: ActivityQuery = {}): Promise<ActivityEntry[]> {
      const page = bodyOf(await workspaceActivity(owner, workspaceId, { limit: 100, ...query }), 200);
      expect(page.nextCursor).toBeNull();
      return page.data;
    }

    it("should list a project's activity newest first, each entry with its actor, target and the request that made it", async () => {
      const entries = await activityOf(member, workspaceId, first.id);

      const expected = changes.filter((change) => change.projectId === first.id).reverse();
      expect(entries).toEqual(
        expected.map((change) =>
          expect.objectContaining({
            id: expect.stringMatching(UUID),
            action: change.action,
            actor: { type: 'user', id: change.actorId },
            projectId: first.id,
            context: expect.objectContaining({ requestId: change.requestId }),
            occurredAt: expect.stringMatching(ISO_TIME),
          }),
        ),
      );
      expect(entries.map((entry) => entry.target.type)).toEqual(['comment', 'project', 'project', 'project']);
      const times = entries.map((entry) => Date.parse(entry.occurredAt));
      expect(times).toEqual([...times].sort((a, b) => b - a));
    });

    it("should list the workspace's activity newest first across its projects", async () => {
      const entries = await feed();

      expect(entries.map((entry) => [entry.action, entry.projectId, entry.context.requestId])).toEqual(
        [...changes].reverse().map((change) => [change.action, change.projectId, change.requestId]),
      );
    });

    it('should filter by action', async () => {
      const entries = await feed({ action: 'project.created' });

      expect(entries.map((entry) => entry.projectId)).toEqual([second.id, first.id]);
      expect(
        (await activityOf(owner, workspaceId, first.id)).filter((entry) => entry.action === 'project.created'),
      ).toHaveLength(1);
      const ofFirst = bodyOf(
        await projectActivity(owner, workspaceId, first.id, { action: 'project.transitioned' }),
        200,
      ).data;
      expect(ofFirst.map((entry) => entry.action)).toEqual(['project.transitioned']);
    });

    it('should filter by actor', async () => {
      const byMember = await feed({ actorId: member.userId });

      expect(byMember.map((entry) => entry.action)).toEqual(['comment.created', 'project.updated']);
      expect(byMember.every((entry) => entry.actor?.id === member.userId)).toBe(true);
    });

    it('should filter by time: from inclusive, to exclusive', async () => {
      const all = await feed();
      const updated = all.find((entry) => entry.action === 'project.updated');
      const commented = all.find((entry) => entry.action === 'comment.created');
      if (!updated || !commented) throw new Error('the feed lacks the update or the comment');
      const from = updated.occurredAt;
      const to = commented.occurredAt;

      const between = await feed({ from, to });
      const since = await feed({ from });
      const until = await feed({ to });

      const inRange = (entry: ActivityEntry, lower?: string, upper?: string): boolean =>
        (lower === undefined || Date.parse(entry.occurredAt) >= Date.parse(lower)) &&
        (upper === undefined || Date.parse(entry.occurredAt) < Date.parse(upper));
      expect(between).toEqual(all.filter((entry) => inRange(entry, from, to)));
      expect(since).toEqual(all.filter((entry) => inRange(entry, from)));
      expect(until).toEqual(all.filter((entry) => inRange(entry, undefined, to)));
      expect(between.map((entry) => entry.id)).toContain(updated.id);
      expect(between.map((entry) => entry.id)).not.toContain(commented.id);
      expect(since.map((entry) => entry.id)).toContain(commented.id);
    });

    it('should walk the feed with limit=2 and the cursor, without duplicates or gaps', async () => {
      const all = await feed();

      const pages = await walkPages(async (cursor) =>
        bodyOf(await workspaceActivity(owner, workspaceId, { limit: 2, cursor }), 200),
      );

      expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
      expect(pages.flat()).toEqual(all);
    });

    it("should walk a project's activity with the cursor", async () => {
      const all = await activityOf(owner, workspaceId, first.id);

      const pages = await walkPages(async (cursor) =>
        bodyOf(await projectActivity(owner, workspaceId, first.id, { limit: 3, cursor }), 200),
      );

      expect(pages.map((page) => page.length)).toEqual([3, 1]);
      expect(pages.flat()).toEqual(all);
    });

    it('should record the activity rows with the request id, as the API shows them', async () => {
      const rows = await activityRows(keel.database.dataSource, workspaceId);

      expect(rows.map((row) => [row.action, row.actor_id, row.request_id])).toEqual(
        changes.map((change) => [change.action, change.actorId, change.requestId]),
      );
    });

    it('should answer 404 NOT_FOUND for the activity of an unknown project', async () => {
      expectProblem(await projectActivity(owner, workspaceId, randomUUID()), { status: 404, code: 'NOT_FOUND' });
    });
  });

  describe('API keys', () => {
    let owner: SignedInPerson;
    let workspaceId: string;
    let key: Schema<'CreatedApiKeyResponse'>;
    let asKey: Caller;

    beforeAll(async () => {
      ({ owner, workspaceId } = await newWorkspace('keys'));
      key = await createApiKey(owner, workspaceId, 'Deploy bot', [
        'projects:read',
        'projects:write',
        'projects:transition',
      ]);
      asKey = { client: clientAs(baseUrl, key.key) };
    });

    it('should let a key with projects:read, projects:write and projects:transition create and move a project, as the api-key actor', async () => {
      const created = await postProject(asKey, workspaceId, { key: 'BOT', name: 'Made by a bot' });
      const project = bodyOf(created, 201);
      const moved = await transition(asKey, workspaceId, project.id, { to: 'In progress', expectedVersion: 1 });

      expect(project).toMatchObject({ state: 'Backlog', createdBy: { type: 'api-key', id: key.id } });
      expect(bodyOf(moved, 200)).toMatchObject({ state: 'In progress', version: 2 });
      const entries = await activityOf(owner, workspaceId, project.id);
      expect(entries).toEqual([
        expect.objectContaining({
          action: 'project.transitioned',
          actor: { type: 'api-key', id: key.id },
          context: expect.objectContaining({ requestId: requestIdOf(moved) }),
        }),
        expect.objectContaining({
          action: 'project.created',
          actor: { type: 'api-key', id: key.id },
          context: expect.objectContaining({ requestId: requestIdOf(created) }),
        }),
      ]);
      const events = await projectEvents(keel.database.dataSource, workspaceId, project.id);
      expect(events.map((event) => [event.type, event.actor_type, event.actor_id])).toEqual([
        ['project.created', 'api-key', key.id],
        ['project.transitioned', 'api-key', key.id],
      ]);
    });

    it('should refuse the key a comment, which needs comments:write, with 403 PERMISSION_DENIED', async () => {
      const project = await createProject(asKey, workspaceId, { key: 'MUTE', name: 'Mute' });

      expectPermissionDenied(await postComment(asKey, workspaceId, project.id, 'beep'), 'comments:write');
    });
  });
});
