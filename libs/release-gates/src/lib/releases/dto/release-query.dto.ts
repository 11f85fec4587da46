import { IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQuery } from '@keel/platform-database';

export class ReleaseQuery extends PageQuery {
  /** Only the releases of this product. @example "keel-api" */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  product?: string;
}
