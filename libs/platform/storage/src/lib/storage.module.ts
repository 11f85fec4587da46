import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { BlobStore } from './blob-store';
import { LocalBlobStore } from './local-blob-store';
import { S3BlobStore, S3BlobStoreOptions } from './s3-blob-store';
import type { StorageDriver } from './storage-config';

export interface StorageOptions {
  driver: StorageDriver;
  /** The local store's root folder. */
  dir: string;
  /** The s3 store's bucket and connection, when `driver` is s3. */
  s3?: S3BlobStoreOptions;
}

function storeFor(options: StorageOptions): BlobStore {
  if (options.driver === 's3') {
    if (!options.s3) throw new Error('STORAGE_DRIVER=s3 needs S3_BUCKET.');
    return new S3BlobStore(options.s3);
  }
  return new LocalBlobStore(options.dir);
}

/** Closes the s3 client's sockets on shutdown. */
class StorageShutdown implements OnApplicationShutdown {
  constructor(@Inject(BlobStore) private readonly store: BlobStore) {}

  onApplicationShutdown(): void {
    if (this.store instanceof S3BlobStore) this.store.destroy();
  }
}

/** Provides the BlobStore port everywhere, with the adapter STORAGE_DRIVER names. */
@Global()
@Module({})
export class StorageModule {
  static forRoot(options: StorageOptions): DynamicModule {
    return {
      module: StorageModule,
      providers: [{ provide: BlobStore, useFactory: (): BlobStore => storeFor(options) }, StorageShutdown],
      exports: [BlobStore],
    };
  }
}
