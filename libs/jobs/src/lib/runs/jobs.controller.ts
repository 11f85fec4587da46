import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { DEFAULT_PAGE_SIZE, decodeIdCursor, PageQuery, toPage } from '@keel/platform-database';
import { ParseIdPipe } from '@keel/platform-errors';
import { RequirePermission, WorkspaceParam } from '@keel/tenancy';
import { JobRunEventListResponse, JobRunEventResponse } from './dto/job-run-event.response';
import { JobRunQuery } from './dto/job-run-query.dto';
import { JobRunListResponse, JobRunResponse } from './dto/job-run.response';
import { JobRunsService } from './job-runs.service';

@ApiTags('jobs')
@Controller('v1/workspaces/:workspaceId/jobs')
export class JobsController {
  constructor(private readonly runs: JobRunsService) {}

  /** The workspace's job runs, newest first; filter by status and type. */
  @RequirePermission('jobs:read')
  @Get()
  async list(@WorkspaceParam() workspaceId: string, @Query() query: JobRunQuery): Promise<JobRunListResponse> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const runs = await this.runs.list(workspaceId, query, limit, decodeIdCursor(query.cursor));
    return toPage(runs, limit, JobRunResponse.of, (run) => [run.id]);
  }

  /** One run: status, progress, attempts, last error, and whether a cancel was asked for and acknowledged. */
  @RequirePermission('jobs:read')
  @Get(':jobId')
  async get(
    @WorkspaceParam() workspaceId: string,
    @Param('jobId', ParseIdPipe) jobId: string,
  ): Promise<JobRunResponse> {
    return JobRunResponse.of(await this.runs.get(workspaceId, jobId));
  }

  /** The run's trail, oldest first: status changes, progress, checkpoints, errors, cancel requests. */
  @RequirePermission('jobs:read')
  @Get(':jobId/events')
  async events(
    @WorkspaceParam() workspaceId: string,
    @Param('jobId', ParseIdPipe) jobId: string,
    @Query() query: PageQuery,
  ): Promise<JobRunEventListResponse> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const events = await this.runs.events(workspaceId, jobId, limit, decodeIdCursor(query.cursor));
    return toPage(events, limit, JobRunEventResponse.of, (event) => [event.id]);
  }

  /**
   * Cancels the run: a queued one never starts (answered `cancelled`); a
   * running one is signalled and answered with `cancelRequestedAt` — poll it
   * until `cancelled`, with `cancelAcknowledgedAt` once the worker stopped.
   * 409 JOB_FINISHED when it already succeeded or failed.
   */
  @RequirePermission('jobs:manage')
  @Post(':jobId/cancel')
  @HttpCode(202)
  async cancel(
    @WorkspaceParam() workspaceId: string,
    @Param('jobId', ParseIdPipe) jobId: string,
  ): Promise<JobRunResponse> {
    return JobRunResponse.of(await this.runs.cancel(workspaceId, jobId));
  }

  /** Runs a failed job again, from its last checkpoint. 409 JOB_NOT_FAILED otherwise. */
  @RequirePermission('jobs:manage')
  @Post(':jobId/retry')
  @HttpCode(202)
  async retry(
    @WorkspaceParam() workspaceId: string,
    @Param('jobId', ParseIdPipe) jobId: string,
  ): Promise<JobRunResponse> {
    return JobRunResponse.of(await this.runs.retry(workspaceId, jobId));
  }
}
