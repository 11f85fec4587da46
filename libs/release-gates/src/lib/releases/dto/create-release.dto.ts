import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { Trim } from '@keel/platform-errors';

export class ReleaseArtifactDto {
  /** The OS/architecture the artifact runs on. @example "linux/amd64" */
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9._-]*\/[a-z0-9][a-z0-9._-]*(\/[a-z0-9][a-z0-9._-]*)?$/, {
    message: 'platform must look like os/arch, e.g. linux/amd64',
  })
  @MaxLength(64)
  platform: string;

  /** The artifact's content digest (an image digest, a file's SHA-256). @example "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08" */
  @IsString()
  @Matches(/^sha256:[0-9a-f]{64}$/, { message: 'digest must be sha256: followed by 64 lower-case hex digits' })
  @ApiProperty({ maxLength: 71 })
  digest: string;
}

export class CreateReleaseDto {
  /** The product the release is of; versions are unique per product. @example "keel-api" */
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/, { message: 'product must be letters, digits, ".", "_", "/" and "-"' })
  product: string;

  /** @example "1.4.0-rc.1" */
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  version: string;

  /** The commit the release was built from. @example "3f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39" */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  commit?: string;

  /** 1–32 artifacts, each a platform and the digest of what was built for it. */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(32)
  @ValidateNested({ each: true })
  @Type(() => ReleaseArtifactDto)
  artifacts: ReleaseArtifactDto[];
}
