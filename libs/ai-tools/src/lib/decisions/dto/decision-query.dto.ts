import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQuery } from '@keel/platform-database';

export class DecisionQuery extends PageQuery {
  /** Only decisions on this tool. @example "projects.transition" */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  tool?: string;

  /** Only this effect. @example "forbid" */
  @IsOptional()
  @IsIn(['permit', 'forbid', 'require_approval', 'deny'])
  effect?: string;

  /** Only the decisions of this execution. @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2c00" */
  @IsOptional()
  @IsUUID()
  execution?: string;
}
