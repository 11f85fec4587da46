import { DynamicModule, Global, Module } from '@nestjs/common';
import { BlobStore } from './blob-store';
import { LocalBlobStore } from './local-blob-store';
import type { StorageDriver } from './storage-config';

export interface StorageOptions {
  driver: StorageDriver;
  /** The local store's root folder. */
  dir: string;
}

/** Provides the BlobStore port everywhere, with the adapter STORAGE_DRIVER names. */
@Global()
@Module({})
export class StorageModule {
  static forRoot(options: StorageOptions): DynamicModule {
    return {
      module: StorageModule,
      providers: [{ provide: BlobStore, useFactory: (): BlobStore => new LocalBlobStore(options.dir) }],
      exports: [BlobStore],
    };
  }
}
