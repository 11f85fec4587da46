import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, Matches } from 'class-validator';

const KEY = /^[a-z0-9][a-z0-9_.-]{0,63}$/;
const PROPERTY = /^[A-Za-z0-9_.-]{1,64}$/;

export class CreateMeterDto {
  /** The meter's key: what usage reads and plan features name it by. @example "tokens" */
  @IsString()
  @Matches(KEY, { message: 'key must be lower-case letters, digits, ".", "_" or "-", up to 64' })
  @ApiProperty({ maxLength: 64 })
  key: string;

  /** The usage event `type` it counts. @example "llm.completion" */
  @IsString()
  @Matches(PROPERTY, { message: 'eventType must be letters, digits, ".", "_" or "-", up to 64' })
  @ApiProperty({ maxLength: 64 })
  eventType: string;

  /** `sum` (of the value), `count` (of events), `max` (of the value) or `unique_count` (distinct values). @example "sum" */
  @IsIn(['sum', 'count', 'max', 'unique_count'])
  aggregation: 'sum' | 'count' | 'max' | 'unique_count';

  /** The property holding the value; the event's own `value` when omitted. @example "tokens" */
  @IsOptional()
  @IsString()
  @Matches(PROPERTY, { message: 'valueProperty must be letters, digits, ".", "_" or "-", up to 64' })
  @ApiProperty({ maxLength: 64 })
  valueProperty?: string;

  /** Properties usage can be grouped by, up to 5. @example ["model"] */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5)
  @IsString({ each: true })
  @Matches(PROPERTY, { each: true, message: 'each groupBy entry must be a property name' })
  @ApiProperty({ items: { type: 'string', maxLength: 64 } })
  groupBy?: string[];
}
