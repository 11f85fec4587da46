import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { DEFAULT_PAGE_SIZE, decodeIdCursor, PageQuery, toPage } from '@keel/platform-database';
import { ParseIdPipe } from '@keel/platform-errors';
import { RequirePermission, WorkspaceParam } from '@keel/tenancy';
import { AiApprovalsService } from './ai-approvals.service';
import { ApprovalResumption } from './approval-resumption';
import { ApprovalResponse, DecidedApprovalResponse } from './dto/approval.response';

export class ApprovalListResponse {
  data: ApprovalResponse[];
  /** @example null */
  nextCursor: string | null;
}

@ApiTags('ai-tools')
@Controller('v1/workspaces/:workspaceId/ai/approvals')
export class ApprovalsController {
  constructor(
    private readonly approvals: AiApprovalsService,
    private readonly resumption: ApprovalResumption,
  ) {}

  /** The tool calls held for approval, newest first, pending or decided. */
  @RequirePermission('ai:approve')
  @Get()
  async list(@WorkspaceParam() workspaceId: string, @Query() query: PageQuery): Promise<ApprovalListResponse> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.approvals.list(workspaceId, limit, decodeIdCursor(query.cursor));
    const now = new Date();
    return toPage(
      rows,
      limit,
      (row) => ApprovalResponse.of(row, now),
      (row) => [row.id],
    );
  }

  /**
   * Approves the held call, once, by someone other than its requester (403
   * APPROVAL_SELF; 409 APPROVAL_DECIDED, 409 APPROVAL_EXPIRED), and resumes
   * the execution where it paused, as its requester: the call runs if the
   * policy is the version that held it (else it is decided again), then the
   * calls after it.
   */
  @RequirePermission('ai:approve')
  @Post(':approvalId/approve')
  @HttpCode(200)
  approve(
    @WorkspaceParam() workspaceId: string,
    @Param('approvalId', ParseIdPipe) approvalId: string,
  ): Promise<DecidedApprovalResponse> {
    return this.resumption.decide(workspaceId, approvalId, true);
  }

  /** Rejects the held call (the same rules as approving): it is denied, and the execution resumes with the calls after it. */
  @RequirePermission('ai:approve')
  @Post(':approvalId/reject')
  @HttpCode(200)
  reject(
    @WorkspaceParam() workspaceId: string,
    @Param('approvalId', ParseIdPipe) approvalId: string,
  ): Promise<DecidedApprovalResponse> {
    return this.resumption.decide(workspaceId, approvalId, false);
  }
}
