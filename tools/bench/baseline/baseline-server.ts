import Fastify, { FastifyInstance } from 'fastify';
import type { Pool } from 'pg';
import { Authenticator, unauthenticated } from './authenticator';
import type { BearerVerifier } from './bearer-verifier';
import { addProjectRoutes } from './project-routes';
import { addUsageRoutes } from './usage-routes';
import { inScopedTransaction } from './scoped-transaction';
import { addSearchRoute } from './search-route';
import { Memberships } from './workspace-access';
import { UUID, WorkspaceGuard } from './workspace-guard';

/** Keel's NO_WORKSPACE_ID: the workspace of a restricted scope, which no row has. */
const NO_WORKSPACE_ID = '00000000-0000-0000-0000-000000000000';

interface BenchItemRow {
  workspace_id: string;
  id: string;
  name: string;
  quantity: number;
  created_at: Date;
}

interface ItemParams {
  workspaceId: string;
  itemId: string;
}

interface UserRow {
  id: string;
  email: string;
  email_key: string;
  name: string;
  password_hash: string;
  email_verified_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

interface MembershipSummaryRow {
  workspace_id: string;
  name: string;
  role_key: string;
}

interface WorkspaceRow {
  id: string;
  name: string;
  slug: string;
  suspended_at: Date | null;
  hold_reason: string | null;
  deletion_due_at: Date | null;
  created_by: string | null;
  require_mfa: boolean;
  created_at: Date;
  updated_at: Date;
}

async function readBenchItem(pool: Pool, workspaceId: string, itemId: string): Promise<BenchItemRow | undefined> {
  return inScopedTransaction(pool, workspaceId, [], async (client) => {
    const result = await client.query<BenchItemRow>(
      'SELECT workspace_id, id, name, quantity, created_at FROM bench_item WHERE workspace_id = $1 AND id = $2 LIMIT 1',
      [workspaceId, itemId],
    );
    return result.rows[0];
  });
}

/** GET /v1/me and GET /v1/workspaces/:workspaceId, with the SQL Keel's identity and tenancy send. */
function addIdentityRoutes(
  app: FastifyInstance,
  pool: Pool,
  authenticator: Authenticator,
  workspaces: WorkspaceGuard,
): void {
  app.get('/v1/me', async (request, reply) => {
    const subject = await authenticator.subject(request.headers.authorization);
    if (!subject) return unauthenticated(reply);
    const users = await pool.query<UserRow>(
      'SELECT id, email, email_key, name, password_hash, email_verified_at, created_at, updated_at FROM users WHERE id = $1 LIMIT 1',
      [subject.userId],
    );
    const user = users.rows[0];
    if (!user) return unauthenticated(reply);
    const rows = await inScopedTransaction(pool, NO_WORKSPACE_ID, [['user_id', subject.userId]], async (client) => {
      const result = await client.query<MembershipSummaryRow>(
        `SELECT m.workspace_id, w.name, m.role_key FROM memberships m
           JOIN workspaces w ON w.id = m.workspace_id
          WHERE m.user_id = $1 ORDER BY w.name, m.workspace_id`,
        [subject.userId],
      );
      return result.rows;
    });
    return {
      id: user.id,
      email: user.email,
      name: user.name,
      emailVerified: user.email_verified_at !== null,
      memberships: rows.map((row) => ({ workspaceId: row.workspace_id, workspaceName: row.name, role: row.role_key })),
    };
  });

  app.get<{ Params: { workspaceId: string } }>('/v1/workspaces/:workspaceId', async (request, reply) => {
    const scope = await workspaces.check(
      request.headers.authorization,
      request.params.workspaceId,
      'workspace:read',
      reply,
    );
    if (!scope.allowed) return scope.reply;
    const { workspaceId } = scope;

    const workspace = await inScopedTransaction(pool, workspaceId, [], async (client) => {
      const result = await client.query<WorkspaceRow>(
        'SELECT id, name, slug, suspended_at, hold_reason, deletion_due_at, created_by, require_mfa, created_at, updated_at ' +
          'FROM workspaces WHERE id = $1 LIMIT 1',
        [workspaceId],
      );
      return result.rows[0];
    });
    if (!workspace) return reply.status(404).send({ code: 'WORKSPACE_NOT_FOUND' });
    return {
      id: workspace.id,
      name: workspace.name,
      slug: workspace.slug,
      createdAt: workspace.created_at.toISOString(),
      role: scope.access.role,
      security: { requireMfa: workspace.require_mfa },
      blockedBy: null,
    };
  });
}

export interface BaselineServerOptions {
  /** Verifies Keel's access tokens; without it the identity and project routes are not served. */
  verifier?: BearerVerifier;
}

/** Plain Fastify and `pg`: what Keel's routes cost with no framework and no ORM. */
export function createBaselineServer(pool: Pool, options: BaselineServerOptions = {}): FastifyInstance {
  const app = Fastify({ logger: false });

  app.get('/health/live', async (_request, reply) => {
    void reply.header('cache-control', 'no-store');
    return { status: 'ok' };
  });

  app.get<{ Params: ItemParams }>('/v1/workspaces/:workspaceId/bench-items/:itemId', async (request, reply) => {
    const { workspaceId, itemId } = request.params;
    if (!UUID.test(workspaceId) || !UUID.test(itemId)) return reply.status(400).send({ code: 'VALIDATION_FAILED' });
    const row = await readBenchItem(pool, workspaceId, itemId);
    if (!row) return reply.status(404).send({ code: 'NOT_FOUND' });
    return {
      id: row.id,
      workspaceId: row.workspace_id,
      name: row.name,
      quantity: row.quantity,
      createdAt: row.created_at,
    };
  });

  if (options.verifier) {
    const authenticator = new Authenticator(pool, options.verifier);
    // One membership cache for every workspace route, as Keel has one MembershipAccessCache.
    const workspaces = new WorkspaceGuard(authenticator, new Memberships(pool));
    addIdentityRoutes(app, pool, authenticator, workspaces);
    addProjectRoutes(app, pool, workspaces);
    addSearchRoute(app, pool, workspaces);
    addUsageRoutes(app, pool, workspaces);
  }

  return app;
}
