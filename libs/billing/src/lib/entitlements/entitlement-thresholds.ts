import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { Outbox } from '@keel/events';
import { SafeTypeOrmTransactionalAdapter } from '@keel/platform-database';
import { BILLING_EVENT_VERSION, ENTITLEMENT_THRESHOLD_CROSSED } from '../billing-events';
import type { PlanVersion } from '../catalog/plan-version.entity';
import type { BillingPeriod } from '../subscriptions/billing-period';

/** The shares of a limit or included quantity that are announced, in percent. */
export const THRESHOLD_PERCENTS = [50, 80, 100] as const;

/** The thresholds `usage` has reached of `limit`. */
export function reachedThresholds(usage: number, limit: number): number[] {
  if (!(limit > 0)) return [];
  return THRESHOLD_PERCENTS.filter((percent) => usage * 100 >= percent * limit);
}

export interface ThresholdUsage {
  feature: string;
  usage: number;
  limit: number;
  plan: Pick<PlanVersion, 'key' | 'version'>;
  period: BillingPeriod;
}

/**
 * `entitlement.threshold_crossed`, once per feature, threshold and period:
 * in the write's own transaction, the thresholds its usage reached are
 * inserted (the primary key keeps the first), and an event is published for
 * each row that is new. A write that rolls back takes both with it.
 */
@Injectable()
export class EntitlementThresholds {
  constructor(
    private readonly txHost: TransactionHost<SafeTypeOrmTransactionalAdapter>,
    private readonly outbox: Outbox,
  ) {}

  async record(workspaceId: string, { feature, usage, limit, plan, period }: ThresholdUsage): Promise<number[]> {
    const reached = reachedThresholds(usage, limit);
    if (reached.length === 0) return [];
    const rows: { percent: number }[] = await this.txHost.tx.query(
      `INSERT INTO entitlement_thresholds (workspace_id, feature, period_start, percent, usage, limit_value)
       SELECT $1, $2, $3, percent, $5, $6 FROM unnest($4::integer[]) AS percent
       ON CONFLICT DO NOTHING
       RETURNING percent`,
      [workspaceId, feature, period.start, reached, usage, limit],
    );
    const crossed = rows.map((row) => row.percent).sort((left, right) => left - right);
    for (const percent of crossed) {
      await this.outbox.publish(workspaceId, {
        type: ENTITLEMENT_THRESHOLD_CROSSED,
        version: BILLING_EVENT_VERSION,
        data: {
          feature,
          percent,
          usage,
          limit,
          plan: { key: plan.key, version: plan.version },
          period: { start: period.start.toISOString(), end: period.end.toISOString() },
        },
      });
    }
    return crossed;
  }
}
