import { ApiProperty } from '@nestjs/swagger';
import { IsObject } from 'class-validator';

export class RetentionPolicyResponse {
  /** The rule's name, as PUT sets it. @example "job_runs" */
  key: string;
  /** What goes once it is old enough. @example "Finished job runs (succeeded, failed, cancelled) and their progress trail, by when they finished." */
  description: string;
  /** Days kept now. @example 30 */
  days: number;
  /** Days kept while no operator has set it (the context's configuration). @example 30 */
  defaultDays: number;
  /** The fewest days it may be set to. @example 1 */
  minimumDays: number;
  /** When an operator last set it; null while it is at its default. @example "2026-12-07T10:00:00.000Z" */
  updatedAt: Date | null;
  /** Who set it (`user:<id>`); null while it is at its default. @example "user:0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a11" */
  updatedBy: string | null;
}

export class RetentionResponse {
  policies: RetentionPolicyResponse[];
}

export class UpdateRetentionDto {
  /**
   * Days to keep, by rule key; rules not named keep theirs. All are set or
   * none: an unknown rule is 422 RETENTION_RULE_UNKNOWN, fewer days than a
   * rule's minimum (or more than 36,500) 422 RETENTION_BELOW_MINIMUM.
   */
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer', format: 'int32', minimum: 1, maximum: 36500 },
    example: { job_runs: 60, audit_events: 730 },
  })
  @IsObject()
  days: Record<string, number>;
}

export class RetentionDryRunEntry {
  /** @example "job_runs" */
  key: string;
  /** Days kept now. @example 30 */
  days: number;
  /** Rows the next run would delete. @example 1200 */
  wouldDelete: number;
}

export class RetentionDryRunResponse {
  /** Every rule, with what its next run would delete; nothing is deleted. */
  tables: RetentionDryRunEntry[];
}
