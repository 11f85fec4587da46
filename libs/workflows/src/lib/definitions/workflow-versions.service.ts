import { Injectable } from '@nestjs/common';
import { Propagation, TransactionHost } from '@nestjs-cls/transactional';
import { ActorContext, actorReference, AuditLog } from '@keel/identity';
import { insertRows, isUniqueViolation, newId, SafeTypeOrmTransactionalAdapter } from '@keel/platform-database';
import { DomainError } from '@keel/platform-errors';
import { contentHash } from './content-hash';
import { DEFAULT_WORKFLOW } from './default-workflow';
import { WorkflowDefinition } from './workflow-definition';
import { workflowProblems } from './workflow-validation';
import { WorkflowVersion } from './workflow-version.entity';

const NUMBERING_ATTEMPTS = 5;

export function definitionOf(version: WorkflowVersion): WorkflowDefinition {
  return { states: version.states, transitions: version.transitions, initialState: version.initialState };
}

/** Drafting and reading a workspace's workflow versions, in its tenant transaction (publishing is a room of its own). */
@Injectable()
export class WorkflowVersionsService {
  constructor(
    private readonly txHost: TransactionHost<SafeTypeOrmTransactionalAdapter>,
    private readonly actors: ActorContext,
    private readonly audit: AuditLog,
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
}
