import { ConfigInvalidError, loadConfig } from '@keel/platform-config';
import { StorageConfig } from './storage-config';

const storageConfig = (env: NodeJS.ProcessEnv) => loadConfig(env, [StorageConfig]).get(StorageConfig);

function problemsOf(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env, [StorageConfig]);
  } catch (error) {
    if (error instanceof ConfigInvalidError) return JSON.stringify(error.problems);
    throw error;
  }
  return '';
}

describe('storage configuration', () => {
  it('should default to the local store, beside the embedded database', () => {
    const config = storageConfig({});
    expect(config.STORAGE_DRIVER).toBe('local');
    expect(config.STORAGE_DIR).toBeUndefined();
  });

  it('should take an s3 store with its bucket, endpoint and path-style addressing', () => {
    const config = storageConfig({
      STORAGE_DRIVER: 's3',
      S3_BUCKET: 'keel-blobs',
      S3_ENDPOINT: 'http://127.0.0.1:9000',
      S3_FORCE_PATH_STYLE: 'true',
    });
    expect(config).toMatchObject({ STORAGE_DRIVER: 's3', S3_BUCKET: 'keel-blobs', S3_FORCE_PATH_STYLE: true });
  });

  it('should refuse the s3 store without a bucket, and an unknown driver', () => {
    expect(problemsOf({ STORAGE_DRIVER: 's3' })).toContain('S3_BUCKET');
    expect(problemsOf({ STORAGE_DRIVER: 'ftp' })).toContain('STORAGE_DRIVER');
    expect(problemsOf({ STORAGE_DRIVER: 's3', S3_BUCKET: 'Bad_Bucket' })).toContain('S3_BUCKET');
  });
});
