import { Body, Controller, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ActorContext } from '@keel/identity';
import { RetentionPolicies, RetentionSetting } from '@keel/platform-database';
import { AdminRoute } from '../platform-admins/admin-route.decorator';
import {
  RetentionDryRunResponse,
  RetentionPolicyResponse,
  RetentionResponse,
  UpdateRetentionDto,
} from './retention.dto';

const policyOf = (setting: RetentionSetting): RetentionPolicyResponse => ({ ...setting });

@ApiTags('admin')
@Controller('v1/admin/retention')
export class AdminRetentionController {
  constructor(
    private readonly retention: RetentionPolicies,
    private readonly actors: ActorContext,
  ) {}

  /**
   * How long the platform keeps what it prunes daily — finished job runs,
   * relayed events, their deliveries, audit events — each with its default
   * and its minimum. Platform admins only.
   */
  @Get()
  @AdminRoute('retention.get')
  async get(): Promise<RetentionResponse> {
    return { policies: (await this.retention.settings()).map(policyOf) };
  }

  /**
   * Sets the days of the rules named (the next daily run applies them, in
   * every process). Audited. Platform admins only.
   */
  @Put()
  @AdminRoute('retention.update')
  async update(@Body() body: UpdateRetentionDto): Promise<RetentionResponse> {
    const settings = await this.retention.set(body.days, `user:${this.actors.user.userId}`);
    return { policies: settings.map(policyOf) };
  }

  /** What the next run would delete, per rule, deleting nothing. Platform admins only. */
  @Post('dry-run')
  @HttpCode(200)
  @AdminRoute('retention.dry-run')
  async dryRun(): Promise<RetentionDryRunResponse> {
    const counts = await this.retention.expiredCounts();
    return { tables: counts.map(({ key, days, rows }) => ({ key, days, wouldDelete: rows })) };
  }
}
