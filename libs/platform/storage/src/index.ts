export { BlobStore } from './lib/blob-store';
export type { StoredBlob, PutBlobOptions } from './lib/blob-store';
export { BlobKeyError, BlobNotFoundError, BlobTooLargeError } from './lib/blob-errors';
export { checkBlobKey, generateBlobKey } from './lib/blob-key';
export { LocalBlobStore } from './lib/local-blob-store';
export { StorageConfig, STORAGE_DRIVERS } from './lib/storage-config';
export type { StorageDriver } from './lib/storage-config';
export { StorageModule } from './lib/storage.module';
export type { StorageOptions } from './lib/storage.module';
