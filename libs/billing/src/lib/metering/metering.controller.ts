import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { RequirePermission, WorkspaceParam } from '@keel/tenancy';
import { CreateMeterDto } from './dto/meter.dto';
import { MeterListResponse, MeterResponse } from './dto/meter.response';
import {
  UsageAdjustmentDto,
  UsageAdjustmentResponse,
  UsageEventsDto,
  UsageEventsResponse,
  UsageQuery,
  UsageSeriesResponse,
} from './dto/usage.dto';
import { MetersService } from './meters.service';
import { UsageIngestion } from './usage-ingestion.service';
import { UsageService } from './usage.service';

@ApiTags('billing')
@Controller('v1/workspaces/:workspaceId')
export class MeteringController {
  constructor(
    private readonly meters: MetersService,
    private readonly ingestion: UsageIngestion,
    private readonly usage: UsageService,
  ) {}

  /** The workspace's meters, by key (the built-in `api_requests` is not listed: it is always there). */
  @RequirePermission('billing:read')
  @Get('meters')
  async listMeters(@WorkspaceParam() workspaceId: string): Promise<MeterListResponse> {
    return { data: (await this.meters.list(workspaceId)).map(MeterResponse.of) };
  }

  /**
   * A meter: what it counts (`eventType`), how (`aggregation`), from which
   * property, grouped by which. It counts events that arrive from now on.
   * 409 METER_KEY_TAKEN for a key in use.
   */
  @RequirePermission('billing:manage')
  @Post('meters')
  async createMeter(@WorkspaceParam() workspaceId: string, @Body() body: CreateMeterDto): Promise<MeterResponse> {
    return MeterResponse.of(await this.meters.create(workspaceId, body));
  }

  /**
   * Reports usage: 1 to 1,000 events. An event whose `id` this workspace
   * already reported (within 35 days) is a duplicate, counted once; one older
   * than 35 days or more than 5 minutes ahead, malformed, or past a hard
   * metered limit is rejected alone. 202 with the tally.
   */
  @RequirePermission('usage:write')
  @Post('usage-events')
  @HttpCode(202)
  ingest(@WorkspaceParam() workspaceId: string, @Body() body: UsageEventsDto): Promise<UsageEventsResponse> {
    return this.ingestion.ingest(workspaceId, body.events);
  }

  /** A meter's usage as a series (hour, day or month; optionally by one property), read from the hourly rollups. */
  @RequirePermission('billing:read')
  @Get('usage')
  series(@WorkspaceParam() workspaceId: string, @Query() query: UsageQuery): Promise<UsageSeriesResponse> {
    return this.usage.series(workspaceId, query);
  }

  /** A correction of a `sum` or `count` meter for one hour: added, recorded and audited, never an edit of events. */
  @RequirePermission('billing:manage')
  @Post('usage-adjustments')
  adjust(@WorkspaceParam() workspaceId: string, @Body() body: UsageAdjustmentDto): Promise<UsageAdjustmentResponse> {
    return this.usage.adjust(workspaceId, body);
  }
}
