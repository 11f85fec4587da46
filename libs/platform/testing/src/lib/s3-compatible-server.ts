import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The part of s3rver (no type declarations of its own) the suites use. */
interface S3rver {
  run(): Promise<{ port: number }>;
  close(): Promise<void>;
}

export interface S3CompatibleServer {
  /** `http://127.0.0.1:<port>`, for S3_ENDPOINT or an S3Client (path-style addressing). */
  endpoint: string;
  bucket: string;
  /** s3rver accepts any credentials; these are what the suites pass. */
  accessKeyId: string;
  close(): Promise<void>;
}

/**
 * A local S3-compatible server (s3rver) on a free loopback port, its objects
 * under a temporary folder removed on close, with one bucket made.
 */
export async function startS3CompatibleServer(bucket: string): Promise<S3CompatibleServer> {
  const S3rverServer = require('s3rver') as new (options: Record<string, unknown>) => S3rver;
  const folder = mkdtempSync(join(tmpdir(), 'keel-s3rver-'));
  const server = new S3rverServer({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: folder,
    configureBuckets: [{ name: bucket, configs: [] }],
  });
  const { port } = await server.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    accessKeyId: 'S3RVER',
    close: async () => {
      await server.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
