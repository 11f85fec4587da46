import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, Matches, MinLength, ValidateIf } from 'class-validator';
import { ConfigSection, EnvVar, toBoolean } from '@keel/platform-config';

export const STORAGE_DRIVERS = ['local', 's3'] as const;
export type StorageDriver = (typeof STORAGE_DRIVERS)[number];

const usesS3 = (config: StorageConfig) => config.STORAGE_DRIVER === 's3';

/** The blob store: where uploaded files (documents, …) are kept. */
@ConfigSection('Storage')
export class StorageConfig {
  @EnvVar({
    type: 'enum',
    values: STORAGE_DRIVERS,
    description:
      'Blob store adapter: local (files under STORAGE_DIR, a sandboxed folder) or s3 (a bucket of any S3-compatible store: S3_BUCKET, S3_ENDPOINT, credentials).',
  })
  @IsIn(STORAGE_DRIVERS)
  STORAGE_DRIVER: StorageDriver = 'local';

  @EnvVar({
    type: 'string',
    description:
      'Folder of the local blob store. Unset: storage beside EMBEDDED_PG_DIR (.data/storage). Keys are generated ids; nothing outside this folder is ever read or written.',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  STORAGE_DIR?: string;

  @EnvVar({ type: 'string', description: 'Bucket of the s3 blob store; required with STORAGE_DRIVER=s3.' })
  @ValidateIf(usesS3)
  @Matches(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: 'must be an S3 bucket name' })
  S3_BUCKET?: string;

  @EnvVar({
    type: 'url',
    description: 'Endpoint of an S3-compatible store (MinIO, Ceph, R2, …), e.g. http://127.0.0.1:9000. Unset: AWS S3.',
  })
  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'must be an http:// or https:// URL' })
  S3_ENDPOINT?: string;

  @EnvVar({ type: 'string', description: 'Region of the s3 blob store.' })
  @IsString()
  @MinLength(1)
  S3_REGION = 'us-east-1';

  @EnvVar({
    type: 'string',
    description:
      'Access key id of the s3 blob store; unset: the AWS SDK finds credentials itself (environment, profile, instance role).',
  })
  @IsOptional()
  @IsString()
  S3_ACCESS_KEY_ID?: string;

  @EnvVar({
    type: 'string',
    secret: true,
    description: 'Secret access key of the s3 blob store (with S3_ACCESS_KEY_ID).',
  })
  @IsOptional()
  @IsString()
  S3_SECRET_ACCESS_KEY?: string;

  @EnvVar({
    type: 'boolean',
    description:
      'Path-style addressing (endpoint/bucket/key), what most S3-compatible stores need. Unset: on when S3_ENDPOINT is set.',
  })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  S3_FORCE_PATH_STYLE?: boolean;
}
