import { Module } from '@nestjs/common';
import { EventsModule } from '@keel/events';
import { TenancyModule } from '@keel/tenancy';
import { ActivityController } from './activity/activity.controller';
import { CommentsController } from './comments/comments.controller';
import { WorkflowController } from './definitions/workflow.controller';
import { ProjectsController } from './projects/projects.controller';
import { WorkflowPublishingController } from './publishing/workflow-publishing.controller';
import { TransitionsController } from './transitions/transitions.controller';
import { WorkflowsModule } from './workflows.module';

/** The workflows routes: projects, transitions, the workflow, its versions and publishing, comments, activity. */
@Module({
  imports: [WorkflowsModule, TenancyModule, EventsModule],
  controllers: [
    ProjectsController,
    TransitionsController,
    WorkflowController,
    WorkflowPublishingController,
    CommentsController,
    ActivityController,
  ],
})
export class WorkflowsHttpModule {}
