import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { RequirePermission, WorkspaceParam } from '@keel/tenancy';
import { SubscriptionResponse } from './dto/subscription.response';
import { SubscriptionsService } from './subscriptions.service';

@ApiTags('billing')
@Controller('v1/workspaces/:workspaceId/subscription')
export class SubscriptionsController {
  constructor(private readonly subscriptions: SubscriptionsService) {}

  /** The workspace's subscription: its plan and version, status, trial and current period. */
  @RequirePermission('billing:read')
  @Get()
  async get(@WorkspaceParam() workspaceId: string): Promise<SubscriptionResponse> {
    return SubscriptionResponse.of(await this.subscriptions.current(workspaceId));
  }
}
