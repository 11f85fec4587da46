import { IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQuery } from '@keel/platform-database';

export class EventQuery extends PageQuery {
  /** Only events of this type. @example "project.transitioned" */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  type?: string;
}
