import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageQuery } from '@keel/platform-database';
import { DOCUMENT_STATUSES, DocumentStatus } from '../document.entity';
import { TAG_PATTERN } from './document-fields';

export class DocumentQuery extends PageQuery {
  /** Only documents in this status. @example "failed" */
  @IsOptional()
  @IsIn(DOCUMENT_STATUSES)
  status?: DocumentStatus;

  /** Only documents with this tag. @example "pricing" */
  @IsOptional()
  @IsString()
  @Matches(TAG_PATTERN, { message: 'tag is 1 to 50 letters, digits, spaces or _ . : / -' })
  @ApiProperty({ maxLength: 50 })
  tag?: string;

  /** Only documents whose title contains this (any case). @example "pricing" */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}
