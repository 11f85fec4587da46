import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DEFAULT_PAGE_SIZE, decodeIdCursor, PageQuery, toPage } from '@keel/platform-database';
import {
  ApiProblem,
  DomainError,
  ParseIdPipe,
  PROBLEM_CONTENT_TYPE,
  ProblemDetails,
  toProblem,
} from '@keel/platform-errors';
import { RequirePermission, WorkspaceParam } from '@keel/tenancy';
import { PromoteReleaseDto } from './dto/promotion.dto';
import { PromotionListResponse, PromotionResponse } from './dto/promotion.response';
import { PromotionsService } from './promotions.service';

const PROMOTION_EXAMPLE: PromotionResponse = {
  id: '0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2b51',
  releaseId: '0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2b01',
  stage: 'staging',
  allowed: true,
  gates: [
    {
      gateId: '0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2b21',
      key: 'ci-cd',
      version: 1,
      contentHash: 'sha256:1c5e2f0a7b3d9e4c6a8f0b2d4e6a8c0e2f4a6b8d0c2e4f6a8b0d2e4f6a8c0e2f',
      evaluationId: '0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2b31',
      verdict: 'pass',
      met: true,
      reason: 'the latest evaluation (version 1) passed',
    },
  ],
  decidedBy: { type: 'user', id: '0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a10' },
  createdAt: '2026-12-07T10:05:00.000Z',
};

@ApiTags('release-gates')
@Controller('v1/workspaces/:workspaceId/releases/:releaseId/promotions')
export class PromotionsController {
  constructor(private readonly promotions: PromotionsService) {}

  /**
   * Promotes the release to `stage` when the latest evaluation of every gate
   * required for it passed (or warned, where the gate allows) with no newer
   * evidence since; else 409 PROMOTION_DENIED listing each unmet gate and why.
   * Either decision is stored, with the gate versions it read.
   */
  @RequirePermission('releases:promote')
  @Post()
  @ApiCreatedResponse({ type: PromotionResponse, example: PROMOTION_EXAMPLE })
  @ApiProblem('PROMOTION_DENIED', '1 gate required for production is not met: ci-cd.', {
    promotionId: '0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2b52',
    stage: 'production',
    unmetGates: [
      {
        gateId: '0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2b21',
        key: 'ci-cd',
        version: 1,
        contentHash: 'sha256:1c5e2f0a7b3d9e4c6a8f0b2d4e6a8c0e2f4a6b8d0c2e4f6a8b0d2e4f6a8c0e2f',
        evaluationId: '0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2b31',
        verdict: 'fail',
        met: false,
        reason: "the latest evaluation's verdict is fail",
      },
    ],
  })
  async promote(
    @WorkspaceParam() workspaceId: string,
    @Param('releaseId', ParseIdPipe) releaseId: string,
    @Body() body: PromoteReleaseDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PromotionResponse | ProblemDetails> {
    const promotion = await this.promotions.promote(workspaceId, releaseId, body.stage);
    if (promotion.allowed) {
      void reply.status(201);
      return PromotionResponse.of(promotion);
    }
    // A denial is a decision too: it is answered as a problem, but returned (not thrown) so that it commits.
    const unmet = promotion.gates.filter((gate) => !gate.met);
    const { problem } = toProblem(
      new DomainError(
        'PROMOTION_DENIED',
        `${unmet.length} gate(s) required for ${promotion.stage} are not met: ${unmet.map((gate) => gate.key).join(', ')}.`,
        { extensions: { promotionId: promotion.id, stage: promotion.stage, unmetGates: unmet } },
      ),
      String(request.id),
    );
    void reply.status(problem.status).header('content-type', PROBLEM_CONTENT_TYPE);
    return problem;
  }

  /** Every promotion decision on the release, allowed or denied, newest first. */
  @RequirePermission('gates:read')
  @Get()
  @ApiOkResponse({ type: PromotionListResponse, example: { data: [PROMOTION_EXAMPLE], nextCursor: null } })
  async list(
    @WorkspaceParam() workspaceId: string,
    @Param('releaseId', ParseIdPipe) releaseId: string,
    @Query() query: PageQuery,
  ): Promise<PromotionListResponse> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const promotions = await this.promotions.list(workspaceId, releaseId, limit, decodeIdCursor(query.cursor));
    return toPage(
      promotions,
      limit,
      (promotion) => promotion,
      (promotion) => [promotion.id],
    );
  }
}
