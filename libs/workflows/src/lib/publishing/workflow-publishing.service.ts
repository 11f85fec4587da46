import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { AuditLog } from '@keel/identity';
import { SafeTypeOrmTransactionalAdapter } from '@keel/platform-database';
import { DomainError } from '@keel/platform-errors';
import { WorkflowVersion } from '../definitions/workflow-version.entity';
import { WorkflowVersionsService } from '../definitions/workflow-versions.service';
import { ProjectsService } from '../projects/projects.service';
import { PublishOutcome } from './publish-outcome';
import { assertUsableMapping, stateTargets } from './state-mapping';

/** Publishing a workspace's draft workflow version: it becomes the active one and every project moves onto it. */
@Injectable()
export class WorkflowPublishingService {
  constructor(
    private readonly txHost: TransactionHost<SafeTypeOrmTransactionalAdapter>,
    private readonly versions: WorkflowVersionsService,
    private readonly projects: ProjectsService,
    private readonly audit: AuditLog,
  ) {}

  private get versionRows() {
    return this.txHost.tx.getRepository(WorkflowVersion);
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
    const draft = await this.versions.get(workspaceId, versionId);
    if (draft.status !== 'draft') {
      throw new DomainError(
        'WORKFLOW_VERSION_PUBLISHED',
        `Version ${draft.number} was published already; draft a new version instead.`,
      );
    }
    // Lock order: the active version, then the projects (creation and transitions never hold a project while waiting for the version).
    const previous = await this.versionRows
      .createQueryBuilder('version')
      .where('version.workspace_id = :workspaceId AND version.status = :status', { workspaceId, status: 'active' })
      .setLock('pessimistic_write')
      .getOne();

    const draftStates = new Map(draft.states.map((state) => [state.name, state.category]));
    assertUsableMapping(stateMapping, draftStates, new Set(previous?.states.map((state) => state.name) ?? []));
    const publishedAt = new Date();
    const movedProjects = await this.projects.moveAllOnto(workspaceId, {
      onto: draft,
      fromVersion: previous?.number ?? null,
      at: publishedAt,
      targetsFor: (statesInUse) => stateTargets(draft.number, draftStates, stateMapping, statesInUse),
    });
    if (previous) await this.versionRows.update({ workspaceId, id: previous.id }, { status: 'retired' });
    await this.versionRows.update({ workspaceId, id: draft.id }, { status: 'active', publishedAt });

    await this.audit.recordInWorkspace(workspaceId, {
      action: 'workflow.published',
      target: { type: 'workflow_version', id: draft.id },
      data: { number: draft.number, contentHash: draft.contentHash, movedProjects },
    });
    return { version: { ...draft, status: 'active', publishedAt }, movedProjects };
  }
}
