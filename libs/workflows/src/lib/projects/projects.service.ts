import { Injectable } from '@nestjs/common';
import { Propagation, TransactionHost } from '@nestjs-cls/transactional';
import { ActorContext, actorReference } from '@keel/identity';
import { Outbox } from '@keel/events';
import { decodeCursor, isUniqueViolation, newId, SafeTypeOrmTransactionalAdapter } from '@keel/platform-database';
import { DomainError, isUuid } from '@keel/platform-errors';
import { Entitlements } from '@keel/tenancy';
import { ActivityLog, NewActivity } from '../activity/activity-log.service';
import { stateNamed } from '../definitions/workflow-definition';
import { definitionOf, WorkflowVersionsService } from '../definitions/workflow-versions.service';
import { WORKFLOW_EVENT_VERSION, WorkflowEventType } from '../workflow-events';
import { CreateProjectDto } from './dto/create-project.dto';
import { ProjectListQuery, ProjectSort } from './dto/project-list.query.dto';
import { ProjectResponse } from './dto/project.response';
import { UpdateProjectDto } from './dto/update-project.dto';
import { Project } from './project.entity';
import { WorkflowMove } from './workflow-move';

const SORT_COLUMNS: Readonly<Record<ProjectSort, string>> = {
  createdAt: 'created_at',
  updatedAt: 'updated_at',
  name: 'name',
};

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** The sort value a list cursor carries for `project`. */
export function sortValueOf(project: Project, sort: ProjectSort): string {
  return sort === 'name' ? project.name : project[sort].toISOString();
}

export function projectNotFound(): DomainError {
  return new DomainError('NOT_FOUND', 'No project of this workspace has this id.');
}

/** Projects of a workspace; every method runs in its tenant transaction. */
@Injectable()
export class ProjectsService {
  constructor(
    private readonly txHost: TransactionHost<SafeTypeOrmTransactionalAdapter>,
    private readonly actors: ActorContext,
    private readonly workflows: WorkflowVersionsService,
    private readonly activity: ActivityLog,
    private readonly outbox: Outbox,
    private readonly entitlements: Entitlements,
  ) {}

  private get projects() {
    return this.txHost.tx.getRepository(Project);
  }

  /** A new project in the initial state of the active workflow; 409 PROJECT_KEY_TAKEN for a key in use. */
  async create(workspaceId: string, dto: CreateProjectDto): Promise<Project> {
    await this.entitlements.assertWithinLimit(workspaceId, 'projects');
    const workflow = await this.workflows.active(workspaceId, true);
    const initial = stateNamed(definitionOf(workflow), workflow.initialState);
    if (!initial) throw new Error(`Workflow version ${workflow.number} has no state "${workflow.initialState}".`);
    const creator = actorReference(this.actors.actor);
    const now = new Date();
    const project: Project = {
      workspaceId,
      id: newId(),
      key: dto.key,
      name: dto.name,
      description: dto.description ?? '',
      state: initial.name,
      stateCategory: initial.category,
      workflowVersion: workflow.number,
      version: 1,
      createdByType: creator.type,
      createdById: creator.id,
      createdAt: now,
      updatedAt: now,
      archivedAt: null,
    };
    try {
      await this.txHost.withTransaction(Propagation.Nested, () => this.projects.insert(project));
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new DomainError('PROJECT_KEY_TAKEN', `This workspace already has a project with the key "${dto.key}".`, {
          errors: [{ field: 'key', rule: 'unique', message: 'key is taken' }],
        });
      }
      throw error;
    }
    await this.activity.record(workspaceId, {
      action: 'project.created',
      projectId: project.id,
      target: { type: 'project', id: project.id },
      data: { key: project.key, name: project.name, state: project.state },
    });
    await this.publish(workspaceId, 'project.created', project);
    return project;
  }

  async get(workspaceId: string, projectId: string): Promise<Project> {
    const project = await this.projects.findOneBy({ workspaceId, id: projectId });
    if (!project) throw projectNotFound();
    return project;
  }

  /** Whether the workspace has this project: what another context checks before it keeps a project id. */
  exists(workspaceId: string, projectId: string): Promise<boolean> {
    return this.projects.existsBy({ workspaceId, id: projectId });
  }

  /** The project, locked until the transaction ends: for changes that take no expected version. */
  private async getForUpdate(workspaceId: string, projectId: string): Promise<Project> {
    const project = await this.projects
      .createQueryBuilder('project')
      .where('project.workspace_id = :workspaceId AND project.id = :projectId', { workspaceId, projectId })
      .setLock('pessimistic_write')
      .getOne();
    if (!project) throw projectNotFound();
    return project;
  }

  /** One page, keyset-paginated on (sort value, id). */
  list(workspaceId: string, query: ProjectListQuery, limit: number): Promise<Project[]> {
    const sort = query.sort ?? 'createdAt';
    const order = query.order ?? (sort === 'name' ? 'asc' : 'desc');
    const column = `project.${SORT_COLUMNS[sort]}`;
    const builder = this.projects
      .createQueryBuilder('project')
      .where('project.workspace_id = :workspaceId', { workspaceId })
      .orderBy(column, order === 'asc' ? 'ASC' : 'DESC')
      .addOrderBy('project.id', order === 'asc' ? 'ASC' : 'DESC')
      .limit(limit + 1);
    builder.andWhere(query.archived ? 'project.archived_at IS NOT NULL' : 'project.archived_at IS NULL');
    if (query.state !== undefined) builder.andWhere('project.state = :state', { state: query.state });
    if (query.category !== undefined)
      builder.andWhere('project.state_category = :category', { category: query.category });
    if (query.q !== undefined) {
      builder.andWhere(
        "to_tsvector('english', project.name || ' ' || project.description) @@ websearch_to_tsquery('english', :q)",
        { q: query.q },
      );
    }
    const after = decodeCursor(query.cursor, 2);
    if (after) {
      const [value, id] = after;
      // A time sort's cursor holds what toISOString wrote; anything else (a name a date parser would accept) is foreign.
      if (!isUuid(id) || (sort !== 'name' && !ISO_INSTANT.test(value))) {
        throw new DomainError('VALIDATION_FAILED', 'The cursor does not belong to this list.', {
          errors: [
            { field: 'cursor', rule: 'cursor', message: 'cursor was made for another sort; start again without it' },
          ],
        });
      }
      builder.andWhere(`(${column}, project.id) ${order === 'asc' ? '>' : '<'} (:value, :id)`, { value, id });
    }
    return builder.getMany();
  }

  /** Changes the name and description; the activity entry holds a field-by-field diff. */
  async update(workspaceId: string, projectId: string, dto: UpdateProjectDto): Promise<Project> {
    const project = await this.get(workspaceId, projectId);
    assertNotArchived(project);
    assertVersion(project, dto.expectedVersion);
    const changes: Partial<Pick<Project, 'name' | 'description'>> = {};
    const diff: Record<string, { from: string; to: string }> = {};
    if (dto.name !== undefined && dto.name !== project.name) {
      changes.name = dto.name;
      diff['name'] = { from: project.name, to: dto.name };
    }
    if (dto.description !== undefined && dto.description !== project.description) {
      changes.description = dto.description;
      diff['description'] = { from: project.description, to: dto.description };
    }
    if (Object.keys(changes).length === 0) return project;
    const updated = await this.applyChange(project, dto.expectedVersion, changes);
    await this.activity.record(workspaceId, {
      action: 'project.updated',
      projectId,
      target: { type: 'project', id: projectId },
      data: { changes: diff },
    });
    await this.publish(workspaceId, 'project.updated', updated, { changes: diff });
    return updated;
  }

  /** Archives the project; archiving an archived project changes nothing. */
  async archive(workspaceId: string, projectId: string): Promise<Project> {
    const project = await this.getForUpdate(workspaceId, projectId);
    if (project.archivedAt !== null) return project;
    const updated = await this.applyChange(project, project.version, { archivedAt: new Date() });
    await this.recordLifecycle(workspaceId, 'project.archived', updated);
    return updated;
  }

  /** Restores an archived project; restoring one that is not archived changes nothing. */
  async restore(workspaceId: string, projectId: string): Promise<Project> {
    const project = await this.getForUpdate(workspaceId, projectId);
    if (project.archivedAt === null) return project;
    // An archived project holds no slot of the plan's limit; restoring takes one again.
    await this.entitlements.assertWithinLimit(workspaceId, 'projects');
    const updated = await this.applyChange(project, project.version, { archivedAt: null });
    await this.recordLifecycle(workspaceId, 'project.restored', updated);
    return updated;
  }

  /**
   * Writes `changes` if the project is still at `expectedVersion`, and bumps
   * it: of two writers that read the same version, the second matches no row
   * and gets 409 VERSION_CONFLICT.
   */
  async applyChange(project: Project, expectedVersion: number, changes: Partial<Project>): Promise<Project> {
    const updatedAt = new Date();
    const result = await this.projects
      .createQueryBuilder()
      .update(Project)
      .set({ ...changes, updatedAt, version: () => 'version + 1' })
      .where('workspace_id = :workspaceId AND id = :id AND version = :expectedVersion', {
        workspaceId: project.workspaceId,
        id: project.id,
        expectedVersion,
      })
      .execute();
    if (result.affected !== 1) {
      const current = await this.projects.findOneBy({ workspaceId: project.workspaceId, id: project.id });
      if (!current) throw projectNotFound();
      throw versionConflict(current.version, expectedVersion);
    }
    return { ...project, ...changes, updatedAt, version: expectedVersion + 1 };
  }

  /**
   * Moves every project of the workspace onto a newly published workflow
   * version, in this transaction: each is locked, `move.targetsFor` says
   * where each state in use goes (or refuses, and nothing has changed), and
   * each project whose state changes gets a `project.moved` activity entry
   * and event. Answers how many changed state.
   */
  async moveAllOnto(workspaceId: string, move: WorkflowMove): Promise<number> {
    const projects = await this.projects
      .createQueryBuilder('project')
      .where('project.workspace_id = :workspaceId', { workspaceId })
      .orderBy('project.id')
      .setLock('pessimistic_write')
      .getMany();
    const statesInUse = new Map<string, number>();
    for (const project of projects) statesInUse.set(project.state, (statesInUse.get(project.state) ?? 0) + 1);
    const targets = move.targetsFor(statesInUse);
    const categories = new Map(move.onto.states.map((state) => [state.name, state.category]));
    await this.txHost.tx.query(
      `UPDATE projects
          SET state = ($2::jsonb) ->> state,
              state_category = ($3::jsonb) ->> (($2::jsonb) ->> state),
              workflow_version = $4,
              version = version + 1,
              updated_at = $5
        WHERE workspace_id = $1`,
      [workspaceId, JSON.stringify(targets), JSON.stringify(Object.fromEntries(categories)), move.onto.number, move.at],
    );
    // The moved projects as the UPDATE left them, for their activity and events.
    const moved = projects
      .filter((project) => targets[project.state] !== project.state)
      .map((project) => ({
        from: project.state,
        project: {
          ...project,
          state: targets[project.state],
          stateCategory: categories.get(targets[project.state]) ?? project.stateCategory,
          workflowVersion: move.onto.number,
          version: project.version + 1,
          updatedAt: move.at,
        },
      }));
    const moves: NewActivity[] = moved.map(({ from, project }) => ({
      action: 'project.moved',
      projectId: project.id,
      target: { type: 'project', id: project.id },
      data: { from, to: project.state, fromWorkflowVersion: move.fromVersion, toWorkflowVersion: move.onto.number },
    }));
    await this.activity.record(workspaceId, ...moves);
    // Subscribers (rules, webhooks) learn of every change of state, not only those made through a transition.
    for (const [index, { project }] of moved.entries()) {
      await this.publish(workspaceId, 'project.moved', project, {
        ...moves[index].data,
        toCategory: project.stateCategory,
      });
    }
    return moved.length;
  }

  /** Writes a project event to the outbox, in this transaction. */
  async publish(
    workspaceId: string,
    type: WorkflowEventType,
    project: Project,
    extra: Record<string, unknown> = {},
  ): Promise<void> {
    await this.outbox.publish(workspaceId, {
      type,
      version: WORKFLOW_EVENT_VERSION,
      data: { ...extra, project: ProjectResponse.of(project) },
    });
  }

  private async recordLifecycle(
    workspaceId: string,
    action: 'project.archived' | 'project.restored',
    project: Project,
  ): Promise<void> {
    await this.activity.record(workspaceId, {
      action,
      projectId: project.id,
      target: { type: 'project', id: project.id },
    });
    await this.publish(workspaceId, action, project);
  }
}

export function versionConflict(currentVersion: number, expectedVersion: number): DomainError {
  return new DomainError(
    'VERSION_CONFLICT',
    `The project is at version ${currentVersion}, not ${expectedVersion}: read it again and retry.`,
    { extensions: { currentVersion } },
  );
}

export function assertVersion(project: Project, expectedVersion: number): void {
  if (project.version !== expectedVersion) throw versionConflict(project.version, expectedVersion);
}

export function assertNotArchived(project: Project): void {
  if (project.archivedAt !== null) {
    throw new DomainError('PROJECT_ARCHIVED', `The project ${project.key} is archived; restore it first.`);
  }
}
