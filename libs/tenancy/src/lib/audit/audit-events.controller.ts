import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  AuditChainVerificationResponse,
  AuditChainVerifier,
  AuditEventListResponse,
  AuditEventResponse,
  AuditLog,
} from '@keel/identity';
import { DEFAULT_PAGE_SIZE, decodeIdCursor, toPage, TrailQuery } from '@keel/platform-database';
import { RequirePermission } from '../workspace-scope/require-permission.decorator';
import { WorkspaceParam } from '../workspace-scope/workspace-param.decorator';

@ApiTags('audit')
@Controller('v1/workspaces/:workspaceId/audit-events')
export class AuditEventsController {
  constructor(
    private readonly audit: AuditLog,
    private readonly verifier: AuditChainVerifier,
  ) {}

  /** The workspace's audit trail, newest first; filter by action, actor and time range. */
  @RequirePermission('audit:read')
  @Get()
  async list(@WorkspaceParam() workspaceId: string, @Query() query: TrailQuery): Promise<AuditEventListResponse> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const events = await this.audit.listInWorkspace(
      workspaceId,
      TrailQuery.filterOf(query),
      limit,
      decodeIdCursor(query.cursor),
    );
    return toPage(events, limit, AuditEventResponse.of, (event) => [event.id]);
  }

  /**
   * Verifies the workspace's hash-chained trail: from the oldest kept event,
   * each links to the one before it and hashes to what was stored, and the
   * latest signed anchor still matches (docs/security.md, "The audit chain").
   * `firstBrokenAt` is the first sequence number found missing or altered.
   */
  @RequirePermission('audit:read')
  @Get('verify')
  async verify(@WorkspaceParam() workspaceId: string): Promise<AuditChainVerificationResponse> {
    return AuditChainVerificationResponse.of(await this.verifier.verifyWorkspace(workspaceId));
  }
}
