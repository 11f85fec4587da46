import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { Trim } from '@keel/platform-errors';
import { DOCUMENT_VISIBILITIES, DocumentVisibility } from '../document.entity';

export const TAG_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N} _.:/-]{0,49}$/u;
export const ROLE_KEY_PATTERN = /^[a-z][a-z0-9-]{0,39}$/;

/** The fields a document's owner sets: at upload (form fields) and with PATCH (JSON). */
export class DocumentFieldsDto {
  /** Shown in lists and search results; the file's name without its extension when left out. @example "Pricing 2027" */
  @IsOptional()
  @IsString()
  @Trim()
  @MinLength(1)
  @MaxLength(300)
  title?: string;

  /** Up to 20 tags, for filtering lists and searches. @example ["pricing", "sales"] */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Matches(TAG_PATTERN, { each: true, message: 'each tag is 1 to 50 letters, digits, spaces or _ . : / -' })
  tags?: string[];

  /** `workspace` (every member with documents:read) or `restricted` (allowedRoles, and holders of documents:restricted). @example "workspace" */
  @IsOptional()
  @IsIn(DOCUMENT_VISIBILITIES)
  visibility?: DocumentVisibility;

  /** Role keys that see a restricted document. @example ["finance"] */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Matches(ROLE_KEY_PATTERN, { each: true, message: 'each role is a role key, e.g. finance' })
  allowedRoles?: string[];
}

/** PATCH: any of the fields; the rest stay. */
export class UpdateDocumentDto extends DocumentFieldsDto {}
