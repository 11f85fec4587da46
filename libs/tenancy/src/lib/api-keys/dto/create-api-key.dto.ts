import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { IsTimestamp, Trim } from '@keel/platform-errors';

export class CreateApiKeyDto {
  /** @example "CI pipeline" */
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  /** Permissions the key may use: from the catalog, and only ones the creator holds. @example ["members:read"] */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  scopes: string[];

  /** When the key stops working; it never expires when omitted. @example "2030-01-01T00:00:00.000Z" */
  @IsOptional()
  @IsTimestamp()
  expiresAt?: string;
}
