import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { RequestLimits, RequestLimitsConfig } from '@keel/identity';
import { TenantTransactions } from '@keel/platform-database';
import { Entitlements } from '../entitlements/entitlements';

/**
 * How long a workspace's plan limit is reused: a plan change applies to the
 * rate limit within this time (the limit is read on the request path, so it
 * must not cost a transaction per request).
 */
export const PLAN_RATE_CACHE_MS = 60_000;
const MAX_ENTRIES = 20_000;

/**
 * The workspace's request rate limit, counted by the workspace guard once it
 * has verified the caller belongs there (a stranger never spends a
 * workspace's requests): the plan's `api_rate_limit` when billing has a plan
 * that sets it, else RATE_LIMIT_WORKSPACE_PER_MINUTE; 0 or an unlimited plan
 * turns it off.
 */
@Injectable()
export class WorkspaceRequestLimit {
  private readonly planned = new Map<string, { perMinute: Promise<number>; until: number }>();

  constructor(
    private readonly limits: RequestLimits,
    private readonly config: RequestLimitsConfig,
    private readonly entitlements: Entitlements,
    private readonly transactions: TenantTransactions,
  ) {}

  async admit(reply: FastifyReply, workspaceId: string): Promise<void> {
    const bucket = this.limits.workspaceBucket(workspaceId, await this.perMinute(workspaceId));
    if (bucket) await this.limits.admit(reply, bucket);
  }

  /** Requests a minute for the workspace; 0 for no limit. */
  private perMinute(workspaceId: string): Promise<number> | number {
    const fallback = this.config.RATE_LIMIT_WORKSPACE_PER_MINUTE;
    if (!this.entitlements.decided) return fallback;
    const cached = this.planned.get(workspaceId);
    if (cached && cached.until > Date.now()) return cached.perMinute;
    // The promise is cached, so concurrent first requests of a workspace read its plan once.
    const perMinute = this.transactions
      .runInTenantTransaction(workspaceId, () => this.entitlements.requestsPerMinute(workspaceId))
      .then((planned) => (planned === undefined ? fallback : (planned ?? 0)));
    if (this.planned.size >= MAX_ENTRIES) this.planned.clear();
    this.planned.set(workspaceId, { perMinute, until: Date.now() + PLAN_RATE_CACHE_MS });
    // A failed read is not kept: the next request asks again.
    perMinute.catch(() => this.planned.delete(workspaceId));
    return perMinute;
  }
}
