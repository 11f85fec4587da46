import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { DEFAULT_PAGE_SIZE, decodeIdCursor, PageQuery, toPage } from '@keel/platform-database';
import { ApiProblem, ParseIdPipe } from '@keel/platform-errors';
import { RequirePermission, WorkspaceParam } from '@keel/tenancy';
import { RequestWaiverDto } from './dto/waiver.dto';
import { WaiverListResponse, WaiverResponse } from './dto/waiver.response';
import { WaiversService } from './waivers.service';

const WAIVER_EXAMPLE: WaiverResponse = {
  id: '0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2b41',
  releaseId: '0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2b01',
  gateId: '0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2b21',
  criterion: 'line-coverage',
  reason: 'Coverage drops while the old importer is removed; back above 80 % in 1.4.1.',
  expiresAt: '2030-01-31T00:00:00.000Z',
  status: 'pending',
  requestedBy: { type: 'user', id: '0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a11' },
  decidedBy: null,
  decidedAt: null,
  createdAt: '2026-12-07T10:02:00.000Z',
};

const DECIDED_EXAMPLE: WaiverResponse = {
  ...WAIVER_EXAMPLE,
  status: 'approved',
  decidedBy: { type: 'user', id: '0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a10' },
  decidedAt: '2026-12-07T10:03:00.000Z',
};

@ApiTags('release-gates')
@Controller('v1/workspaces/:workspaceId')
export class WaiversController {
  constructor(private readonly waivers: WaiversService) {}

  /**
   * Asks to waive one criterion of a gate for this release until
   * `expiresAt`. Pending until someone else with gates:approve decides; once
   * approved and while unexpired, the criterion's `fail` becomes `waived`
   * in the next evaluation.
   */
  @RequirePermission('releases:write')
  @Post('releases/:releaseId/waivers')
  @ApiCreatedResponse({ type: WaiverResponse, example: WAIVER_EXAMPLE })
  async request(
    @WorkspaceParam() workspaceId: string,
    @Param('releaseId', ParseIdPipe) releaseId: string,
    @Body() body: RequestWaiverDto,
  ): Promise<WaiverResponse> {
    return WaiverResponse.of(await this.waivers.request(workspaceId, releaseId, body));
  }

  /** The release's waivers, newest first. */
  @RequirePermission('gates:read')
  @Get('releases/:releaseId/waivers')
  @ApiOkResponse({ type: WaiverListResponse, example: { data: [WAIVER_EXAMPLE], nextCursor: null } })
  async list(
    @WorkspaceParam() workspaceId: string,
    @Param('releaseId', ParseIdPipe) releaseId: string,
    @Query() query: PageQuery,
  ): Promise<WaiverListResponse> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const waivers = await this.waivers.list(workspaceId, releaseId, limit, decodeIdCursor(query.cursor));
    return toPage(waivers, limit, WaiverResponse.of, (waiver) => [waiver.id]);
  }

  /** Approves a pending waiver. 403 WAIVER_SELF_APPROVAL for its requester; 409 WAIVER_DECIDED once decided. */
  @RequirePermission('gates:approve')
  @Post('waivers/:waiverId/approve')
  @HttpCode(200)
  @ApiOkResponse({ type: WaiverResponse, example: DECIDED_EXAMPLE })
  @ApiProblem('WAIVER_SELF_APPROVAL', 'A waiver is approved or rejected by someone other than who requested it.')
  @ApiProblem('WAIVER_DECIDED', 'The waiver was already approved.', { waiverStatus: 'approved' })
  async approve(
    @WorkspaceParam() workspaceId: string,
    @Param('waiverId', ParseIdPipe) waiverId: string,
  ): Promise<WaiverResponse> {
    return WaiverResponse.of(await this.waivers.decide(workspaceId, waiverId, true));
  }

  /** Rejects a pending waiver; the same rules as approving. */
  @RequirePermission('gates:approve')
  @Post('waivers/:waiverId/reject')
  @HttpCode(200)
  @ApiOkResponse({ type: WaiverResponse, example: { ...DECIDED_EXAMPLE, status: 'rejected' } })
  @ApiProblem('WAIVER_SELF_APPROVAL', 'A waiver is approved or rejected by someone other than who requested it.')
  async reject(
    @WorkspaceParam() workspaceId: string,
    @Param('waiverId', ParseIdPipe) waiverId: string,
  ): Promise<WaiverResponse> {
    return WaiverResponse.of(await this.waivers.decide(workspaceId, waiverId, false));
  }
}
