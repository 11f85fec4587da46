import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { DEFAULT_PAGE_SIZE, decodeIdCursor } from '@keel/platform-database';
import { ParseIdPipe } from '@keel/platform-errors';
import { AdminRoute } from '../platform-admins/admin-route.decorator';
import {
  AdminJobListResponse,
  AdminJobQuery,
  AdminJobResponse,
  PruneJobsDto,
  PruneJobsResponse,
} from './dto/admin-job.dto';
import { AdminJobs } from './admin-jobs.service';

@ApiTags('admin')
@Controller('v1/admin/jobs')
export class AdminJobsController {
  constructor(private readonly jobs: AdminJobs) {}

  /** Job runs of every workspace, newest first, filtered by status, type and workspace. Platform admins only. */
  @Get()
  @AdminRoute('jobs.list')
  list(@Query() query: AdminJobQuery): Promise<AdminJobListResponse> {
    return this.jobs.list(
      { status: query.status, type: query.type, workspaceId: query.workspaceId },
      query.limit ?? DEFAULT_PAGE_SIZE,
      decodeIdCursor(query.cursor),
    );
  }

  /**
   * Cancels a run of any workspace, as its members can: a queued one never
   * starts, a running one is asked to stop; a finished one is 409
   * JOB_FINISHED. Platform admins only.
   */
  @Post(':jobId/cancel')
  @HttpCode(202)
  @AdminRoute('jobs.cancel')
  cancel(@Param('jobId', ParseIdPipe) jobId: string): Promise<AdminJobResponse> {
    return this.jobs.cancel(jobId);
  }

  /** Gives a failed run of any workspace a new round of attempts; anything else is 409 JOB_NOT_FAILED. Platform admins only. */
  @Post(':jobId/retry')
  @HttpCode(202)
  @AdminRoute('jobs.retry')
  retry(@Param('jobId', ParseIdPipe) jobId: string): Promise<AdminJobResponse> {
    return this.jobs.retry(jobId);
  }

  /**
   * Deletes finished runs (and their trails) that ended more than
   * `olderThanDays` ago, of one `status` or all; `dryRun` only counts them.
   * Platform admins only.
   */
  @Post('prune')
  @HttpCode(200)
  @AdminRoute('jobs.prune')
  async prune(@Body() body: PruneJobsDto): Promise<PruneJobsResponse> {
    const dryRun = body.dryRun ?? false;
    return { dryRun, jobRuns: await this.jobs.prune(body.olderThanDays, body.status, dryRun) };
  }
}
