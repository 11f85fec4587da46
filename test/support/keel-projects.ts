import type { DataSource } from 'typeorm';
import { isProblemDetails, type KeelClient, type operations } from '@keel/sdk';
import { Answer, answerOf, bodyOf, Schema } from './keel-answers';

export type Project = Schema<'ProjectResponse'>;
export type ProjectListQuery = NonNullable<operations['Projects_list']['parameters']['query']>;
export type ActivityQuery = NonNullable<operations['Activity_feed']['parameters']['query']>;
export type WorkflowDefinition = Schema<'CreateWorkflowVersionDto'>;

/** Whoever makes a call: a signed-in person, or anything else holding a client (an API key's). */
export interface Caller {
  client: KeelClient;
}

/** One page of a cursor-paginated list. */
export interface Page<Item> {
  data: Item[];
  nextCursor: string | null;
}

// Projects

/** POST /v1/workspaces/{workspaceId}/projects, whatever it answers. */
export function postProject(
  by: Caller,
  workspaceId: string,
  body: Schema<'CreateProjectDto'>,
): Promise<Answer<Project>> {
  return answerOf(by.client.POST('/v1/workspaces/{workspaceId}/projects', { params: { path: { workspaceId } }, body }));
}

/** A new project (201 expected). */
export async function createProject(
  by: Caller,
  workspaceId: string,
  body: Schema<'CreateProjectDto'>,
): Promise<Project> {
  return bodyOf(await postProject(by, workspaceId, body), 201);
}

export function getProject(by: Caller, workspaceId: string, projectId: string): Promise<Answer<Project>> {
  return answerOf(
    by.client.GET('/v1/workspaces/{workspaceId}/projects/{projectId}', {
      params: { path: { workspaceId, projectId } },
    }),
  );
}

export function listProjects(
  by: Caller,
  workspaceId: string,
  query: ProjectListQuery = {},
): Promise<Answer<Schema<'ProjectListResponse'>>> {
  return answerOf(by.client.GET('/v1/workspaces/{workspaceId}/projects', { params: { path: { workspaceId }, query } }));
}

export function updateProject(
  by: Caller,
  workspaceId: string,
  projectId: string,
  body: Schema<'UpdateProjectDto'>,
): Promise<Answer<Project>> {
  return answerOf(
    by.client.PATCH('/v1/workspaces/{workspaceId}/projects/{projectId}', {
      params: { path: { workspaceId, projectId } },
      body,
    }),
  );
}

export function archiveProject(by: Caller, workspaceId: string, projectId: string): Promise<Answer<Project>> {
  return answerOf(
    by.client.POST('/v1/workspaces/{workspaceId}/projects/{projectId}/archive', {
      params: { path: { workspaceId, projectId } },
    }),
  );
}

export function restoreProject(by: Caller, workspaceId: string, projectId: string): Promise<Answer<Project>> {
  return answerOf(
    by.client.POST('/v1/workspaces/{workspaceId}/projects/{projectId}/restore', {
      params: { path: { workspaceId, projectId } },
    }),
  );
}

// Transitions

/** POST .../projects/{projectId}/transitions, whatever it answers. */
export function transition(
  by: Caller,
  workspaceId: string,
  projectId: string,
  body: Schema<'TransitionRequestDto'>,
): Promise<Answer<Project>> {
  return answerOf(
    by.client.POST('/v1/workspaces/{workspaceId}/projects/{projectId}/transitions', {
      params: { path: { workspaceId, projectId } },
      body,
    }),
  );
}

/** Moves `project` to `to` from the version it is at (200 expected), and returns it as it is now. */
export async function moveTo(by: Caller, workspaceId: string, project: Project, to: string): Promise<Project> {
  return bodyOf(await transition(by, workspaceId, project.id, { to, expectedVersion: project.version }), 200);
}

export function dryRunTransition(
  by: Caller,
  workspaceId: string,
  projectId: string,
  body: Schema<'TransitionRequestDto'>,
): Promise<Answer<Schema<'TransitionDryRunResponse'>>> {
  return answerOf(
    by.client.POST('/v1/workspaces/{workspaceId}/projects/{projectId}/transitions/dry-run', {
      params: { path: { workspaceId, projectId } },
      body,
    }),
  );
}

export function transitionOptions(
  by: Caller,
  workspaceId: string,
  projectId: string,
): Promise<Answer<Schema<'TransitionOptionListResponse'>>> {
  return answerOf(
    by.client.GET('/v1/workspaces/{workspaceId}/projects/{projectId}/transitions', {
      params: { path: { workspaceId, projectId } },
    }),
  );
}

// Workflow versions

export function activeWorkflow(by: Caller, workspaceId: string): Promise<Answer<Schema<'WorkflowVersionResponse'>>> {
  return answerOf(by.client.GET('/v1/workspaces/{workspaceId}/workflow', { params: { path: { workspaceId } } }));
}

export function workflowVersions(
  by: Caller,
  workspaceId: string,
): Promise<Answer<Schema<'WorkflowVersionListResponse'>>> {
  return answerOf(
    by.client.GET('/v1/workspaces/{workspaceId}/workflow/versions', { params: { path: { workspaceId } } }),
  );
}

/** POST .../workflow/versions: a draft, whatever it answers. */
export function draftWorkflow(
  by: Caller,
  workspaceId: string,
  body: WorkflowDefinition,
): Promise<Answer<Schema<'WorkflowVersionResponse'>>> {
  return answerOf(
    by.client.POST('/v1/workspaces/{workspaceId}/workflow/versions', { params: { path: { workspaceId } }, body }),
  );
}

export function publishWorkflow(
  by: Caller,
  workspaceId: string,
  versionId: string,
  stateMapping?: Record<string, string>,
): Promise<Answer<Schema<'WorkflowVersionResponse'>>> {
  return answerOf(
    by.client.POST('/v1/workspaces/{workspaceId}/workflow/versions/{versionId}/publish', {
      params: { path: { workspaceId, versionId } },
      body: stateMapping === undefined ? {} : { stateMapping },
    }),
  );
}

// Comments

export function postComment(
  by: Caller,
  workspaceId: string,
  projectId: string,
  body: string,
): Promise<Answer<Schema<'CommentResponse'>>> {
  return answerOf(
    by.client.POST('/v1/workspaces/{workspaceId}/projects/{projectId}/comments', {
      params: { path: { workspaceId, projectId } },
      body: { body },
    }),
  );
}

export function listComments(
  by: Caller,
  workspaceId: string,
  projectId: string,
  query: { limit?: number; cursor?: string } = {},
): Promise<Answer<Schema<'CommentListResponse'>>> {
  return answerOf(
    by.client.GET('/v1/workspaces/{workspaceId}/projects/{projectId}/comments', {
      params: { path: { workspaceId, projectId }, query },
    }),
  );
}

export function editComment(
  by: Caller,
  workspaceId: string,
  commentId: string,
  body: string,
): Promise<Answer<Schema<'CommentResponse'>>> {
  return answerOf(
    by.client.PATCH('/v1/workspaces/{workspaceId}/comments/{commentId}', {
      params: { path: { workspaceId, commentId } },
      body: { body },
    }),
  );
}

export function deleteComment(by: Caller, workspaceId: string, commentId: string): Promise<Answer> {
  return answerOf(
    by.client.DELETE('/v1/workspaces/{workspaceId}/comments/{commentId}', {
      params: { path: { workspaceId, commentId } },
    }),
  );
}

// Activity

export function projectActivity(
  by: Caller,
  workspaceId: string,
  projectId: string,
  query: ActivityQuery = {},
): Promise<Answer<Schema<'ActivityListResponse'>>> {
  return answerOf(
    by.client.GET('/v1/workspaces/{workspaceId}/projects/{projectId}/activity', {
      params: { path: { workspaceId, projectId }, query },
    }),
  );
}

export function workspaceActivity(
  by: Caller,
  workspaceId: string,
  query: ActivityQuery = {},
): Promise<Answer<Schema<'ActivityListResponse'>>> {
  return answerOf(by.client.GET('/v1/workspaces/{workspaceId}/activity', { params: { path: { workspaceId }, query } }));
}

// Lists

/**
 * Every page of a list, following `nextCursor` from the first page until it
 * is null; fails after `maxPages`, so a cursor that never ends fails the test.
 */
export async function walkPages<Item>(
  page: (cursor: string | undefined) => Promise<Page<Item>>,
  maxPages = 50,
): Promise<Item[][]> {
  const pages: Item[][] = [];
  let cursor: string | undefined;
  do {
    if (pages.length >= maxPages) throw new Error(`the list did not end within ${maxPages} pages`);
    const next = await page(cursor);
    pages.push(next.data);
    cursor = next.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return pages;
}

/** What an answer was, as one comparable string: `200`, or `409 VERSION_CONFLICT` for a problem. */
export function statusAndCode(answer: Answer): string {
  return isProblemDetails(answer.body) ? `${answer.status} ${answer.body.code}` : String(answer.status);
}

/** The X-Request-Id a response carried. */
export function requestIdOf(answer: Answer): string {
  const requestId = answer.headers.get('x-request-id');
  if (!requestId) throw new Error(`the response (${answer.status}) carries no X-Request-Id`);
  return requestId;
}

// Rows, read as the superuser

/** A row of the `outbox` table. */
export interface OutboxRow {
  workspace_id: string;
  id: string;
  type: string;
  version: number;
  occurred_at: Date;
  actor_type: string | null;
  actor_id: string | null;
  data: Record<string, unknown>;
  traceparent: string | null;
  causation_id: string | null;
  depth: number;
  relayed_at: Date | null;
}

/** A row of the `activity_entries` table. */
export interface ActivityRow {
  workspace_id: string;
  id: string;
  project_id: string | null;
  action: string;
  actor_type: string | null;
  actor_id: string | null;
  target_type: string;
  target_id: string;
  data: Record<string, unknown>;
  request_id: string | null;
  client_address: string | null;
  occurred_at: Date;
}

/** The workspace's outbox events, oldest first. */
export function outboxRows(dataSource: DataSource, workspaceId: string): Promise<OutboxRow[]> {
  return dataSource.query('SELECT * FROM outbox WHERE workspace_id = $1 ORDER BY id', [workspaceId]);
}

/** The workspace's activity entries, oldest first. */
export function activityRows(dataSource: DataSource, workspaceId: string): Promise<ActivityRow[]> {
  return dataSource.query('SELECT * FROM activity_entries WHERE workspace_id = $1 ORDER BY id', [workspaceId]);
}

/** The outbox events of one project (those whose data names it), oldest first. */
export async function projectEvents(
  dataSource: DataSource,
  workspaceId: string,
  projectId: string,
): Promise<OutboxRow[]> {
  const rows = await outboxRows(dataSource, workspaceId);
  return rows.filter((row) => {
    const project = row.data['project'];
    return typeof project === 'object' && project !== null && (project as { id?: unknown }).id === projectId;
  });
}
