import { CopyObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { formatCanonical, type PayloadFormat, type Reject } from '@energy/core';
import type { QuarantineReason } from '../errors.js';
import type { ObjectRef } from '../types.js';

// Layout under the quarantine prefix (default `quarantine/`), mirroring the source key:
//   <prefix><key>.rejects.json  records of a file that failed validation (the rest was stored)
//   <prefix><key>.error.json    why a whole file was refused (not JSON, gone, too large)
//   <prefix><key>               a copy of a refused file that still exists
//   <prefix>notifications/<messageId>.error.json  an SQS message that was not an S3 notification

/** Quarantine object keys for one source key. */
export function quarantineKeys(
  prefix: string,
  sourceKey: string,
): { rejects: string; error: string; copy: string } {
  return {
    rejects: `${prefix}${sourceKey}.rejects.json`,
    error: `${prefix}${sourceKey}.error.json`,
    copy: `${prefix}${sourceKey}`,
  };
}

/** Body of a `.rejects.json` quarantine object. */
export type RejectsDocument = {
  /** The file the records came from. */
  source: { bucket: string; key: string };
  /** Detected payload shape. */
  format: PayloadFormat | undefined;
  /** Readings of the same file that were stored. */
  stored: number;
  /** Number of rejected records. */
  rejected: number;
  /** When this document was written. */
  quarantined_at: string;
  /** Each rejected record: position, first field/reason, every issue, and its (bounded) source text. */
  rejects: Reject[];
};

/** Body of a `.error.json` quarantine object. */
export type ErrorDocument = {
  /** The file or message refused. */
  source: { bucket: string; key?: string; messageId?: string };
  /** Reason code. */
  reason: QuarantineReason;
  /** Human-readable detail. */
  message: string;
  /** When this document was written. */
  quarantined_at: string;
  /** Key of the copy of the refused file, when it could be copied. */
  copy_key?: string;
  /** The refused SQS message body (invalid notifications only). */
  body?: string;
};

const JSON_TYPE = 'application/json';

/**
 * Writes the rejected records of a file next to its quarantine path, with enough context
 * (position, field, reason, raw text) to fix and resend them. Returns the key written.
 *
 * @example
 * await writeRejects(s3, 'quarantine/', { bucket, key }, { format: 'array', stored: 8, rejects });
 */
export async function writeRejects(
  s3: S3Client,
  prefix: string,
  ref: ObjectRef,
  details: { format: PayloadFormat | undefined; stored: number; rejects: readonly Reject[] },
  now: number = Date.now(),
): Promise<string> {
  const key = quarantineKeys(prefix, ref.key).rejects;
  const document: RejectsDocument = {
    source: { bucket: ref.bucket, key: ref.key },
    format: details.format,
    stored: details.stored,
    rejected: details.rejects.length,
    quarantined_at: formatCanonical(now),
    rejects: [...details.rejects],
  };
  await s3.send(
    new PutObjectCommand({
      Bucket: ref.bucket,
      Key: key,
      Body: JSON.stringify(document, null, 2),
      ContentType: JSON_TYPE,
    }),
  );
  return key;
}

/**
 * Quarantines a whole file: copies it (server-side, when it still exists) and writes the
 * reason beside the copy. Returns the keys written.
 *
 * @example
 * await quarantineFile(s3, 'quarantine/', { bucket, key }, 'NOT_JSON', 'payload is not JSON ...', true);
 */
export async function quarantineFile(
  s3: S3Client,
  prefix: string,
  ref: ObjectRef,
  reason: QuarantineReason,
  message: string,
  copy: boolean,
  now: number = Date.now(),
): Promise<string[]> {
  const keys = quarantineKeys(prefix, ref.key);
  const written: string[] = [];
  const document: ErrorDocument = {
    source: { bucket: ref.bucket, key: ref.key },
    reason,
    message,
    quarantined_at: formatCanonical(now),
  };
  if (copy) {
    // CopySource is "<bucket>/<key>" URL-encoded; the key may hold spaces and non-ASCII characters.
    await s3.send(
      new CopyObjectCommand({
        Bucket: ref.bucket,
        Key: keys.copy,
        CopySource: `${ref.bucket}/${ref.key.split('/').map(encodeURIComponent).join('/')}`,
      }),
    );
    document.copy_key = keys.copy;
    written.push(keys.copy);
  }
  await s3.send(
    new PutObjectCommand({
      Bucket: ref.bucket,
      Key: keys.error,
      Body: JSON.stringify(document, null, 2),
      ContentType: JSON_TYPE,
    }),
  );
  written.push(keys.error);
  return written;
}

/**
 * Keeps an SQS message that is not an S3 notification under
 * `<prefix>notifications/<messageId>.error.json` in `bucket`. Returns the key written.
 */
export async function quarantineMessage(
  s3: S3Client,
  prefix: string,
  bucket: string,
  message: { messageId: string; body: string },
  reason: QuarantineReason,
  detail: string,
  now: number = Date.now(),
): Promise<string> {
  const key = `${prefix}notifications/${message.messageId}.error.json`;
  const document: ErrorDocument = {
    source: { bucket, messageId: message.messageId },
    reason,
    message: detail,
    quarantined_at: formatCanonical(now),
    body: message.body,
  };
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: JSON.stringify(document, null, 2),
      ContentType: JSON_TYPE,
    }),
  );
  return key;
}
