import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Matches } from 'class-validator';

export class ChangeSubscriptionDto {
  /** The key of a plan of the catalog (`GET /v1/plans`). @example "business" */
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9_-]{0,47}$/)
  @ApiProperty({ maxLength: 48 })
  plan: string;

  /** `month` or `year`; the current interval when omitted. A new interval starts with the next period. @example "month" */
  @IsOptional()
  @IsIn(['month', 'year'])
  interval?: 'month' | 'year';
}

export class CancelSubscriptionDto {
  /** true: the subscription ends with the current period; false: now (no refund of the period's unused time). @example true */
  @IsBoolean()
  atPeriodEnd: boolean;
}
