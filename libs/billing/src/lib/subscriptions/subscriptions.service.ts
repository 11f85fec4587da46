import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { newId, SafeTypeOrmTransactionalAdapter } from '@keel/platform-database';
import { DomainError } from '@keel/platform-errors';
import type { WorkspaceSetupRequest } from '@keel/tenancy';
import { PlanCatalog, priceOf } from '../catalog/plan-catalog.service';
import { PlanVersion } from '../catalog/plan-version.entity';
import { BillingPeriod, periodEnd, periodHolding } from './billing-period';
import { Subscription } from './subscription.entity';

import { DAY_MS } from './proration';

/** A subscription with the plan version it is on and the period holding now. */
export interface CurrentSubscription {
  subscription: Subscription;
  plan: PlanVersion;
  period: BillingPeriod;
}

function unknownPlan(key: string, why: string): DomainError {
  return new DomainError('VALIDATION_FAILED', `There is no plan "${key}" to start on: ${why}.`, {
    errors: [{ field: 'plan', rule: 'plan', message: why }],
  });
}

/** Each workspace's one subscription; every method runs in the workspace's tenant transaction. */
@Injectable()
export class SubscriptionsService {
  constructor(
    private readonly txHost: TransactionHost<SafeTypeOrmTransactionalAdapter>,
    private readonly catalog: PlanCatalog,
  ) {}

  private get subscriptions() {
    return this.txHost.tx.getRepository(Subscription);
  }

  /**
   * A new workspace's subscription (a WorkspaceSetup step): the default plan,
   * or a trial of the plan named at creation. A named plan must be in the
   * catalog and have a trial, unless it costs nothing.
   */
  async start(workspaceId: string, request: WorkspaceSetupRequest): Promise<Subscription> {
    const now = new Date();
    let plan: PlanVersion;
    let trialEndsAt: Date | null = null;
    if (request.plan === undefined) {
      plan = await this.catalog.defaultPlan();
    } else {
      const named = await this.catalog.currentPlan(request.plan);
      if (!named) throw unknownPlan(request.plan, 'no plan of the catalog has this key');
      plan = named;
      if (plan.trialDays > 0) trialEndsAt = new Date(now.getTime() + plan.trialDays * DAY_MS);
      else if (priceOf(plan, 'month') > 0 || priceOf(plan, 'year') > 0) {
        throw unknownPlan(request.plan, 'this plan has no trial; start on the default plan and change plan');
      }
    }
    const subscription: Subscription = {
      workspaceId,
      id: newId(),
      planKey: plan.key,
      planVersion: plan.version,
      interval: 'month',
      status: trialEndsAt ? 'trialing' : 'active',
      trialEndsAt,
      currentPeriodStart: now,
      currentPeriodEnd: trialEndsAt ?? periodEnd(now, 'month'),
      cancelAtPeriodEnd: false,
      canceledAt: null,
      pendingPlanKey: null,
      pendingPlanVersion: null,
      pendingInterval: null,
      pastDueSince: null,
      providerCustomerId: null,
      providerSubscriptionId: null,
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    await this.subscriptions.insert(subscription);
    return subscription;
  }

  /**
   * The workspace's subscription, its plan version and the period holding
   * now. A workspace made before billing existed is put on the default plan
   * the first time it is asked about.
   */
  async current(workspaceId: string, at = new Date()): Promise<CurrentSubscription> {
    let subscription = await this.subscriptions.findOneBy({ workspaceId });
    if (!subscription) {
      const plan = await this.catalog.defaultPlan();
      await this.txHost.tx.query(
        `INSERT INTO subscriptions (workspace_id, id, plan_key, plan_version, interval, status,
                                    current_period_start, current_period_end, version)
         VALUES ($1, $2, $3, $4, 'month', 'active', $5, $6, 1)
         ON CONFLICT (workspace_id) DO NOTHING`,
        [workspaceId, newId(), plan.key, plan.version, at, periodEnd(at, 'month')],
      );
      subscription = await this.subscriptions.findOneByOrFail({ workspaceId });
    }
    const plan = await this.catalog.version(subscription.planKey, subscription.planVersion);
    const stored = { start: subscription.currentPeriodStart, end: subscription.currentPeriodEnd };
    return { subscription, plan, period: periodHolding(stored, subscription.interval, at) };
  }

  /**
   * The workspace's subscription row, locked until the transaction ends (every
   * change and period close takes this lock first, so they happen one at a
   * time); made on the default plan first if the workspace has none.
   */
  async locked(workspaceId: string): Promise<Subscription> {
    await this.current(workspaceId);
    return this.subscriptions
      .createQueryBuilder('subscription')
      .where('subscription.workspace_id = :workspaceId', { workspaceId })
      .setLock('pessimistic_write')
      .getOneOrFail();
  }

  /** Writes the changed fields and the next version. */
  async save(subscription: Subscription): Promise<Subscription> {
    subscription.version += 1;
    subscription.updatedAt = new Date();
    await this.subscriptions.save(subscription);
    return subscription;
  }
}
