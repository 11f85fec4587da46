import { ActivityEntry } from './activity/activity-entry.entity';
import { Comment } from './comments/comment.entity';
import { WorkflowVersion } from './definitions/workflow-version.entity';
import { Project } from './projects/project.entity';
import { Workflows1764000003000 } from '../migrations/1764000003000-workflows';
import { PublishedWorkflowVersionsImmutable1764000005600 } from '../migrations/1764000005600-published-workflow-versions-immutable';

/** The workflows context's tables. */
export const workflowsEntities = [WorkflowVersion, Project, Comment, ActivityEntry];

export const workflowsMigrations = [Workflows1764000003000, PublishedWorkflowVersionsImmutable1764000005600];
