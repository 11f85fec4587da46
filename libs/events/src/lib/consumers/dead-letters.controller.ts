import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { DEFAULT_PAGE_SIZE, decodeIdCursor, PageQuery, toPage } from '@keel/platform-database';
import { ParseIdPipe } from '@keel/platform-errors';
import { RequirePermission, WorkspaceParam } from '@keel/tenancy';
import { DeadLettersService } from './dead-letters.service';
import { DeadLetterListResponse, DeadLetterResponse } from './dto/dead-letter.response';

@ApiTags('events')
@Controller('v1/workspaces/:workspaceId/dead-letters')
export class DeadLettersController {
  constructor(private readonly deadLetters: DeadLettersService) {}

  /** Event deliveries a consumer gave up on after its last attempt, newest first. */
  @RequirePermission('events:read')
  @Get()
  async list(@WorkspaceParam() workspaceId: string, @Query() query: PageQuery): Promise<DeadLetterListResponse> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const deliveries = await this.deadLetters.list(workspaceId, limit, decodeIdCursor(query.cursor));
    return toPage(deliveries, limit, DeadLetterResponse.of, (delivery) => [delivery.id]);
  }

  /** Delivers the event to its consumer again (it still takes effect at most once). 409 CONFLICT unless it is dead. */
  @RequirePermission('events:replay')
  @Post(':deadLetterId/replay')
  @HttpCode(202)
  async replay(
    @WorkspaceParam() workspaceId: string,
    @Param('deadLetterId', ParseIdPipe) deadLetterId: string,
  ): Promise<DeadLetterResponse> {
    return DeadLetterResponse.of(await this.deadLetters.replay(workspaceId, deadLetterId));
  }
}
