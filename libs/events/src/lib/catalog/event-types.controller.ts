import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { EventTypeListResponse, EventTypeResponse } from './dto/event-type.response';
import { EventCatalog } from './event-catalog';

@ApiTags('events')
@ApiBearerAuth()
@Controller('v1/event-types')
export class EventTypesController {
  constructor(private readonly catalog: EventCatalog) {}

  /** The event catalog: every event type with its version and the JSON Schema of its data. */
  @Get()
  list(): EventTypeListResponse {
    return { data: this.catalog.list().map(EventTypeResponse.of) };
  }
}
