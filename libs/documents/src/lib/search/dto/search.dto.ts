import { ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { DOCUMENT_MEDIA_TYPES } from '../../documents/media-types';
import { TAG_PATTERN } from '../../documents/dto/document-fields';

const toList = ({ value }: { value: unknown }) =>
  (Array.isArray(value) ? value : typeof value === 'string' ? [value] : [])
    .flatMap((item: unknown) => String(item).split(','))
    .map((item: string) => item.trim())
    .filter((item: string) => item.length > 0);

export class SearchQuery {
  /** Words, "quoted phrases", -excluded words, `or` between alternatives (docs/documents.md). @example "enterprise pricing -draft" */
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  q: string;

  /** Only chunks of documents with one of these tags (comma-separated or repeated). */
  @ApiProperty({ type: 'array', items: { type: 'string', maxLength: 50 }, example: ['pricing', 'sales'] })
  @IsOptional()
  @Transform(toList)
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(TAG_PATTERN, { each: true, message: 'each tag is 1 to 50 letters, digits, spaces or _ . : / -' })
  tags?: string[];

  /** Only chunks of documents of these media types (comma-separated or repeated). */
  @ApiProperty({
    type: [String],
    items: { type: 'string', enum: [...DOCUMENT_MEDIA_TYPES] },
    example: ['application/pdf'],
  })
  @IsOptional()
  @Transform(toList)
  @IsArray()
  @ArrayMaxSize(8)
  @IsIn(DOCUMENT_MEDIA_TYPES, { each: true })
  mediaType?: string[];

  /** How many hits at most, 1 to 50. @example 10 */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(50)
  limit?: number;
}

export class RetrieveDto {
  /** What to find passages for, in the same query language as search. @example "What does the enterprise plan cost?" */
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  query: string;

  /** How many chunks at most, 1 to 50. @example 8 */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(50)
  k?: number;

  /** Only chunks of documents with one of these tags. @example ["pricing"] */
  @ApiProperty({ items: { type: 'string', maxLength: 50 } })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Matches(TAG_PATTERN, { each: true, message: 'each tag is 1 to 50 letters, digits, spaces or _ . : / -' })
  tags?: string[];
}
