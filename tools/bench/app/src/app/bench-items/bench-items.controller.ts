import { Controller, Get, Param } from '@nestjs/common';
import { ParseIdPipe } from '@keel/platform-errors';
import { ApiTags } from '@nestjs/swagger';
import { BenchItemsService } from './bench-items.service';
import { BenchItemResponse } from './dto/bench-item.response';

// The real workspace guard arrives with tenancy; the bench reads the route's id directly.
@ApiTags('bench')
@Controller('v1/workspaces/:workspaceId/bench-items')
export class BenchItemsController {
  constructor(private readonly benchItems: BenchItemsService) {}

  @Get(':itemId')
  async get(
    @Param('workspaceId', ParseIdPipe) workspaceId: string,
    @Param('itemId', ParseIdPipe) itemId: string,
  ): Promise<BenchItemResponse> {
    return BenchItemResponse.of(await this.benchItems.get(workspaceId, itemId));
  }
}
