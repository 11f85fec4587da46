import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Pool } from 'pg';
import { PROJECT_COLUMNS, projectResponse, ProjectRow } from './project-response';
import { TransitionRefused, transitionProject } from './project-transition';
import { requestIdOf, traceparentOf } from './request-trace';
import { inScopedTransaction } from './scoped-transaction';
import { UUID, WorkspaceGuard } from './workspace-guard';

interface ProjectParams {
  workspaceId: string;
  projectId: string;
}

/** Keel's DEFAULT_PAGE_SIZE and MAX_PAGE_SIZE, and its comments' COMMENT_MAX_LENGTH. */
const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 100;
const COMMENT_MAX_LENGTH = 10_000;

function notFound(reply: FastifyReply): FastifyReply {
  return reply.status(404).send({ code: 'NOT_FOUND' });
}

function validationFailed(reply: FastifyReply): FastifyReply {
  return reply.status(422).send({ code: 'VALIDATION_FAILED' });
}

/**
 * `?limit=` of the list, or undefined when it is not 1…100. The baseline
 * serves the first page in the default order only: other parameters (cursor,
 * filters, sort) are refused as not in it.
 */
function pageLimit(query: Record<string, unknown>): number | 'unsupported' | undefined {
  if (Object.keys(query).some((key) => key !== 'limit')) return 'unsupported';
  const raw = query['limit'];
  if (raw === undefined) return DEFAULT_PAGE_SIZE;
  const limit = typeof raw === 'string' && /^[0-9]+$/.test(raw) ? Number(raw) : NaN;
  return Number.isInteger(limit) && limit >= 1 && limit <= MAX_PAGE_SIZE ? limit : undefined;
}

/** Keel's list cursor: the sort value and id of the page's last project, JSON in base64url. */
function cursorAfter(row: ProjectRow): string {
  return Buffer.from(JSON.stringify([row.created_at.toISOString(), row.id]), 'utf8').toString('base64url');
}

/** TransitionRequestDto's rules (no field but these three). */
function transitionBody(body: unknown): { to: string; comment: string | null; expectedVersion: number } | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const fields = body as Record<string, unknown>;
  if (Object.keys(fields).some((key) => key !== 'to' && key !== 'comment' && key !== 'expectedVersion'))
    return undefined;
  const { to, comment, expectedVersion } = fields;
  if (typeof to !== 'string' || to.length > 50) return undefined;
  if (comment !== undefined && (typeof comment !== 'string' || comment.length > COMMENT_MAX_LENGTH)) return undefined;
  if (typeof expectedVersion !== 'number' || !Number.isInteger(expectedVersion) || expectedVersion < 1)
    return undefined;
  return { to, comment: comment ?? null, expectedVersion };
}

/**
 * The workflows routes the bench measures, with the SQL Keel's projects and
 * transitions services send, each behind the same guard (authentication,
 * membership, permission) and in one tenant transaction.
 */
export function addProjectRoutes(app: FastifyInstance, pool: Pool, guard: WorkspaceGuard): void {
  app.get<{ Params: ProjectParams }>('/v1/workspaces/:workspaceId/projects/:projectId', async (request, reply) => {
    const scope = await guard.check(request.headers.authorization, request.params.workspaceId, 'projects:read', reply);
    if (!scope.allowed) return scope.reply;
    if (!UUID.test(request.params.projectId)) return notFound(reply);
    const projectId = request.params.projectId.toLowerCase();
    const project = await inScopedTransaction(pool, scope.workspaceId, [], async (client) => {
      const result = await client.query<ProjectRow>(
        `SELECT ${PROJECT_COLUMNS} FROM projects WHERE workspace_id = $1 AND id = $2 LIMIT 1`,
        [scope.workspaceId, projectId],
      );
      return result.rows[0];
    });
    if (!project) return notFound(reply);
    return projectResponse(project);
  });

  app.get<{ Params: { workspaceId: string }; Querystring: Record<string, unknown> }>(
    '/v1/workspaces/:workspaceId/projects',
    async (request, reply) => {
      const scope = await guard.check(
        request.headers.authorization,
        request.params.workspaceId,
        'projects:read',
        reply,
      );
      if (!scope.allowed) return scope.reply;
      const limit = pageLimit(request.query);
      if (limit === 'unsupported') return reply.status(501).send({ code: 'NOT_IN_THE_BASELINE' });
      if (limit === undefined) return validationFailed(reply);
      // One more than the page: it only says whether there is a next page.
      const rows = await inScopedTransaction(pool, scope.workspaceId, [], async (client) => {
        const result = await client.query<ProjectRow>(
          `SELECT ${PROJECT_COLUMNS} FROM projects WHERE workspace_id = $1 AND archived_at IS NULL
            ORDER BY created_at DESC, id DESC LIMIT ${limit + 1}`,
          [scope.workspaceId],
        );
        return result.rows;
      });
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return {
        data: page.map(projectResponse),
        nextCursor: rows.length > limit && last !== undefined ? cursorAfter(last) : null,
      };
    },
  );

  app.post<{ Params: ProjectParams }>(
    '/v1/workspaces/:workspaceId/projects/:projectId/transitions',
    async (request, reply) => {
      const scope = await guard.check(
        request.headers.authorization,
        request.params.workspaceId,
        'projects:transition',
        reply,
      );
      if (!scope.allowed) return scope.reply;
      if (!UUID.test(request.params.projectId)) return notFound(reply);
      const body = transitionBody(request.body);
      if (!body) return validationFailed(reply);
      try {
        const project = await transitionProject(pool, {
          workspaceId: scope.workspaceId,
          projectId: request.params.projectId.toLowerCase(),
          ...body,
          actorId: scope.subject.userId,
          holds: (permission) => scope.access.holds(permission),
          requestId: requestIdOf(request.headers['x-request-id']),
          clientAddress: request.ip,
          traceparent: traceparentOf(request.headers['traceparent']),
        });
        return project;
      } catch (error) {
        if (error instanceof TransitionRefused) {
          return reply.status(error.status).send({ code: error.code, detail: error.message });
        }
        throw error;
      }
    },
  );
}
