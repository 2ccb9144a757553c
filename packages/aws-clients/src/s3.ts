import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { baseClientConfig } from './endpoint.js';

/**
 * An S3 client with the project defaults; path-style addressing when an
 * emulator endpoint is set (virtual-host buckets need DNS the emulator lacks).
 *
 * @example
 * const s3 = createS3Client();
 */
export function createS3Client(
  overrides: S3ClientConfig = {},
  env: NodeJS.ProcessEnv = process.env,
): S3Client {
  const base = baseClientConfig(env);
  return new S3Client({ ...base, forcePathStyle: base.endpoint !== undefined, ...overrides });
}
