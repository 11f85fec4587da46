import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { ActorContext, actorReference, AuditLog } from '@keel/identity';
import { newId, SafeTypeOrmTransactionalAdapter } from '@keel/platform-database';
import { DomainError } from '@keel/platform-errors';
import { SubscriptionsService } from '../subscriptions/subscriptions.service';
import { UsageAdjustmentDto, UsageAdjustmentResponse, UsageQuery, UsageSeriesResponse } from './dto/usage.dto';
import { MetersService, MeterView } from './meters.service';
import { UsageAdjustment } from './usage-records.entity';
import { hourOf, UsageRollups } from './usage-rollups';

function fieldProblem(field: string, rule: string, message: string): DomainError {
  return new DomainError('VALIDATION_FAILED', message, { errors: [{ field, rule, message }] });
}

/** Usage reads (from the rollups) and corrections; every method runs in the workspace's tenant transaction. */
@Injectable()
export class UsageService {
  constructor(
    private readonly txHost: TransactionHost<SafeTypeOrmTransactionalAdapter>,
    private readonly meters: MetersService,
    private readonly rollups: UsageRollups,
    private readonly subscriptions: SubscriptionsService,
    private readonly audit: AuditLog,
    private readonly actors: ActorContext,
  ) {}

  private async meter(workspaceId: string, key: string): Promise<MeterView> {
    const meter = await this.meters.find(workspaceId, key);
    if (!meter) throw fieldProblem('meter', 'exists', `The workspace has no meter "${key}".`);
    return meter;
  }

  async series(workspaceId: string, query: UsageQuery): Promise<UsageSeriesResponse> {
    const meter = await this.meter(workspaceId, query.meter);
    if (query.groupBy !== undefined && !meter.groupBy.includes(query.groupBy)) {
      throw fieldProblem('groupBy', 'groupBy', `Meter "${meter.key}" is not grouped by "${query.groupBy}".`);
    }
    const { period } = await this.subscriptions.current(workspaceId);
    const from = query.from ? new Date(query.from) : period.start;
    const to = query.to ? new Date(query.to) : period.end;
    if (from >= to) throw fieldProblem('to', 'after', 'to must be after from.');
    const granularity = query.granularity ?? 'day';
    const points = await this.rollups.series(workspaceId, meter.key, meter.aggregation, {
      from: hourOf(from),
      to,
      granularity,
      groupBy: query.groupBy,
    });
    return {
      meter: meter.key,
      aggregation: meter.aggregation,
      granularity,
      from: from.toISOString(),
      to: to.toISOString(),
      groupBy: query.groupBy ?? null,
      data: points.map((point) => ({ start: point.start.toISOString(), group: point.group, value: point.value })),
    };
  }

  /** Adds `delta` to the meter's hour holding `period`, recorded and audited: history is never edited. */
  async adjust(workspaceId: string, dto: UsageAdjustmentDto): Promise<UsageAdjustmentResponse> {
    const meter = await this.meter(workspaceId, dto.meter);
    if (meter.aggregation !== 'sum' && meter.aggregation !== 'count') {
      throw fieldProblem('meter', 'additive', `A ${meter.aggregation} meter cannot be corrected by a delta.`);
    }
    const actor = actorReference(this.actors.actor);
    const adjustment: UsageAdjustment = {
      workspaceId,
      id: newId(),
      meterKey: meter.key,
      period: hourOf(new Date(dto.period)),
      delta: dto.delta,
      reason: dto.reason,
      createdByType: actor.type,
      createdById: actor.id,
      createdAt: new Date(),
    };
    await this.txHost.tx.getRepository(UsageAdjustment).insert(adjustment);
    await this.rollups.apply(
      workspaceId,
      [{ meterKey: meter.key, bucketStart: adjustment.period, groupKey: '', groupValues: {}, value: dto.delta }],
      'add',
    );
    await this.audit.recordInWorkspace(workspaceId, {
      action: 'usage.adjusted',
      target: { type: 'usage-adjustment', id: adjustment.id },
      data: { meter: meter.key, period: adjustment.period.toISOString(), delta: dto.delta, reason: dto.reason },
    });
    return {
      id: adjustment.id,
      meter: meter.key,
      period: adjustment.period.toISOString(),
      delta: adjustment.delta,
      reason: adjustment.reason,
      createdAt: adjustment.createdAt.toISOString(),
    };
  }
}
