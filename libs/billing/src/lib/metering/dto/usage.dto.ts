import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { IsTimestamp, TakenAsSent, Trim } from '@keel/platform-errors';

/** One usage event; each is checked on its own (see `rejected`), so the envelope does not validate them. */
export class UsageEventInput {
  /** The client's id: the idempotency key (a repeat within 35 days is a duplicate). @example "evt_01J9" */
  @ApiProperty({ maxLength: 128 })
  id: string;
  /** The event type meters count. @example "llm.completion" */
  @ApiProperty({ maxLength: 64 })
  type: string;
  /** RFC 3339, within the last 35 days and at most 5 minutes ahead. @example "2026-12-07T10:00:00Z" */
  @ApiProperty({ format: 'date-time', maxLength: 35 })
  timestamp: string;
  /** @example 1200 */
  value?: number;
  /** @example {"model":"small","tokens":1200} */
  properties?: Record<string, unknown>;
}

export class UsageEventsDto {
  /**
   * 1 to 1,000 events `{id, type, timestamp, value?, properties?}`. Each is
   * checked on its own: one bad event is listed in `rejected` and the rest
   * are counted. @example [{"id":"evt_1","type":"llm.completion","timestamp":"2026-12-07T10:00:00Z","value":1200,"properties":{"model":"small"}}]
   */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @IsObject({ each: true })
  @TakenAsSent()
  events: UsageEventInput[];
}

export class RejectedUsageEvent {
  /** The event's position in `events`. @example 3 */
  index: number;
  /** `INVALID_EVENT`, `TIMESTAMP_TOO_OLD`, `TIMESTAMP_IN_FUTURE`, `PERIOD_CLOSED` or `ENTITLEMENT_EXCEEDED`. @example "TIMESTAMP_TOO_OLD" */
  code: string;
  /** @example "timestamp is more than 35 days old" */
  message: string;
}

export class UsageEventsResponse {
  /** New events counted. @example 998 */
  accepted: number;
  /** Events whose id this workspace already reported (counted once). @example 1 */
  duplicates: number;
  rejected: RejectedUsageEvent[];
}

export class UsageQuery {
  /** A meter key, or `api_requests`. @example "api_requests" */
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  meter: string;

  /** Start (inclusive); the current billing period's start when omitted. @example "2026-12-01T00:00:00Z" */
  @IsOptional()
  @IsTimestamp()
  from?: string;

  /** End (exclusive); the current billing period's end when omitted. @example "2027-01-01T00:00:00Z" */
  @IsOptional()
  @IsTimestamp()
  to?: string;

  /** @example "day" */
  @IsOptional()
  @IsIn(['hour', 'day', 'month'])
  granularity?: 'hour' | 'day' | 'month';

  /** One of the meter's `groupBy` properties. */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  groupBy?: string;
}

export class UsagePoint {
  /** The period's start (UTC). @example "2026-12-07T00:00:00.000Z" */
  start: string;
  /** The `groupBy` property's value, null without grouping (or where the event lacked it). @example "small" */
  group: string | null;
  /** @example 120000 */
  value: number;
}

export class UsageSeriesResponse {
  /** @example "tokens" */
  meter: string;
  /** @example "sum" */
  aggregation: string;
  /** @example "day" */
  granularity: string;
  /** @example "2026-12-01T00:00:00.000Z" */
  from: string;
  /** @example "2027-01-01T00:00:00.000Z" */
  to: string;
  /** @example "model" */
  groupBy: string | null;
  data: UsagePoint[];
}

export class UsageAdjustmentDto {
  /** A meter key whose aggregation is `sum` or `count`, or `api_requests`. @example "api_requests" */
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  meter: string;

  /** A time in the period (hour) the correction belongs to. @example "2026-12-07T10:00:00Z" */
  @IsTimestamp()
  period: string;

  /** Added to the usage; negative to take away. @example -1200 */
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  delta: number;

  /** @example "Refund for the outage of 7 December" */
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  @Matches(/\S/)
  reason: string;
}

export class UsageAdjustmentResponse {
  /** @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a92" */
  id: string;
  /** @example "tokens" */
  meter: string;
  /** The hour it was added to. @example "2026-12-07T10:00:00.000Z" */
  period: string;
  /** @example -1200 */
  delta: number;
  /** @example "Refund for the outage of 7 December" */
  reason: string;
  /** @example "2026-12-07T11:00:00.000Z" */
  createdAt: string;
}
