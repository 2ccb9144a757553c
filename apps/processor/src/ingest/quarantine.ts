import { CopyObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { formatCanonical, type PayloadFormat, type Reject } from '@energy/core';
import type { QuarantineReason } from '../errors.js';
import type { ObjectRef } from '../types.js';

// Layout under the quarantine prefix (default `quarantine/`): one folder per source version,
// `<prefix><key>@<version>/`, where <version> is the S3 version id (else the eTag). A version
// id or eTag never holds "@" or "/", so no two sources share a folder, a re-upload writes a
// new folder instead of replacing the earlier documents, and a source key that itself ends
// in `.error.json` cannot collide with another file's error document.
//   <folder>/segment-<k>.rejects.json  rejected records of segment k (its valid ones are stored)
//   <folder>/error.json                why the whole file was refused (not JSON, gone, too large)
//   <folder>/object                    a copy of a refused file that still exists
//   <prefix>notifications/<messageId>.error.json  an SQS message that was not an S3 notification

/** Version label of a quarantine folder when neither a version id nor an eTag is known. */
const UNKNOWN_VERSION = 'unknown-version';

/** The label of a version in quarantine keys: version id, else eTag, else sequencer. */
function versionLabel(ref: Pick<ObjectRef, 'versionId' | 'eTag' | 'sequencer'>): string {
  return ref.versionId ?? ref.eTag ?? ref.sequencer ?? UNKNOWN_VERSION;
}

/** Quarantine object keys for one source version. */
export function quarantineKeys(
  prefix: string,
  ref: Pick<ObjectRef, 'key' | 'versionId' | 'eTag' | 'sequencer'>,
): { folder: string; rejects: (segment: number) => string; error: string; copy: string } {
  const folder = `${prefix}${ref.key}@${versionLabel(ref)}/`;
  return {
    folder,
    rejects: (segment) => `${folder}segment-${segment}.rejects.json`,
    error: `${folder}error.json`,
    copy: `${folder}object`,
  };
}

/** Body of a `segment-<k>.rejects.json` quarantine object. */
type RejectsDocument = {
  /** The file the records came from. */
  source: { bucket: string; key: string; versionId?: string; eTag?: string };
  /** The segment (records k·N to (k+1)·N - 1 of the file) these rejects belong to. */
  segment: number;
  /** Detected payload shape. */
  format: PayloadFormat | undefined;
  /** Readings of the same segment that were stored. */
  stored: number;
  /** Number of rejected records. */
  rejected: number;
  /** When this document was written. */
  quarantined_at: string;
  /** Each rejected record: position, first field/reason, every issue, and its (bounded) source text. */
  rejects: Reject[];
};

/** Body of an `error.json` quarantine object. */
type ErrorDocument = {
  /** The file or message refused. */
  source: { bucket: string; key?: string; versionId?: string; eTag?: string; messageId?: string };
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

function sourceOf(ref: ObjectRef): RejectsDocument['source'] {
  return {
    bucket: ref.bucket,
    key: ref.key,
    ...(ref.versionId ? { versionId: ref.versionId } : {}),
    ...(ref.eTag ? { eTag: ref.eTag } : {}),
  };
}

/**
 * Writes the rejected records of one segment of a file into its version's quarantine folder,
 * with enough context (position, field, reason, raw text) to fix and resend them. Returns the
 * key written. A redelivery of the same version writes the same document again.
 *
 * @example
 * await writeRejects(s3, 'quarantine/', { bucket, key, eTag }, { segment: 0, format: 'array', stored: 8, rejects });
 */
export async function writeRejects(
  s3: S3Client,
  prefix: string,
  ref: ObjectRef,
  details: { segment: number; format: PayloadFormat | undefined; stored: number; rejects: readonly Reject[] },
  now: number,
): Promise<string> {
  const key = quarantineKeys(prefix, ref).rejects(details.segment);
  const document: RejectsDocument = {
    source: sourceOf(ref),
    segment: details.segment,
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
 * Quarantines a whole file: copies the version read (server-side, when it still exists) and
 * writes the reason beside the copy. Returns the keys written.
 *
 * @example
 * await quarantineFile(s3, 'quarantine/', { bucket, key, eTag }, 'NOT_JSON', 'payload is not JSON ...', true, Date.now());
 */
export async function quarantineFile(
  s3: S3Client,
  prefix: string,
  ref: ObjectRef,
  reason: QuarantineReason,
  message: string,
  copy: boolean,
  now: number,
): Promise<string[]> {
  const keys = quarantineKeys(prefix, ref);
  const written: string[] = [];
  const document: ErrorDocument = {
    source: sourceOf(ref),
    reason,
    message,
    quarantined_at: formatCanonical(now),
  };
  if (copy) {
    // CopySource is "<bucket>/<key>" URL-encoded; the key may hold spaces and non-ASCII characters.
    const source = `${ref.bucket}/${ref.key.split('/').map(encodeURIComponent).join('/')}`;
    await s3.send(
      new CopyObjectCommand({
        Bucket: ref.bucket,
        Key: keys.copy,
        CopySource: ref.versionId ? `${source}?versionId=${encodeURIComponent(ref.versionId)}` : source,
        ...(ref.versionId || !ref.eTag ? {} : { CopySourceIfMatch: `"${ref.eTag}"` }),
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
  now: number,
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
