import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { DEFAULT_PAGE_SIZE, decodeIdCursor, PageQuery, toPage } from '@keel/platform-database';
import { ParseIdPipe } from '@keel/platform-errors';
import { RequirePermission, WorkspaceParam } from '@keel/tenancy';
import { verificationSummaryOf } from '../signing/verification-summary';
import { CreateEvaluationDto } from './dto/evaluation.dto';
import { EvaluationListResponse, EvaluationResponse } from './dto/evaluation.response';
import { VerificationSummaryResponse } from './dto/verification-summary.response';
import { EvaluationsService } from './evaluations.service';

export const EVALUATION_EXAMPLE: EvaluationResponse = {
  id: '0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2b31',
  gate: {
    id: '0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2b21',
    key: 'ci-cd',
    version: 1,
    contentHash: 'sha256:1c5e2f0a7b3d9e4c6a8f0b2d4e6a8c0e2f4a6b8d0c2e4f6a8b0d2e4f6a8c0e2f',
  },
  release: {
    id: '0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2b01',
    product: 'keel-api',
    version: '1.4.0-rc.1',
    artifacts: [
      { platform: 'linux/amd64', digest: 'sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08' },
    ],
  },
  platform: null,
  verdict: 'fail',
  score: 33.33,
  criteria: [
    {
      key: 'tests-failures',
      title: 'No failing tests',
      required: true,
      weight: 2,
      outcome: 'fail',
      value: 3,
      threshold: { operator: '==', pass: 0, warn: null },
      reason: 'failures = 3, must be == 0 (junit from https://ci.example.com/keel/runs/4812)',
      evidenceIds: ['0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2b11'],
      anomaly: false,
    },
    {
      key: 'line-coverage',
      title: 'Line coverage at least 80 %',
      required: true,
      weight: 1,
      outcome: 'pass',
      value: 84.2,
      threshold: { operator: '>=', pass: 80, warn: 70 },
      reason: 'lines = 84.2, must be >= 80 (warn >= 70) (coverage from https://ci.example.com/keel/runs/4812)',
      evidenceIds: ['0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2b12'],
      anomaly: false,
    },
  ],
  evaluatedAt: '2026-12-07T10:01:00.000Z',
  signature: 'eyJhbGciOiJFZERTQSIsImtpZCI6Ii4uLiIsInR5cCI6ImtlZWwtdmVyZGljdCtqd3MifQ.eyJpZCI6Ii4uLiJ9.c2lnbmF0dXJl',
};

@ApiTags('release-gates')
@Controller('v1/workspaces/:workspaceId')
export class EvaluationsController {
  constructor(private readonly evaluations: EvaluationsService) {}

  /**
   * Evaluates the release against the gate's current version: each criterion
   * reads the newest evidence of its type (of `platform`, when given), and
   * says why it passed, warned, failed, was waived or was not measured; the
   * verdict is signed (compact JWS, EdDSA, key in /.well-known/jwks.json).
   */
  @RequirePermission('releases:write')
  @Post('releases/:releaseId/evaluations')
  @ApiCreatedResponse({ type: EvaluationResponse, example: EVALUATION_EXAMPLE })
  async evaluate(
    @WorkspaceParam() workspaceId: string,
    @Param('releaseId', ParseIdPipe) releaseId: string,
    @Body() body: CreateEvaluationDto,
  ): Promise<EvaluationResponse> {
    return this.evaluations.evaluate(workspaceId, releaseId, body);
  }

  /** The release's evaluations, newest first. */
  @RequirePermission('gates:read')
  @Get('releases/:releaseId/evaluations')
  @ApiOkResponse({ type: EvaluationListResponse, example: { data: [EVALUATION_EXAMPLE], nextCursor: null } })
  async list(
    @WorkspaceParam() workspaceId: string,
    @Param('releaseId', ParseIdPipe) releaseId: string,
    @Query() query: PageQuery,
  ): Promise<EvaluationListResponse> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const evaluations = await this.evaluations.list(workspaceId, releaseId, limit, decodeIdCursor(query.cursor));
    return toPage(
      evaluations,
      limit,
      (evaluation) => evaluation,
      (evaluation) => [evaluation.id],
    );
  }

  /** One evaluation, with its signature. */
  @RequirePermission('gates:read')
  @Get('evaluations/:evaluationId')
  @ApiOkResponse({ type: EvaluationResponse, example: EVALUATION_EXAMPLE })
  get(
    @WorkspaceParam() workspaceId: string,
    @Param('evaluationId', ParseIdPipe) evaluationId: string,
  ): Promise<EvaluationResponse> {
    return this.evaluations.get(workspaceId, evaluationId);
  }

  /**
   * The evaluation as an in-toto Statement (v1) whose predicate is a SLSA
   * Verification Summary (v1), one subject per artifact digest of the release.
   */
  @RequirePermission('gates:read')
  @Get('evaluations/:evaluationId/attestation')
  @ApiOkResponse({
    type: VerificationSummaryResponse,
    example: verificationSummaryOf('0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a10', EVALUATION_EXAMPLE),
  })
  async attestation(
    @WorkspaceParam() workspaceId: string,
    @Param('evaluationId', ParseIdPipe) evaluationId: string,
  ): Promise<VerificationSummaryResponse> {
    return verificationSummaryOf(workspaceId, await this.evaluations.get(workspaceId, evaluationId));
  }
}
