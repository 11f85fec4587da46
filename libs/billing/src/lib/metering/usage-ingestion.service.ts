import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { canonicalJson } from '@keel/platform-crypto';
import { SafeTypeOrmTransactionalAdapter } from '@keel/platform-database';
import { EntitlementThresholds } from '../entitlements/entitlement-thresholds';
import { CurrentSubscription, SubscriptionsService } from '../subscriptions/subscriptions.service';
import { includedQuantity } from '../catalog/plan';
import { Meter } from './meter.entity';
import { MetersService } from './meters.service';
import { CheckedEvent, checkUsageEvent, isRejected, RejectedEvent } from './usage-event-checks';
import { hourOf, RollupDelta, UniqueValue, UsageRollups } from './usage-rollups';

export interface IngestionResult {
  accepted: number;
  duplicates: number;
  rejected: RejectedEvent[];
}

/** What an event gives a meter, or why it cannot. */
function measure(meter: Meter, event: CheckedEvent): number | string | undefined {
  if (meter.aggregation === 'count') return 1;
  const raw = meter.valueProperty ? event.properties?.[meter.valueProperty] : event.value;
  if (meter.aggregation === 'unique_count') {
    return typeof raw === 'string' || typeof raw === 'number' ? String(raw) : undefined;
  }
  return typeof raw === 'number' && Number.isFinite(raw) ? raw : undefined;
}

function groupOf(meter: Meter, event: CheckedEvent): { groupKey: string; groupValues: Record<string, unknown> } {
  if (meter.groupBy.length === 0) return { groupKey: '', groupValues: {} };
  const groupValues = Object.fromEntries(meter.groupBy.map((name) => [name, event.properties?.[name] ?? null]));
  return { groupKey: canonicalJson(groupValues), groupValues };
}

/**
 * Usage events in, rollups out, in the request's tenant transaction: one
 * multi-row INSERT … ON CONFLICT DO NOTHING of the raw events (the client's id
 * is the key, so a repeat within the 35-day window is a duplicate), then one
 * upsert of the hourly rollups the new events make. Nothing is buffered in
 * memory: what was answered 202 is committed.
 */
@Injectable()
export class UsageIngestion {
  constructor(
    private readonly txHost: TransactionHost<SafeTypeOrmTransactionalAdapter>,
    private readonly meters: MetersService,
    private readonly rollups: UsageRollups,
    private readonly subscriptions: SubscriptionsService,
    private readonly thresholds: EntitlementThresholds,
  ) {}

  async ingest(workspaceId: string, events: readonly unknown[]): Promise<IngestionResult> {
    const now = Date.now();
    const rejected: RejectedEvent[] = [];
    const checked: CheckedEvent[] = [];
    for (const [index, raw] of events.entries()) {
      const result = checkUsageEvent(raw, index, now);
      if (isRejected(result)) rejected.push(result);
      else checked.push(result);
    }
    const closedUntil = await this.closedUntil(workspaceId, checked);
    const open = checked.filter((event) => {
      if (closedUntil === null || event.occurredAt >= closedUntil) return true;
      rejected.push({
        index: event.index,
        code: 'PERIOD_CLOSED',
        message: `timestamp is in a billing period whose invoice is finalized (before ${closedUntil.toISOString()})`,
      });
      return false;
    });
    const meters = await this.meters.forEventTypes(workspaceId, [...new Set(open.map((event) => event.type))]);
    const storable = open.filter((event) => {
      for (const meter of meters) {
        if (meter.eventType === event.type && measure(meter, event) === undefined) {
          const needs = meter.valueProperty ? `properties.${meter.valueProperty}` : 'value';
          rejected.push({ index: event.index, code: 'INVALID_EVENT', message: `meter ${meter.key} needs ${needs}` });
          return false;
        }
      }
      return true;
    });
    const fresh = await this.insertNew(workspaceId, storable);
    // The plan and period, read once for the hard limits and the thresholds; only a batch that adds to a meter needs them.
    const current = fresh.length > 0 && meters.length > 0 ? await this.subscriptions.current(workspaceId) : null;
    const overLimit = await this.overHardLimits(workspaceId, meters, fresh, current);
    if (overLimit.size > 0) {
      const refused = fresh.filter((event) => overLimit.has(event.index));
      await this.txHost.tx.query('DELETE FROM usage_events WHERE workspace_id = $1 AND id = ANY($2::text[])', [
        workspaceId,
        refused.map((event) => event.id),
      ]);
      for (const event of refused) {
        rejected.push({
          index: event.index,
          code: 'ENTITLEMENT_EXCEEDED',
          message: 'the plan allows no more of this meter this period',
        });
      }
    }
    const counted = fresh.filter((event) => !overLimit.has(event.index));
    await this.rollUp(workspaceId, meters, counted);
    await this.recordThresholds(workspaceId, meters, counted, current);
    rejected.sort((left, right) => left.index - right.index);
    return { accepted: counted.length, duplicates: storable.length - fresh.length, rejected };
  }

  /** The end of the last period whose invoice is finalized: usage before it can no longer be billed. */
  private async closedUntil(workspaceId: string, events: CheckedEvent[]): Promise<Date | null> {
    if (events.length === 0) return null;
    const [row]: { closed_until: Date | null }[] = await this.txHost.tx.query(
      `SELECT max(period_end) AS closed_until FROM invoices WHERE workspace_id = $1 AND status <> 'draft'`,
      [workspaceId],
    );
    return row?.closed_until ? new Date(row.closed_until) : null;
  }

  /** The events not seen before (by id, in this workspace): one statement over arrays. */
  private async insertNew(workspaceId: string, events: CheckedEvent[]): Promise<CheckedEvent[]> {
    if (events.length === 0) return [];
    const rows: { id: string }[] = await this.txHost.tx.query(
      `INSERT INTO usage_events (workspace_id, id, type, occurred_at, value, properties)
       SELECT $1, * FROM unnest($2::text[], $3::text[], $4::timestamptz[], $5::float8[], $6::jsonb[])
       ON CONFLICT DO NOTHING
       RETURNING id`,
      [
        workspaceId,
        events.map((event) => event.id),
        events.map((event) => event.type),
        // As text: pg's own Date formatting cost more than the whole insert's other parameters.
        events.map((event) => event.occurredAt.toISOString()),
        events.map((event) => event.value),
        events.map((event) => (event.properties ? JSON.stringify(event.properties) : null)),
      ],
    );
    const inserted = new Set(rows.map((row) => row.id));
    // The same id twice in one batch: the first is inserted, the second is a duplicate.
    return events.filter((event) => inserted.delete(event.id));
  }

  /**
   * The events that would take a meter with a hard metered limit past what
   * the plan includes this period (in arrival order), counted under the
   * meter's lock so concurrent batches cannot both take the last units.
   */
  private async overHardLimits(
    workspaceId: string,
    meters: Meter[],
    events: CheckedEvent[],
    current: CurrentSubscription | null,
  ): Promise<Set<number>> {
    const over = new Set<number>();
    if (!current) return over;
    const { plan, period } = current;
    const periodStart = hourOf(period.start);
    for (const meter of meters) {
      const feature = plan.features[meter.key];
      const included = includedQuantity(feature);
      if (feature?.enforcement !== 'hard' || included === null || meter.aggregation === 'max') continue;
      await this.txHost.tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
        `billing:${workspaceId}:meter:${meter.key}`,
      ]);
      let used = await this.rollups.total(workspaceId, meter.key, meter.aggregation, period.start, period.end);
      for (const event of events) {
        if (event.type !== meter.eventType || event.occurredAt < periodStart || event.occurredAt >= period.end)
          continue;
        const amount = meter.aggregation === 'sum' ? Number(measure(meter, event)) : 1;
        if (used + amount > included) over.add(event.index);
        else used += amount;
      }
    }
    return over;
  }

  /**
   * For each meter the plan includes a quantity of (a metered feature with
   * `included`), the period's total after this batch against it: the
   * thresholds it reaches fire once (EntitlementThresholds).
   */
  private async recordThresholds(
    workspaceId: string,
    meters: Meter[],
    counted: CheckedEvent[],
    current: CurrentSubscription | null,
  ): Promise<void> {
    if (!current || counted.length === 0) return;
    const countedTypes = new Set(counted.map((event) => event.type));
    const { plan, period } = current;
    for (const meter of meters) {
      const included = includedQuantity(plan.features[meter.key]);
      if (included === null || included <= 0 || !countedTypes.has(meter.eventType)) continue;
      const usage = await this.rollups.total(workspaceId, meter.key, meter.aggregation, period.start, period.end);
      await this.thresholds.record(workspaceId, { feature: meter.key, usage, limit: included, plan, period });
    }
  }

  private async rollUp(workspaceId: string, meters: Meter[], events: CheckedEvent[]): Promise<void> {
    const additive = new Map<string, RollupDelta>();
    const maxima = new Map<string, RollupDelta>();
    const uniques = new Map<string, UniqueValue>();
    for (const meter of meters) {
      for (const event of events) {
        if (event.type !== meter.eventType) continue;
        const amount = measure(meter, event);
        if (amount === undefined) continue;
        const bucketStart = hourOf(event.occurredAt);
        const { groupKey, groupValues } = groupOf(meter, event);
        const rowKey = `${meter.key}\n${bucketStart.getTime()}\n${groupKey}`;
        if (meter.aggregation === 'unique_count') {
          const value = String(amount);
          uniques.set(`${rowKey}\n${value}`, { meterKey: meter.key, bucketStart, groupKey, value });
          continue;
        }
        const target = meter.aggregation === 'max' ? maxima : additive;
        const delta = target.get(rowKey);
        const numeric = Number(amount);
        if (!delta) target.set(rowKey, { meterKey: meter.key, bucketStart, groupKey, groupValues, value: numeric });
        else delta.value = meter.aggregation === 'max' ? Math.max(delta.value, numeric) : delta.value + numeric;
      }
    }
    await this.rollups.apply(workspaceId, [...additive.values()], 'add');
    await this.rollups.apply(workspaceId, [...maxima.values()], 'max');
    await this.rollups.addUnique(workspaceId, [...uniques.values()]);
  }
}
