import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AdminRoute } from '../platform-admins/admin-route.decorator';
import { AdminOverviewResponse } from './admin-overview.response';
import { PlatformOverview } from './platform-overview';

@ApiTags('admin')
@Controller('v1/admin/overview')
export class AdminOverviewController {
  constructor(private readonly overview: PlatformOverview) {}

  /**
   * The platform at a glance: workspaces by status and plan, users, active
   * sessions, events and job runs of the last 24 hours, dead letters, failing
   * or disabled webhook endpoints, outbox lag and stored bytes. Each figure is
   * computed every five minutes and served from the cache with its
   * `computedAt`. Platform admins only.
   */
  @Get()
  @AdminRoute('overview.get')
  async get(): Promise<AdminOverviewResponse> {
    return (await this.overview.read()) as unknown as AdminOverviewResponse;
  }

  /** Recomputes every figure now and answers the fresh overview. Platform admins only. */
  @Post('refresh')
  @HttpCode(200)
  @AdminRoute('overview.refresh')
  async refresh(): Promise<AdminOverviewResponse> {
    await this.overview.refresh();
    return (await this.overview.read()) as unknown as AdminOverviewResponse;
  }
}
