import { Controller, Get, HttpCode, Param, Post, StreamableFile } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ActorContext } from '@keel/identity';
import { ApiProblem, ParseIdPipe } from '@keel/platform-errors';
import { RequirePermission, WorkspaceParam, WorkspaceScope } from '@keel/tenancy';
import { PlatformAuditLog } from '../platform-audit/platform-audit-log.service';
import { BUNDLE_MEDIA_TYPE } from './bundle-format';
import { WorkspaceExportResponse } from './dto/workspace-export.response';
import { WorkspaceExports } from './workspace-exports.service';

/**
 * A workspace's exports: the whole workspace as a bundle (docs/admin.md,
 * "Export and import bundles"), for its owner — the permission
 * `workspace:export` comes with ownership alone — or a platform admin, who
 * need not be a member (each such request is written to the platform audit
 * log).
 */
@ApiTags('workspaces')
@Controller('v1/workspaces/:workspaceId/exports')
export class WorkspaceExportsController {
  constructor(
    private readonly exports: WorkspaceExports,
    private readonly scope: WorkspaceScope,
    private readonly actors: ActorContext,
    private readonly platformAudit: PlatformAuditLog,
  ) {}

  /** A platform admin who is no member (no role here) leaves an entry in the platform audit log. */
  private async auditAdmin(action: string, workspaceId: string, data: Record<string, unknown>): Promise<void> {
    if (this.actors.optional?.kind !== 'user' || this.scope.current.role !== undefined) return;
    await this.platformAudit.record({ action, target: { type: 'workspace', id: workspaceId }, data });
  }

  /**
   * Starts an export: 202 with the export, written by a job run (its
   * progress at `GET …/jobs/{jobId}`) into a bundle — a gzipped tar with
   * manifest.json (format `keel-bundle`, version, counts, each file's
   * SHA-256) and one JSON Lines file per table: members (emails and role
   * keys), roles, workflow versions, projects, comments, activity,
   * automations, webhook endpoints (never their secrets), gates, documents
   * and their bytes. Owners, and platform admins.
   */
  @RequirePermission('workspace:export', { platformAdmins: true })
  @Post()
  @HttpCode(202)
  @ApiAcceptedResponse({ type: WorkspaceExportResponse })
  async start(@WorkspaceParam() workspaceId: string): Promise<WorkspaceExportResponse> {
    const started = await this.exports.start(workspaceId);
    await this.auditAdmin('workspaces.export', workspaceId, { status: 202, exportId: started.id });
    return WorkspaceExportResponse.of(started);
  }

  /** An export: its status, and once it succeeded its SHA-256, size and counts. Owners, and platform admins. */
  @RequirePermission('workspace:export', { platformAdmins: true })
  @Get(':exportId')
  @ApiOkResponse({ type: WorkspaceExportResponse })
  async get(
    @WorkspaceParam() workspaceId: string,
    @Param('exportId', ParseIdPipe) exportId: string,
  ): Promise<WorkspaceExportResponse> {
    return WorkspaceExportResponse.of(await this.exports.get(workspaceId, exportId));
  }

  /** The bundle of a succeeded export, as an attachment (`application/gzip`). Owners, and platform admins. */
  @RequirePermission('workspace:export', { platformAdmins: true })
  @Get(':exportId/download')
  @ApiProduces(BUNDLE_MEDIA_TYPE)
  @ApiOkResponse({ description: 'The bundle: a gzipped tar.', schema: { type: 'string', format: 'binary' } })
  @ApiProblem('CONFLICT', 'The export is running; download it once it has succeeded.')
  async download(
    @WorkspaceParam() workspaceId: string,
    @Param('exportId', ParseIdPipe) exportId: string,
  ): Promise<StreamableFile> {
    const { row, stream } = await this.exports.archive(workspaceId, exportId);
    await this.auditAdmin('workspaces.export.download', workspaceId, { status: 200, exportId });
    const day = (row.finishedAt ?? row.createdAt).toISOString().slice(0, 10);
    return new StreamableFile(stream, {
      type: BUNDLE_MEDIA_TYPE,
      length: Number(row.sizeBytes),
      disposition: `attachment; filename="keel-bundle-${workspaceId}-${day}.tar.gz"`,
    });
  }
}
