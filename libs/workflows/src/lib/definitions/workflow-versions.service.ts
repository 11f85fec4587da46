import { Injectable } from '@nestjs/common';
import { Propagation, TransactionHost } from '@nestjs-cls/transactional';
import { Outbox } from '@keel/events';
import { ActorContext, actorReference, AuditLog } from '@keel/identity';
import { insertRows, isUniqueViolation, newId, SafeTypeOrmTransactionalAdapter } from '@keel/platform-database';
import { DomainError, FieldError } from '@keel/platform-errors';
import { ActivityLog, NewActivity } from '../activity/activity-log.service';
import { Project } from '../projects/project.entity';
import { ProjectResponse } from '../projects/dto/project.response';
import { WORKFLOW_EVENT_VERSION } from '../workflow-events';
import { contentHash } from './content-hash';
import { DEFAULT_WORKFLOW } from './default-workflow';
import { WorkflowDefinition } from './workflow-definition';
import { workflowProblems } from './workflow-validation';
import { WorkflowVersion } from './workflow-version.entity';

const NUMBERING_ATTEMPTS = 5;

export function definitionOf(version: WorkflowVersion): WorkflowDefinition {
  return { states: version.states, transitions: version.transitions, initialState: version.initialState };
}

export interface PublishOutcome {
  version: WorkflowVersion;
  /** How many projects changed state. */
  movedProjects: number;
}

/** Drafting, reading and publishing a workspace's workflow versions; in its tenant transaction. */
@Injectable()
export class WorkflowVersionsService {
  constructor(
    private readonly txHost: TransactionHost<SafeTypeOrmTransactionalAdapter>,
    private readonly actors: ActorContext,
    private readonly activity: ActivityLog,
    private readonly audit: AuditLog,
    private readonly outbox: Outbox,
  ) {}

  private get versions() {
    return this.txHost.tx.getRepository(WorkflowVersion);
  }

  /**
   * The version projects run on. `lock` takes a share lock on it, so a
   * publish (which retires it) waits for the caller's transaction, and the
   * caller never writes a project onto a version being retired.
   */
  async active(workspaceId: string, lock = false): Promise<WorkflowVersion> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const query = this.versions
        .createQueryBuilder('version')
        .where('version.workspace_id = :workspaceId AND version.status = :status', { workspaceId, status: 'active' });
      if (lock) query.setLock('pessimistic_read');
      const active = await query.getOne();
      if (active) return active;
      // None: a publish retired it while we waited (read again), or a workspace made before workflows existed.
      if ((await this.versions.countBy({ workspaceId })) === 0) await this.installDefault(workspaceId);
    }
    throw new Error(`Workspace ${workspaceId} has no active workflow version.`);
  }

  /** Gives a workspace the default workflow as its active version 1; nothing when it has versions already. */
  async installDefault(workspaceId: string): Promise<void> {
    const version: WorkflowVersion = {
      workspaceId,
      id: newId(),
      number: 1,
      status: 'active',
      ...DEFAULT_WORKFLOW,
      contentHash: contentHash(DEFAULT_WORKFLOW),
      createdByType: null,
      createdById: null,
      createdAt: new Date(),
      publishedAt: new Date(),
    };
    try {
      await this.txHost.withTransaction(Propagation.Nested, () => insertRows(this.txHost.tx, WorkflowVersion, version));
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }

  /** Newest first. */
  list(workspaceId: string, limit: number, beforeId?: string): Promise<WorkflowVersion[]> {
    const query = this.versions
      .createQueryBuilder('version')
      .where('version.workspace_id = :workspaceId', { workspaceId })
      .orderBy('version.id', 'DESC')
      .limit(limit + 1);
    if (beforeId) query.andWhere('version.id < :beforeId', { beforeId });
    return query.getMany();
  }

  async get(workspaceId: string, versionId: string): Promise<WorkflowVersion> {
    const version = await this.versions.findOneBy({ workspaceId, id: versionId });
    if (!version) throw new DomainError('NOT_FOUND', 'No workflow version of this workspace has this id.');
    return version;
  }

  /** A draft with the next number; 422 WORKFLOW_INVALID naming every problem by its JSON path. */
  async createDraft(workspaceId: string, definition: WorkflowDefinition): Promise<WorkflowVersion> {
    const problems = workflowProblems(definition);
    if (problems.length > 0) {
      throw new DomainError('WORKFLOW_INVALID', `The workflow has ${problems.length} problem(s); see errors.`, {
        errors: problems,
      });
    }
    const creator = actorReference(this.actors.actor);
    for (let attempt = 1; ; attempt++) {
      const [{ next }]: { next: number }[] = await this.txHost.tx.query(
        'SELECT coalesce(max(number), 0) + 1 AS next FROM workflow_versions WHERE workspace_id = $1',
        [workspaceId],
      );
      const draft: WorkflowVersion = {
        workspaceId,
        id: newId(),
        number: next,
        status: 'draft',
        states: definition.states,
        transitions: definition.transitions,
        initialState: definition.initialState,
        contentHash: contentHash(definition),
        createdByType: creator.type,
        createdById: creator.id,
        createdAt: new Date(),
        publishedAt: null,
      };
      try {
        await this.txHost.withTransaction(Propagation.Nested, () => insertRows(this.txHost.tx, WorkflowVersion, draft));
        await this.audit.recordInWorkspace(workspaceId, {
          action: 'workflow.draft_created',
          target: { type: 'workflow_version', id: draft.id },
          data: { number: draft.number, contentHash: draft.contentHash },
        });
        return draft;
      } catch (error) {
        // Another draft took the number meanwhile: take the next.
        if (!isUniqueViolation(error) || attempt >= NUMBERING_ATTEMPTS) throw error;
      }
    }
  }

  /**
   * Makes a draft the active version. Every project moves onto it in this
   * transaction; a project in a state the draft drops moves to the state
   * `stateMapping` names for it (422 STATE_MAPPING_REQUIRED when one is
   * missing), and each move is recorded as activity.
   */
  async publish(
    workspaceId: string,
    versionId: string,
    stateMapping: Readonly<Record<string, string>> = {},
  ): Promise<PublishOutcome> {
    // One publish at a time per workspace: the second waits, then sees the first's outcome.
    await this.txHost.tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('keel.workflow.publish:' || $1, 0))`, [
      workspaceId,
    ]);
    const draft = await this.get(workspaceId, versionId);
    if (draft.status !== 'draft') {
      throw new DomainError(
        'WORKFLOW_VERSION_PUBLISHED',
        `Version ${draft.number} was published already; draft a new version instead.`,
      );
    }
    // Lock order: the active version, then the projects (creation and transitions never hold a project while waiting for the version).
    const previous = await this.versions
      .createQueryBuilder('version')
      .where('version.workspace_id = :workspaceId AND version.status = :status', { workspaceId, status: 'active' })
      .setLock('pessimistic_write')
      .getOne();
    const projects = await this.txHost.tx
      .getRepository(Project)
      .createQueryBuilder('project')
      .where('project.workspace_id = :workspaceId', { workspaceId })
      .orderBy('project.id')
      .setLock('pessimistic_write')
      .getMany();

    const categories = new Map(draft.states.map((state) => [state.name, state.category]));
    const previousStates = new Set(previous?.states.map((state) => state.name) ?? []);
    assertUsableMapping(stateMapping, categories, previousStates);
    const inUse = new Map<string, number>();
    for (const project of projects) inUse.set(project.state, (inUse.get(project.state) ?? 0) + 1);
    const unmapped = [...inUse]
      .filter(([state]) => !categories.has(state) && stateMapping[state] === undefined)
      .map(([state, count]) => ({ state, projects: count }));
    if (unmapped.length > 0) {
      throw new DomainError(
        'STATE_MAPPING_REQUIRED',
        `Version ${draft.number} drops states projects are in: ${unmapped
          .map((u) => `"${u.state}" (${u.projects} project${u.projects === 1 ? '' : 's'})`)
          .join(', ')}. Name the state each moves to in stateMapping.`,
        { extensions: { unmappedStates: unmapped } },
      );
    }

    const publishedAt = new Date();
    if (previous) await this.versions.update({ workspaceId, id: previous.id }, { status: 'retired' });
    await this.versions.update({ workspaceId, id: draft.id }, { status: 'active', publishedAt });

    const targetOf = (state: string): string => (categories.has(state) ? state : stateMapping[state]);
    const targets = Object.fromEntries([...inUse.keys()].map((state) => [state, targetOf(state)]));
    await this.txHost.tx.query(
      `UPDATE projects
          SET state = ($2::jsonb) ->> state,
              state_category = ($3::jsonb) ->> (($2::jsonb) ->> state),
              workflow_version = $4,
              version = version + 1,
              updated_at = $5
        WHERE workspace_id = $1`,
      [workspaceId, JSON.stringify(targets), JSON.stringify(Object.fromEntries(categories)), draft.number, publishedAt],
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
          workflowVersion: draft.number,
          version: project.version + 1,
          updatedAt: publishedAt,
        },
      }));
    const moves: NewActivity[] = moved.map(({ from, project }) => ({
      action: 'project.moved',
      projectId: project.id,
      target: { type: 'project', id: project.id },
      data: { from, to: project.state, fromWorkflowVersion: previous?.number ?? null, toWorkflowVersion: draft.number },
    }));
    await this.activity.record(workspaceId, ...moves);
    // Subscribers (rules, webhooks) learn of every change of state, not only those made through a transition.
    for (const [index, { project }] of moved.entries()) {
      await this.outbox.publish(workspaceId, {
        type: 'project.moved',
        version: WORKFLOW_EVENT_VERSION,
        data: { ...moves[index].data, toCategory: project.stateCategory, project: ProjectResponse.of(project) },
      });
    }
    await this.audit.recordInWorkspace(workspaceId, {
      action: 'workflow.published',
      target: { type: 'workflow_version', id: draft.id },
      data: { number: draft.number, contentHash: draft.contentHash, movedProjects: moves.length },
    });
    return { version: { ...draft, status: 'active', publishedAt }, movedProjects: moves.length };
  }
}

/** A mapping names states of the active version that the draft drops, and states of the draft to move to. */
function assertUsableMapping(
  mapping: Readonly<Record<string, string>>,
  draftStates: ReadonlyMap<string, string>,
  previousStates: ReadonlySet<string>,
): void {
  const errors: FieldError[] = [];
  for (const [from, to] of Object.entries(mapping)) {
    const field = `stateMapping.${from}`;
    const path = `$.stateMapping['${from.replace(/'/g, "\\'")}']`;
    if (draftStates.has(from)) {
      errors.push({
        field,
        path,
        rule: 'droppedState',
        message: `"${from}" is kept by this version; only dropped states are mapped`,
      });
    } else if (!previousStates.has(from)) {
      errors.push({ field, path, rule: 'knownState', message: `"${from}" is not a state of the active version` });
    }
    if (typeof to !== 'string' || !draftStates.has(to)) {
      errors.push({ field, path, rule: 'knownState', message: `"${String(to)}" is not a state of this version` });
    }
  }
  if (errors.length > 0) {
    throw new DomainError('VALIDATION_FAILED', 'The state mapping names states it cannot.', { errors });
  }
}
