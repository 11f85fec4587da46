import { randomUUID } from 'node:crypto';
import { Answer, bodyOf, Schema } from './support/keel-answers';
import { KeelOnTestDatabase, startKeelOnTestDatabase } from './support/keel-on-test-database';
import { SignedInPerson, signUp } from './support/keel-people';
import {
  activeWorkflow,
  activityRows,
  archiveProject,
  createProject,
  draftWorkflow,
  getProject,
  moveTo,
  Project,
  projectActivity,
  publishWorkflow,
  requestIdOf,
  statusAndCode,
  transition,
  WorkflowDefinition,
  workflowVersions,
} from './support/keel-projects';
import { createWorkspace } from './support/keel-tenants';
import { expectProblem } from './support/problem-details';

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** The default workflow without "Planned" and "In review". */
const SLIMMER_WORKFLOW: WorkflowDefinition = {
  states: [
    { name: 'Backlog', category: 'todo' },
    { name: 'In progress', category: 'in_progress' },
    { name: 'Done', category: 'done' },
    { name: 'Cancelled', category: 'cancelled' },
  ],
  transitions: [
    { name: 'Start', from: ['Backlog'], to: 'In progress' },
    { name: 'Complete', from: ['In progress'], to: 'Done' },
    { name: 'Cancel', from: ['Backlog', 'In progress'], to: 'Cancelled' },
    { name: 'Reopen', from: ['Done', 'Cancelled'], to: 'Backlog' },
  ],
  initialState: 'Backlog',
};

/** What a publish may change of a project, read from the table. */
interface ProjectRow {
  id: string;
  key: string;
  state: string;
  state_category: string;
  workflow_version: number;
  version: number;
}

/**
 * Publishing a workflow version that drops states projects are in: refused
 * until every such state is mapped to a state of the new version, then every
 * project moves onto the new version in one transaction, each move recorded.
 */
describe('publishing a workflow version that drops states in use', () => {
  let keel: KeelOnTestDatabase;
  let owner: SignedInPerson;
  let workspaceId: string;
  let versionOne: Schema<'WorkflowVersionResponse'>;
  let draft: Schema<'WorkflowVersionResponse'>;
  /** By key: BACKLOG1 and ARCHIVED (archived) in Backlog, PLANNED1 and PLANNED2 in Planned, STARTED in In progress. */
  const projects = new Map<string, Project>();
  let before: ProjectRow[];
  let published: Answer<Schema<'WorkflowVersionResponse'>>;

  async function projectRows(): Promise<ProjectRow[]> {
    return keel.database.dataSource.query(
      `SELECT id, key, state, state_category, workflow_version, version
         FROM projects WHERE workspace_id = $1 ORDER BY key`,
      [workspaceId],
    );
  }

  function projectNamed(key: string): Project {
    const project = projects.get(key);
    if (!project) throw new Error(`no project ${key} was made`);
    return project;
  }

  function rowBefore(key: string): ProjectRow {
    const row = before.find((candidate) => candidate.key === key);
    if (!row) throw new Error(`no row for ${key} before the publish`);
    return row;
  }

  async function movedEntries(): Promise<{ project_id: string | null; data: Record<string, unknown> }[]> {
    return (await activityRows(keel.database.dataSource, workspaceId)).filter((row) => row.action === 'project.moved');
  }

  /** Asserts nothing a publish would change has changed since `before`. */
  async function expectUnpublished(): Promise<void> {
    expect(await projectRows()).toEqual(before);
    expect(await movedEntries()).toEqual([]);
    expect(bodyOf(await activeWorkflow(owner, workspaceId), 200)).toEqual(versionOne);
    expect(bodyOf(await workflowVersions(owner, workspaceId), 200).data).toEqual([draft, versionOne]);
  }

  beforeAll(async () => {
    keel = await startKeelOnTestDatabase();
    owner = await signUp(keel.keel.url, 'publisher');
    ({ id: workspaceId } = await createWorkspace(owner, { name: `Publishing ${randomUUID().slice(0, 8)}` }));
    versionOne = bodyOf(await activeWorkflow(owner, workspaceId), 200);

    const make = async (key: string, to?: string): Promise<void> => {
      const project = await createProject(owner, workspaceId, { key, name: `Project ${key}` });
      projects.set(key, to ? await moveTo(owner, workspaceId, project, to) : project);
    };
    await make('BACKLOG1');
    await make('ARCHIVED');
    await make('PLANNED1', 'Planned');
    await make('PLANNED2', 'Planned');
    await make('STARTED', 'In progress');
    projects.set('ARCHIVED', bodyOf(await archiveProject(owner, workspaceId, projectNamed('ARCHIVED').id), 200));
    before = await projectRows();

    draft = bodyOf(await draftWorkflow(owner, workspaceId, SLIMMER_WORKFLOW), 201);
  });

  afterAll(async () => {
    await keel?.stop();
  });

  it('should start from projects in Backlog, Planned and In progress on version 1, and a draft numbered 2', () => {
    expect(before.map((row) => [row.key, row.state, row.workflow_version])).toEqual([
      ['ARCHIVED', 'Backlog', 1],
      ['BACKLOG1', 'Backlog', 1],
      ['PLANNED1', 'Planned', 1],
      ['PLANNED2', 'Planned', 1],
      ['STARTED', 'In progress', 1],
    ]);
    expect(draft).toMatchObject({ number: 2, status: 'draft', publishedAt: null });
  });

  it('should answer 422 STATE_MAPPING_REQUIRED naming Planned and its projects (not In review, which has none), and changes nothing', async () => {
    const answer = await publishWorkflow(owner, workspaceId, draft.id);

    expectProblem(answer, {
      status: 422,
      code: 'STATE_MAPPING_REQUIRED',
      extensions: { unmappedStates: [{ state: 'Planned', projects: 2 }] },
    });
    await expectUnpublished();
  });

  it('should answer 422 VALIDATION_FAILED for a mapping of a state the draft keeps, and changes nothing', async () => {
    const answer = await publishWorkflow(owner, workspaceId, draft.id, { Planned: 'Backlog', Backlog: 'In progress' });

    const problem = expectProblem(answer, { status: 422, code: 'VALIDATION_FAILED' });
    expect(problem.errors).toEqual([
      expect.objectContaining({ field: 'stateMapping.Backlog', path: "$.stateMapping['Backlog']" }),
    ]);
    await expectUnpublished();
  });

  it('should answer 422 VALIDATION_FAILED for a mapping to a state the draft does not have, and changes nothing', async () => {
    const toUnknown = await publishWorkflow(owner, workspaceId, draft.id, { Planned: 'Icebox' });
    const toDropped = await publishWorkflow(owner, workspaceId, draft.id, { Planned: 'In review' });

    for (const answer of [toUnknown, toDropped]) {
      const problem = expectProblem(answer, { status: 422, code: 'VALIDATION_FAILED' });
      expect(problem.errors).toEqual([
        expect.objectContaining({ field: 'stateMapping.Planned', path: "$.stateMapping['Planned']" }),
      ]);
    }
    await expectUnpublished();
  });

  it('should answer 422 VALIDATION_FAILED for a mapping of a state the active version does not have', async () => {
    const answer = await publishWorkflow(owner, workspaceId, draft.id, { Planned: 'Backlog', Shipping: 'Done' });

    const problem = expectProblem(answer, { status: 422, code: 'VALIDATION_FAILED' });
    expect(problem.errors).toEqual([expect.objectContaining({ field: 'stateMapping.Shipping' })]);
    await expectUnpublished();
  });

  describe('with stateMapping {"Planned": "Backlog"}', () => {
    beforeAll(async () => {
      published = await publishWorkflow(owner, workspaceId, draft.id, { Planned: 'Backlog' });
    });

    it('should publish the draft: 200, status active, and it becomes the workflow', async () => {
      const active = bodyOf(published, 200);

      expect(active).toEqual({ ...draft, status: 'active', publishedAt: expect.stringMatching(ISO_TIME) });
      expect(bodyOf(await activeWorkflow(owner, workspaceId), 200)).toEqual(active);
    });

    it('should retire the version that was active', async () => {
      const versions = bodyOf(await workflowVersions(owner, workspaceId), 200);

      expect(versions).toEqual({
        data: [bodyOf(published, 200), { ...versionOne, status: 'retired' }],
        nextCursor: null,
      });
    });

    it('should move the Planned projects to Backlog on version 2, their version bumped', async () => {
      for (const key of ['PLANNED1', 'PLANNED2']) {
        const project = bodyOf(await getProject(owner, workspaceId, projectNamed(key).id), 200);

        expect(project).toMatchObject({
          key,
          state: 'Backlog',
          stateCategory: 'todo',
          workflowVersion: 2,
          version: rowBefore(key).version + 1,
        });
      }
    });

    it('should put every project on version 2, the archived one included, keeping the states the draft keeps', async () => {
      const rows = await projectRows();

      expect(rows.map((row) => [row.key, row.state, row.state_category, row.workflow_version])).toEqual([
        ['ARCHIVED', 'Backlog', 'todo', 2],
        ['BACKLOG1', 'Backlog', 'todo', 2],
        ['PLANNED1', 'Backlog', 'todo', 2],
        ['PLANNED2', 'Backlog', 'todo', 2],
        ['STARTED', 'In progress', 'in_progress', 2],
      ]);
      expect(bodyOf(await getProject(owner, workspaceId, projectNamed('ARCHIVED').id), 200)).toMatchObject({
        workflowVersion: 2,
        archivedAt: expect.stringMatching(ISO_TIME),
      });
    });

    it('should write a project.moved event for each moved project, with the project as it is now, and none for the others', async () => {
      const events: { data: Record<string, unknown> }[] = await keel.database.dataSource.query(
        `SELECT data FROM outbox WHERE workspace_id = $1 AND type = 'project.moved' ORDER BY id`,
        [workspaceId],
      );

      expect(events.map((event) => (event.data['project'] as { key: string }).key).sort()).toEqual([
        'PLANNED1',
        'PLANNED2',
      ]);
      for (const { data } of events) {
        expect(data).toMatchObject({
          from: 'Planned',
          to: 'Backlog',
          toCategory: 'todo',
          fromWorkflowVersion: 1,
          toWorkflowVersion: 2,
          project: { state: 'Backlog', stateCategory: 'todo', workflowVersion: 2 },
        });
      }
    });

    it('should record a project.moved entry {from: "Planned", to: "Backlog"} for each moved project, and none for the others', async () => {
      const moved = await movedEntries();

      expect(moved.map((entry) => entry.project_id).sort()).toEqual(
        [projectNamed('PLANNED1').id, projectNamed('PLANNED2').id].sort(),
      );
      for (const key of ['PLANNED1', 'PLANNED2']) {
        const [latest] = bodyOf(await projectActivity(owner, workspaceId, projectNamed(key).id), 200).data;
        expect(latest).toMatchObject({
          action: 'project.moved',
          actor: { type: 'user', id: owner.userId },
          target: { type: 'project', id: projectNamed(key).id },
          projectId: projectNamed(key).id,
          data: { from: 'Planned', to: 'Backlog' },
          context: { requestId: requestIdOf(published) },
        });
      }
    });

    it('should run projects on the new version: Planned is no longer a target, and new projects start on version 2', async () => {
      const backlog = bodyOf(await getProject(owner, workspaceId, projectNamed('BACKLOG1').id), 200);

      const answer = await transition(owner, workspaceId, backlog.id, {
        to: 'Planned',
        expectedVersion: backlog.version,
      });
      const fresh = await createProject(owner, workspaceId, { key: 'FRESH', name: 'Fresh' });
      const started = await moveTo(owner, workspaceId, backlog, 'In progress');

      expectProblem(answer, {
        status: 409,
        code: 'TRANSITION_NOT_ALLOWED',
        extensions: { currentState: 'Backlog', allowedTargets: ['In progress', 'Cancelled'] },
      });
      expect(fresh).toMatchObject({ state: 'Backlog', workflowVersion: 2, version: 1 });
      expect(started).toMatchObject({ state: 'In progress', workflowVersion: 2 });
    });

    it('should keep the published version’s content unchangeable in the database itself; only its status may move', async () => {
      const change = (assignment: string) =>
        keel.database.dataSource.query(
          `UPDATE workflow_versions SET ${assignment} WHERE workspace_id = $1 AND id = $2`,
          [workspaceId, draft.id],
        );

      await expect(change(`states = '[]'::jsonb`)).rejects.toThrow(/is published: its content cannot change/);
      await expect(change(`initial_state = 'Done'`)).rejects.toThrow(/is published: its content cannot change/);
      await expect(change(`content_hash = 'sha256:forged'`)).rejects.toThrow(/is published: its content cannot change/);
      await expect(change('status = status')).resolves.toBeDefined();
      const [row] = await keel.database.dataSource.query(
        'SELECT content_hash FROM workflow_versions WHERE workspace_id = $1 AND id = $2',
        [workspaceId, draft.id],
      );
      expect(row.content_hash).toBe(draft.contentHash);
    });

    it('should answer 409 WORKFLOW_VERSION_PUBLISHED to publishing it again', async () => {
      expectProblem(await publishWorkflow(owner, workspaceId, draft.id, { Planned: 'Backlog' }), {
        status: 409,
        code: 'WORKFLOW_VERSION_PUBLISHED',
      });
    });
  });
});

/**
 * Publishing is one transaction per request; two at once must still end as
 * if one ran after the other: one active version, every project on it, and
 * no 500 from the database's one-active-version index.
 */
describe('publishing workflow versions at the same time', () => {
  const ROUNDS = 5;
  let keel: KeelOnTestDatabase;
  let owner: SignedInPerson;

  beforeAll(async () => {
    keel = await startKeelOnTestDatabase();
    owner = await signUp(keel.keel.url, 'racer');
  });

  afterAll(async () => {
    await keel?.stop();
  });

  /** A new workspace of `owner` with one project in Backlog. */
  async function workspaceWithProject(label: string): Promise<{ workspaceId: string; project: Project }> {
    const { id: workspaceId } = await createWorkspace(owner, { name: `${label} ${randomUUID().slice(0, 8)}` });
    const project = await createProject(owner, workspaceId, { key: 'RACE', name: 'Racing' });
    return { workspaceId, project };
  }

  async function versionStatuses(workspaceId: string): Promise<{ number: number; status: string }[]> {
    return keel.database.dataSource.query(
      'SELECT number, status FROM workflow_versions WHERE workspace_id = $1 ORDER BY number',
      [workspaceId],
    );
  }

  async function publishedAuditEvents(workspaceId: string): Promise<number> {
    const [{ count }]: { count: number }[] = await keel.database.dataSource.query(
      `SELECT count(*)::int AS count FROM audit_events WHERE workspace_id = $1 AND action = 'workflow.published'`,
      [workspaceId],
    );
    return count;
  }

  it('should number two drafts made at once 2 and 3', async () => {
    const { workspaceId } = await workspaceWithProject('Drafts');

    const answers = await Promise.all([
      draftWorkflow(owner, workspaceId, SLIMMER_WORKFLOW),
      draftWorkflow(owner, workspaceId, SLIMMER_WORKFLOW),
    ]);

    expect(answers.map((answer) => answer.status)).toEqual([201, 201]);
    expect(answers.map((answer) => bodyOf(answer, 201).number).sort()).toEqual([2, 3]);
  });

  it.each(Array.from({ length: ROUNDS }, (_, round) => round))(
    'should answer one of two publishes of the same draft at once 200 and the other 409 WORKFLOW_VERSION_PUBLISHED, moving projects once (round %i)',
    async (round) => {
      const { workspaceId, project } = await workspaceWithProject(`Same draft ${round}`);
      const draft = bodyOf(await draftWorkflow(owner, workspaceId, SLIMMER_WORKFLOW), 201);

      const answers = await Promise.all([
        publishWorkflow(owner, workspaceId, draft.id),
        publishWorkflow(owner, workspaceId, draft.id),
      ]);

      const after = bodyOf(await getProject(owner, workspaceId, project.id), 200);
      expect({
        answers: answers.map(statusAndCode).sort(),
        versions: await versionStatuses(workspaceId),
        project: { workflowVersion: after.workflowVersion, version: after.version },
        publishedAuditEvents: await publishedAuditEvents(workspaceId),
      }).toEqual({
        answers: ['200', '409 WORKFLOW_VERSION_PUBLISHED'],
        versions: [
          { number: 1, status: 'retired' },
          { number: 2, status: 'active' },
        ],
        project: { workflowVersion: 2, version: 2 },
        publishedAuditEvents: 1,
      });
      const refused = answers.find((answer) => answer.status !== 200);
      if (refused) expectProblem(refused, { status: 409, code: 'WORKFLOW_VERSION_PUBLISHED' });
    },
  );

  it.each(Array.from({ length: ROUNDS }, (_, round) => round))(
    'should publish two different drafts at once without a 500: one version active, every project on it (round %i)',
    async (round) => {
      const { workspaceId, project } = await workspaceWithProject(`Two drafts ${round}`);
      const slimmer = bodyOf(await draftWorkflow(owner, workspaceId, SLIMMER_WORKFLOW), 201);
      const fuller = bodyOf(
        await draftWorkflow(owner, workspaceId, {
          ...SLIMMER_WORKFLOW,
          states: [...SLIMMER_WORKFLOW.states, { name: 'Blocked', category: 'in_progress' }],
          transitions: [...SLIMMER_WORKFLOW.transitions, { name: 'Block', from: ['In progress'], to: 'Blocked' }],
        }),
        201,
      );

      const answers = await Promise.all([
        publishWorkflow(owner, workspaceId, slimmer.id),
        publishWorkflow(owner, workspaceId, fuller.id),
      ]);

      const outcomes = answers.map(statusAndCode);
      const versions = await versionStatuses(workspaceId);
      const active = versions.filter((version) => version.status === 'active').map((version) => version.number);
      const after = bodyOf(await getProject(owner, workspaceId, project.id), 200);
      expect({
        // Either both succeed one after the other, or the later one is refused with a 409.
        refusedOtherwise: outcomes.filter((outcome) => outcome !== '200' && !outcome.startsWith('409 ')),
        someSucceeded: outcomes.includes('200'),
        activeVersions: active.length,
        projectOnActiveVersion: active.includes(after.workflowVersion),
      }).toEqual({ refusedOtherwise: [], someSucceeded: true, activeVersions: 1, projectOnActiveVersion: true });
      expect(bodyOf(await activeWorkflow(owner, workspaceId), 200).number).toBe(after.workflowVersion);
    },
  );
});
