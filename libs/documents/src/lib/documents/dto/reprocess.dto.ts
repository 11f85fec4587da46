import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsUUID } from 'class-validator';

export class ReprocessDocumentsDto {
  /** Which documents to queue again: those `failed` or those `dead`. @example "dead" */
  @IsIn(['failed', 'dead'])
  status: 'failed' | 'dead';

  /** Only these of them; all of them in that status when left out. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsUUID('all', { each: true })
  ids?: string[];
}
