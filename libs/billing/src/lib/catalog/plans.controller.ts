import { Controller, Get, Header } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '@keel/platform-context';
import { GlobalTables } from '@keel/platform-database';
import { PlanListResponse, PlanResponse } from './dto/plan.response';
import { PlanCatalog } from './plan-catalog.service';

@ApiTags('billing')
@Controller('v1/plans')
export class PlansController {
  constructor(
    private readonly catalog: PlanCatalog,
    private readonly globalTables: GlobalTables,
  ) {}

  /**
   * The plans a workspace can be on, at their current versions, cheapest
   * first: prices, trial and features. Public: the same for everyone, for a
   * pricing page before sign-up.
   */
  @Public()
  @Get()
  @Header('cache-control', 'public, max-age=300')
  async list(): Promise<PlanListResponse> {
    const plans = await this.globalTables.runUnscoped(() => this.catalog.currentPlans());
    return { data: plans.map(PlanResponse.of) };
  }
}
