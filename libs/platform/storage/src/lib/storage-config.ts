import { IsIn, IsOptional, IsString, MinLength } from 'class-validator';
import { ConfigSection, EnvVar } from '@keel/platform-config';

export const STORAGE_DRIVERS = ['local'] as const;
export type StorageDriver = (typeof STORAGE_DRIVERS)[number];

/** The blob store: where uploaded files (documents, …) are kept. */
@ConfigSection('Storage')
export class StorageConfig {
  @EnvVar({
    type: 'enum',
    values: STORAGE_DRIVERS,
    description: 'Blob store adapter: local (files under STORAGE_DIR, a sandboxed folder).',
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
}
