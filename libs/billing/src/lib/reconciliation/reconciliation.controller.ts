import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiProblem, ParseIdPipe } from '@keel/platform-errors';
import { RequirePermission, WorkspaceParam } from '@keel/tenancy';
import { MismatchResponse, ReconciliationResponse } from './dto/reconciliation.response';
import { ResolveMismatchDto } from './dto/resolve-mismatch.dto';
import { MismatchResolutions } from './mismatch-resolutions.service';

@ApiTags('billing')
@Controller('v1/workspaces/:workspaceId/billing')
export class ReconciliationController {
  constructor(private readonly resolutions: MismatchResolutions) {}

  /**
   * The workspace's latest reconciliation with the payment provider (daily,
   * or `main.js billing:reconcile`) and every mismatch it found, with both
   * sides' values: `missing_at_provider`, `missing_locally`, `status_differs`,
   * `plan_differs`, `amount_differs`. `run` is null before the first.
   */
  @RequirePermission('billing:read')
  @Get('reconciliation')
  reconciliation(@WorkspaceParam() workspaceId: string): Promise<ReconciliationResponse> {
    return this.resolutions.latest(workspaceId);
  }

  /**
   * Resolves an open mismatch: `push_local` makes the provider say what Keel
   * says, `pull_provider` makes Keel say what the provider says, `ignore`
   * accepts the difference. Audited (`billing.mismatch_resolved`) with the
   * note. 409 MISMATCH_ALREADY_RESOLVED for one resolved or superseded; 422
   * MISMATCH_ACTION_UNSUPPORTED for an action that cannot make this one good
   * (nothing is changed).
   */
  @RequirePermission('billing:manage')
  @Post('mismatches/:mismatchId/resolve')
  @HttpCode(200)
  @ApiProblem('MISMATCH_ALREADY_RESOLVED', 'The mismatch is resolved; it was not changed.', {
    mismatchStatus: 'resolved',
    resolution: 'ignore',
  })
  @ApiProblem(
    'MISMATCH_ACTION_UNSUPPORTED',
    'pull_provider cannot resolve this plan_differs of the subscription: Keel decides the plan and status; change the subscription in Keel (POST …/subscription) or push it.',
    { mismatchType: 'plan_differs', object: 'subscription', action: 'pull_provider' },
  )
  resolve(
    @WorkspaceParam() workspaceId: string,
    @Param('mismatchId', ParseIdPipe) mismatchId: string,
    @Body() body: ResolveMismatchDto,
  ): Promise<MismatchResponse> {
    return this.resolutions.resolve(workspaceId, mismatchId, body.action, body.note ?? null);
  }
}
