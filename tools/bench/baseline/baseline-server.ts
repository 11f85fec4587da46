import Fastify, { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Pool, PoolClient } from 'pg';
import { BearerVerifier, ExpiringCache, TokenSubject } from './bearer-verifier';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Keel's NO_WORKSPACE_ID: the workspace of a restricted scope, which no row has. */
const NO_WORKSPACE_ID = '00000000-0000-0000-0000-000000000000';
/** Keel's SESSION_STATE_CACHE_MS and MEMBERSHIP_CACHE_MS. */
const SESSION_STATE_CACHE_MS = 5_000;
const MEMBERSHIP_CACHE_MS = 2_000;

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
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
}

/**
 * One transaction on one pooled connection, with the statements Keel's tenant
 * (and restricted) transactions send, in the same order and the same number
 * of round trips: BEGIN, SET LOCAL ROLE, set_config of the workspace, one
 * set_config per extra setting, the work, COMMIT. A failed ROLLBACK destroys
 * the connection, as Keel's adapter does.
 */
async function inScopedTransaction<T>(
  pool: Pool,
  workspaceId: string,
  settings: [string, string][],
  work: (client: PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    await client.query('SET LOCAL ROLE keel_app');
    await client.query(`SELECT set_config('app.workspace_id', $1, true)`, [workspaceId]);
    for (const [name, value] of settings) await client.query('SELECT set_config($1, $2, true)', [`app.${name}`, value]);
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: unknown) => {
      broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
    });
    throw error;
  } finally {
    client.release(broken);
  }
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

/**
 * Who is calling, as Keel's bearer strategy decides it: a verified access
 * token whose session is still active. The session state is remembered for
 * 5 s per session, as Keel's SessionStateCache does.
 */
class Authenticator {
  private readonly sessions = new ExpiringCache<boolean>(SESSION_STATE_CACHE_MS);

  constructor(
    private readonly pool: Pool,
    private readonly verifier: BearerVerifier,
  ) {}

  async subject(request: FastifyRequest): Promise<TokenSubject | undefined> {
    const subject = await this.verifier.verify(request.headers.authorization);
    if (!subject) return undefined;
    return (await this.sessionIsActive(subject.sessionId)) ? subject : undefined;
  }

  private async sessionIsActive(sessionId: string): Promise<boolean> {
    const known = this.sessions.get(sessionId);
    if (known !== undefined) return known;
    const result = await this.pool.query<{ active: boolean }>(
      'SELECT (revoked_at IS NULL AND expires_at > now()) AS active FROM sessions WHERE id = $1',
      [sessionId],
    );
    const active = result.rows[0]?.active === true;
    this.sessions.set(sessionId, active);
    return active;
  }
}

function unauthenticated(reply: FastifyReply): FastifyReply {
  return reply.status(401).send({ code: 'INVALID_TOKEN' });
}

/** GET /v1/me and GET /v1/workspaces/:workspaceId, with the SQL Keel's identity and tenancy send. */
function addIdentityRoutes(app: FastifyInstance, pool: Pool, verifier: BearerVerifier): void {
  const authenticator = new Authenticator(pool, verifier);
  // Role per `workspace:user`, null for "not a member", remembered 2 s as Keel's MembershipAccessService does.
  const memberships = new ExpiringCache<string | null>(MEMBERSHIP_CACHE_MS);

  app.get('/v1/me', async (request, reply) => {
    const subject = await authenticator.subject(request);
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
    const subject = await authenticator.subject(request);
    if (!subject) return unauthenticated(reply);
    if (!UUID.test(request.params.workspaceId)) return reply.status(404).send({ code: 'WORKSPACE_NOT_FOUND' });
    const workspaceId = request.params.workspaceId.toLowerCase();

    const key = `${workspaceId}:${subject.userId}`;
    let role = memberships.get(key);
    if (role === undefined) {
      role = await inScopedTransaction(pool, workspaceId, [], async (client) => {
        const result = await client.query<{ role_key: string; permissions: string[] }>(
          `SELECT m.role_key, r.permissions FROM memberships m
             JOIN roles r ON r.workspace_id = m.workspace_id AND r.key = m.role_key
            WHERE m.workspace_id = $1 AND m.user_id = $2`,
          [workspaceId, subject.userId],
        );
        return result.rows[0]?.role_key ?? null;
      });
      memberships.set(key, role);
    }
    // Every built-in role may read its workspace, so the permission check is left out.
    if (role === null) return reply.status(404).send({ code: 'WORKSPACE_NOT_FOUND' });

    const workspace = await inScopedTransaction(pool, workspaceId, [], async (client) => {
      const result = await client.query<WorkspaceRow>(
        'SELECT id, name, slug, created_by, created_at, updated_at FROM workspaces WHERE id = $1 LIMIT 1',
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
      role,
    };
  });
}

export interface BaselineServerOptions {
  /** Verifies Keel's access tokens; without it the identity routes are not served. */
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

  if (options.verifier) addIdentityRoutes(app, pool, options.verifier);

  return app;
}
