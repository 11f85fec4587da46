import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { GlobalTables } from '@keel/platform-database';
import { JobQueue, ScheduledJob } from '@keel/platform-queue';
import { AdminOwnerReads } from '../cross-tenant/admin-owner-reads';
import { PlatformOverviewFigure } from './platform-overview-figure.entity';

type Figures = Record<string, unknown>;

/** Each figure of the overview and how it is computed, in the owner door, across workspaces. */
const FIGURES: Record<string, (manager: EntityManager) => Promise<unknown>> = {
  workspaces: async (manager) => {
    const [row]: { total: string; active: string; suspended: string; pending_deletion: string }[] = await manager.query(
      `SELECT count(*) AS total,
              count(*) FILTER (WHERE suspended_at IS NULL AND deletion_due_at IS NULL) AS active,
              count(*) FILTER (WHERE suspended_at IS NOT NULL AND deletion_due_at IS NULL) AS suspended,
              count(*) FILTER (WHERE deletion_due_at IS NOT NULL) AS pending_deletion
         FROM workspaces`,
    );
    const plans: { plan_key: string; count: string }[] = await manager.query(
      `SELECT plan_key, count(*) AS count FROM subscriptions GROUP BY plan_key ORDER BY plan_key`,
    );
    return {
      total: Number(row.total),
      byStatus: {
        active: Number(row.active),
        suspended: Number(row.suspended),
        pending_deletion: Number(row.pending_deletion),
      },
      byPlan: Object.fromEntries(plans.map((plan) => [plan.plan_key, Number(plan.count)])),
    };
  },
  users: async (manager) => count(manager, `SELECT count(*) AS count FROM users`),
  activeSessions: async (manager) =>
    count(manager, `SELECT count(*) AS count FROM sessions WHERE revoked_at IS NULL AND expires_at > now()`),
  events24h: async (manager) =>
    count(manager, `SELECT count(*) AS count FROM outbox WHERE occurred_at > now() - interval '24 hours'`),
  jobRuns24h: async (manager) => {
    const rows: { status: string; count: string }[] = await manager.query(
      `SELECT status, count(*) AS count FROM job_runs WHERE created_at > now() - interval '24 hours' GROUP BY status`,
    );
    return Object.fromEntries(rows.map((row) => [row.status, Number(row.count)]));
  },
  deadLetters: async (manager) =>
    count(manager, `SELECT count(*) AS count FROM event_deliveries WHERE status = 'dead'`),
  webhookEndpoints: async (manager) => {
    const [row]: { failing: string; disabled: string }[] = await manager.query(
      `SELECT count(*) FILTER (WHERE failing_since IS NOT NULL AND disabled_at IS NULL) AS failing,
              count(*) FILTER (WHERE disabled_at IS NOT NULL OR NOT enabled) AS disabled
         FROM webhook_endpoints`,
    );
    return { failing: Number(row.failing), disabled: Number(row.disabled) };
  },
  outboxLagSeconds: async (manager) => {
    const [row]: { lag: string | null }[] = await manager.query(
      `SELECT extract(epoch FROM now() - min(occurred_at)) AS lag FROM outbox WHERE relayed_at IS NULL`,
    );
    return row.lag === null ? 0 : Math.round(Number(row.lag));
  },
  // What the documents of every workspace hold in the blob store (their sizes as uploaded).
  storedBytes: async (manager) => {
    const [row]: { bytes: string }[] = await manager.query(
      `SELECT coalesce(sum(size_bytes), 0) AS bytes FROM documents`,
    );
    return Number(row.bytes);
  },
};

export const OVERVIEW_FIGURES = Object.keys(FIGURES);

async function count(manager: EntityManager, sql: string): Promise<number> {
  const [row]: { count: string }[] = await manager.query(sql);
  return Number(row.count);
}

/**
 * The platform overview: figures computed every five minutes by a scheduled
 * job (and by POST /v1/admin/overview/refresh) and kept in
 * platform_overview_figures, so that reading it costs one small query.
 */
@Injectable()
export class PlatformOverview implements ScheduledJob, OnModuleInit {
  readonly name = 'admin.overview';
  readonly cron = '*/5 * * * *';

  constructor(
    private readonly queue: JobQueue,
    private readonly reads: AdminOwnerReads,
    private readonly globalTables: GlobalTables,
  ) {}

  onModuleInit(): void {
    this.queue.registerSchedule(this);
  }

  async run(): Promise<void> {
    await this.refresh();
  }

  /** Computes every figure now and caches it. */
  async refresh(): Promise<void> {
    const figures: Figures = await this.reads.acrossWorkspaces(async (manager) => {
      const computed: Figures = {};
      for (const [name, compute] of Object.entries(FIGURES)) computed[name] = await compute(manager);
      return computed;
    });
    const now = new Date();
    await this.globalTables.runUnscoped(async () => {
      for (const [name, value] of Object.entries(figures)) {
        await this.globalTables.manager.query(
          `INSERT INTO platform_overview_figures (name, value, computed_at) VALUES ($1, $2::jsonb, $3)
           ON CONFLICT (name) DO UPDATE SET value = excluded.value, computed_at = excluded.computed_at`,
          [name, JSON.stringify(value), now],
        );
      }
    });
  }

  /** The cached figures; a figure never computed yet is null with `computedAt` null. */
  async read(): Promise<Record<string, { value: unknown; computedAt: string | null }>> {
    const rows = await this.globalTables.manager.getRepository(PlatformOverviewFigure).find();
    const byName = new Map(rows.map((row) => [row.name, row]));
    return Object.fromEntries(
      OVERVIEW_FIGURES.map((name) => {
        const row = byName.get(name);
        return [name, { value: row?.value ?? null, computedAt: row?.computedAt.toISOString() ?? null }];
      }),
    );
  }
}
