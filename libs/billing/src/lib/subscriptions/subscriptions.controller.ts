import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { RequirePermission, WorkspaceParam } from '@keel/tenancy';
import { BillingConfig } from '../billing-config';
import { CancelSubscriptionDto, ChangeSubscriptionDto } from './dto/change-subscription.dto';
import { SubscriptionResponse } from './dto/subscription.response';
import { SubscriptionChanges } from './subscription-changes.service';
import { SubscriptionsService } from './subscriptions.service';

@ApiTags('billing')
@Controller('v1/workspaces/:workspaceId/subscription')
export class SubscriptionsController {
  constructor(
    private readonly subscriptions: SubscriptionsService,
    private readonly changes: SubscriptionChanges,
    private readonly config: BillingConfig,
  ) {}

  /** The workspace's subscription: its plan and version, status, trial, current period and any scheduled change. */
  @RequirePermission('billing:read')
  @Get()
  async get(@WorkspaceParam() workspaceId: string): Promise<SubscriptionResponse> {
    return SubscriptionResponse.of(await this.subscriptions.current(workspaceId), this.config.BILLING_GRACE_DAYS);
  }

  /**
   * Changes plan. An upgrade (a higher price for the same interval) takes
   * effect now, the rest of the period prorated to the minor unit onto the
   * next invoice; a downgrade, or a new interval, at the end of the period;
   * during a trial any change takes effect now. Naming the current plan again
   * drops a scheduled change or cancellation. 422 for a plan the catalog
   * lacks or an interval it has no price for.
   */
  @RequirePermission('billing:manage')
  @Post()
  @HttpCode(200)
  async change(
    @WorkspaceParam() workspaceId: string,
    @Body() body: ChangeSubscriptionDto,
  ): Promise<SubscriptionResponse> {
    return SubscriptionResponse.of(await this.changes.change(workspaceId, body), this.config.BILLING_GRACE_DAYS);
  }

  /**
   * Cancels: at the end of the period (`atPeriodEnd: true`; naming a plan
   * again undoes it) or now. A canceled workspace falls back to the default
   * plan's limits and is charged nothing more.
   */
  @RequirePermission('billing:manage')
  @Post('cancel')
  @HttpCode(200)
  async cancel(
    @WorkspaceParam() workspaceId: string,
    @Body() body: CancelSubscriptionDto,
  ): Promise<SubscriptionResponse> {
    return SubscriptionResponse.of(await this.changes.cancel(workspaceId, body), this.config.BILLING_GRACE_DAYS);
  }
}
