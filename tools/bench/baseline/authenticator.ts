import type { FastifyReply } from 'fastify';
import type { Pool } from 'pg';
import { BearerVerifier, ExpiringCache, TokenSubject } from './bearer-verifier';

/** Keel's SESSION_STATE_CACHE_MS. */
const SESSION_STATE_CACHE_MS = 5_000;

/**
 * Who is calling, as Keel's bearer strategy decides it: a verified access
 * token whose session is still active. The session state is remembered for
 * 5 s per session, as Keel's SessionStateCache does.
 */
export class Authenticator {
  private readonly sessions = new ExpiringCache<boolean>(SESSION_STATE_CACHE_MS);

  constructor(
    private readonly pool: Pool,
    private readonly verifier: BearerVerifier,
  ) {}

  /** The caller of a request with this Authorization header, or undefined (401). */
  async subject(authorization: string | undefined): Promise<TokenSubject | undefined> {
    const subject = await this.verifier.verify(authorization);
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

export function unauthenticated(reply: FastifyReply): FastifyReply {
  return reply.status(401).send({ code: 'INVALID_TOKEN' });
}
