import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { DEFAULT_PAGE_SIZE, decodeIdCursor, toPage } from '@keel/platform-database';
import { RequirePermission, WorkspaceParam } from '@keel/tenancy';
import { EventListResponse, EventResponse } from './dto/event.response';
import { EventQuery } from './dto/event-query.dto';
import { RecentEventsService } from './recent-events.service';

@ApiTags('events')
@Controller('v1/workspaces/:workspaceId/events')
export class EventsController {
  constructor(private readonly events: RecentEventsService) {}

  /** The workspace's domain events, newest first; filter by type. */
  @RequirePermission('events:read')
  @Get()
  async list(@WorkspaceParam() workspaceId: string, @Query() query: EventQuery): Promise<EventListResponse> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const events = await this.events.list(workspaceId, query.type, limit, decodeIdCursor(query.cursor));
    return toPage(events, limit, EventResponse.of, (event) => [event.id]);
  }
}
