import { Module, OnModuleInit } from '@nestjs/common';
import { EventCatalog, EventsModule } from '@keel/events';
import { TenancyModule, WorkspaceSetup } from '@keel/tenancy';
import { ActivityLog } from './activity/activity-log.service';
import { CommentsService } from './comments/comments.service';
import { WorkflowVersionsService } from './definitions/workflow-versions.service';
import { WorkflowPublishingService } from './publishing/workflow-publishing.service';
import { ProjectsService } from './projects/projects.service';
import { TransitionsService } from './transitions/transitions.service';
import { WORKFLOW_EVENT_DEFINITIONS } from './workflow-event-types';
import { ProjectActions } from './project-actions';
import { ProjectOperations } from './project-operations';

const WORKFLOWS_SERVICES = [
  ProjectsService,
  TransitionsService,
  WorkflowVersionsService,
  WorkflowPublishingService,
  CommentsService,
  ActivityLog,
  ProjectActions,
  ProjectOperations,
];

/**
 * Projects on versioned per-workspace workflows: guarded transitions (with a
 * dry run), comments, and an activity trail; every change publishes its
 * domain event through the outbox in the same transaction. The routes are
 * WorkflowsHttpModule's.
 */
@Module({
  imports: [TenancyModule, EventsModule],
  providers: WORKFLOWS_SERVICES,
  // ProjectActions for other contexts; the rest for WorkflowsHttpModule's controllers.
  exports: WORKFLOWS_SERVICES,
})
export class WorkflowsModule implements OnModuleInit {
  constructor(
    private readonly setup: WorkspaceSetup,
    private readonly versions: WorkflowVersionsService,
    private readonly catalog: EventCatalog,
  ) {}

  onModuleInit(): void {
    // Every new workspace starts with the default workflow, in the transaction that creates it.
    this.setup.register((workspaceId) => this.versions.installDefault(workspaceId));
    this.catalog.register(...WORKFLOW_EVENT_DEFINITIONS);
  }
}
