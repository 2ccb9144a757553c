import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';

/**
 * Writes one tick's file to S3 (the adapter: the simulation itself knows nothing of AWS).
 * Returns the bytes written.
 *
 * @example
 * await writeTickFile(s3, { bucket: 'energy-dev-raw', key, body });
 */
export async function writeTickFile(
  s3: S3Client,
  file: { bucket: string; key: string; body: string },
): Promise<number> {
  const bytes = Buffer.byteLength(file.body, 'utf8');
  await s3.send(
    new PutObjectCommand({
      Bucket: file.bucket,
      Key: file.key,
      Body: file.body,
      ContentType: 'application/json',
      ContentLength: bytes,
    }),
  );
  return bytes;
}
