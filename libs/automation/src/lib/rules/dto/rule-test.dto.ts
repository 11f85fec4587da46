import { Type } from 'class-transformer';
import { IsInt, IsObject, IsOptional, IsString, MaxLength, Min, ValidateNested } from 'class-validator';

export class SampleEventDto {
  /** Defaults to the rule's event type. @example "project.transitioned" */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  type?: string;

  /** The event's data, as its type's schema shapes it. @example {"transition":"Submit for review","from":"In progress","to":"In review","fromCategory":"in_progress","toCategory":"in_progress","comment":null,"project":{"id":"0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a30","key":"WEB","name":"Website","description":"","state":"In review","stateCategory":"in_progress","workflowVersion":1,"version":3,"createdBy":null,"createdAt":"2026-11-29T10:00:00.000Z","updatedAt":"2026-11-29T11:00:00.000Z","archivedAt":null}} */
  @IsObject()
  data: Record<string, unknown>;

  /** How many automation hops caused it (loop protection). @example 0 */
  @IsOptional()
  @IsInt()
  @Min(0)
  depth?: number;
}

export class RuleTestDto {
  @ValidateNested()
  @Type(() => SampleEventDto)
  event: SampleEventDto;
}
