import { Module, OnModuleInit } from '@nestjs/common';
import { EventCatalog, EventsModule } from '@keel/events';
import { TenancyModule, WorkspaceSetup } from '@keel/tenancy';
import { ActivityController } from './activity/activity.controller';
import { ActivityLog } from './activity/activity-log.service';
import { CommentsController } from './comments/comments.controller';
import { CommentsService } from './comments/comments.service';
import { WorkflowController } from './definitions/workflow.controller';
import { WorkflowVersionsService } from './definitions/workflow-versions.service';
import { ProjectsController } from './projects/projects.controller';
import { ProjectsService } from './projects/projects.service';
import { TransitionsController } from './transitions/transitions.controller';
import { TransitionsService } from './transitions/transitions.service';
import { WORKFLOW_EVENT_DEFINITIONS } from './workflow-event-types';
import { ProjectActions } from './project-actions';

/**
 * Projects on versioned per-workspace workflows: guarded transitions (with a
 * dry run), comments, and an activity trail; every change publishes its
 * domain event through the outbox in the same transaction.
 */
@Module({
  imports: [TenancyModule, EventsModule],
  controllers: [ProjectsController, TransitionsController, WorkflowController, CommentsController, ActivityController],
  providers: [
    ProjectsService,
    TransitionsService,
    WorkflowVersionsService,
    CommentsService,
    ActivityLog,
    ProjectActions,
  ],
  exports: [ProjectActions],
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
