import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { DEFAULT_PAGE_SIZE, decodeIdCursor, toPage } from '@keel/platform-database';
import { ApiProblem, ParseIdPipe } from '@keel/platform-errors';
import { RequirePermission, WorkspaceParam } from '@keel/tenancy';
import { CreateReleaseDto } from './dto/create-release.dto';
import { ReleaseQuery } from './dto/release-query.dto';
import { ReleaseListResponse, ReleaseResponse } from './dto/release.response';
import { ReleasesService } from './releases.service';

const RELEASE_EXAMPLE: ReleaseResponse = {
  id: '0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2b01',
  product: 'keel-api',
  version: '1.4.0-rc.1',
  commit: '3f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39',
  artifacts: [
    { platform: 'linux/amd64', digest: 'sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08' },
    { platform: 'linux/arm64', digest: 'sha256:60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752' },
  ],
  createdAt: '2026-12-07T10:00:00.000Z',
  createdBy: { type: 'api-key', id: '0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a90' },
};

@ApiTags('release-gates')
@Controller('v1/workspaces/:workspaceId/releases')
export class ReleasesController {
  constructor(private readonly releases: ReleasesService) {}

  /**
   * Registers a release candidate with its artifact ledger (1–32 artifacts,
   * each `sha256:<64 hex>`). 409 RELEASE_EXISTS when the product already has
   * this version; 422 naming `$.artifacts[i].digest` for a bad digest.
   */
  @RequirePermission('releases:write')
  @Post()
  @ApiCreatedResponse({ type: ReleaseResponse, example: RELEASE_EXAMPLE })
  @ApiProblem('RELEASE_EXISTS', 'keel-api 1.4.0-rc.1 is already registered in this workspace.')
  @ApiProblem('VALIDATION_FAILED', '1 field failed validation: artifacts.0.digest.', {
    errors: [
      {
        field: 'artifacts.0.digest',
        path: '$.artifacts[0].digest',
        rule: 'matches',
        message: 'digest must be sha256: followed by 64 lower-case hex digits',
      },
    ],
  })
  async create(@WorkspaceParam() workspaceId: string, @Body() body: CreateReleaseDto): Promise<ReleaseResponse> {
    return ReleaseResponse.of(await this.releases.create(workspaceId, body));
  }

  /** The workspace's releases, newest first; `product` keeps one product's. */
  @RequirePermission('gates:read')
  @Get()
  @ApiOkResponse({ type: ReleaseListResponse, example: { data: [RELEASE_EXAMPLE], nextCursor: null } })
  async list(@WorkspaceParam() workspaceId: string, @Query() query: ReleaseQuery): Promise<ReleaseListResponse> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const releases = await this.releases.list(workspaceId, limit, query.product, decodeIdCursor(query.cursor));
    return toPage(releases, limit, ReleaseResponse.of, (release) => [release.id]);
  }

  /** One release and its artifacts. */
  @RequirePermission('gates:read')
  @Get(':releaseId')
  @ApiOkResponse({ type: ReleaseResponse, example: RELEASE_EXAMPLE })
  async get(
    @WorkspaceParam() workspaceId: string,
    @Param('releaseId', ParseIdPipe) releaseId: string,
  ): Promise<ReleaseResponse> {
    return ReleaseResponse.of(await this.releases.get(workspaceId, releaseId));
  }
}
