import { Controller, Get, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { RequirePermission, WorkspaceParam } from '@keel/tenancy';
import { EntitlementListResponse, EntitlementResponse } from './dto/entitlement.response';
import { PlanEntitlements } from './plan-entitlements.service';

@ApiTags('billing')
@Controller('v1/workspaces/:workspaceId/entitlements')
export class EntitlementsController {
  constructor(private readonly entitlements: PlanEntitlements) {}

  /** Every feature of the workspace's plan: what it grants, what is used, what is left, and why, in words. */
  @RequirePermission('billing:read')
  @Get()
  async list(@WorkspaceParam() workspaceId: string): Promise<EntitlementListResponse> {
    return { data: (await this.entitlements.list(workspaceId)).map(EntitlementResponse.of) };
  }

  /** One feature (`projects`, `members`, `api_requests`…); 404 when the plan does not name it. */
  @RequirePermission('billing:read')
  @Get(':feature')
  async get(@WorkspaceParam() workspaceId: string, @Param('feature') feature: string): Promise<EntitlementResponse> {
    return EntitlementResponse.of(await this.entitlements.get(workspaceId, feature));
  }
}
