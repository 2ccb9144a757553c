import { InvalidNotificationError } from '../errors.js';
import { CONTINUATION_TYPE } from '../ingest/continuation.js';
import { bareETag } from '../ingest/readObjectText.js';
import type { ObjectRef } from '../types.js';
import { decodeS3Key } from './decodeS3Key.js';

/** What one SQS message body announces. */
export type S3Notification =
  | {
      /** The test message S3 sends when a notification is configured; nothing to read. */
      kind: 'test';
      /** Bucket named by the test event, when present. */
      bucket?: string;
    }
  | {
      /** Object events. */
      kind: 'objects';
      /** Created objects to ingest, in message order, keys decoded. */
      objects: ObjectRef[];
      /** Records that were not object creations (e.g. ObjectRemoved), ignored. */
      ignored: number;
      /** True for a continuation message the processor sent itself. */
      continuation?: boolean;
    };

type UnknownRecord = Record<string, unknown>;

function isObject(value: unknown): value is UnknownRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function objectRef(record: unknown, index: number): ObjectRef | undefined {
  if (!isObject(record)) throw new InvalidNotificationError(`Records[${index}] is not an object`);
  const eventName = record.eventName;
  if (typeof eventName === 'string' && !eventName.startsWith('ObjectCreated:')) return undefined;
  const s3 = record.s3;
  const bucket = isObject(s3) && isObject(s3.bucket) ? s3.bucket.name : undefined;
  const object = isObject(s3) && isObject(s3.object) ? s3.object : undefined;
  if (typeof bucket !== 'string' || bucket === '') {
    throw new InvalidNotificationError(`Records[${index}].s3.bucket.name is missing`);
  }
  if (!object || typeof object.key !== 'string' || object.key === '') {
    throw new InvalidNotificationError(`Records[${index}].s3.object.key is missing`);
  }
  let key: string;
  try {
    key = decodeS3Key(object.key);
  } catch (error) {
    throw new InvalidNotificationError(
      `Records[${index}].s3.object.key ${JSON.stringify(object.key)} is not URL-encoded correctly`,
      { cause: error },
    );
  }
  const ref: ObjectRef = { bucket, key };
  if (typeof object.size === 'number' && Number.isFinite(object.size)) ref.size = object.size;
  // The version this event is about: read exactly that one (versionId), or check its eTag.
  if (typeof object.versionId === 'string' && object.versionId !== '' && object.versionId !== 'null')
    ref.versionId = object.versionId;
  const eTag = typeof object.eTag === 'string' ? bareETag(object.eTag) : undefined;
  if (eTag) ref.eTag = eTag;
  if (typeof object.sequencer === 'string' && object.sequencer !== '') ref.sequencer = object.sequencer;
  return ref;
}

function optionalString(value: unknown, where: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '')
    throw new InvalidNotificationError(`${where} must be a non-empty string`);
  return value;
}

function continuationRefs(objects: unknown): ObjectRef[] {
  if (!Array.isArray(objects) || objects.length === 0) {
    throw new InvalidNotificationError('continuation has no "objects"');
  }
  return objects.map((object, index) => {
    const where = `objects[${index}]`;
    if (!isObject(object)) throw new InvalidNotificationError(`${where} is not an object`);
    const bucket = optionalString(object.bucket, `${where}.bucket`);
    const key = optionalString(object.key, `${where}.key`);
    if (!bucket || !key) throw new InvalidNotificationError(`${where} needs a bucket and a key`);
    const ref: ObjectRef = { bucket, key };
    const versionId = optionalString(object.versionId, `${where}.versionId`);
    if (versionId) ref.versionId = versionId;
    const eTag = optionalString(object.eTag, `${where}.eTag`);
    if (eTag) ref.eTag = eTag;
    const sequencer = optionalString(object.sequencer, `${where}.sequencer`);
    if (sequencer) ref.sequencer = sequencer;
    if (object.fromSegment !== undefined) {
      if (
        typeof object.fromSegment !== 'number' ||
        !Number.isSafeInteger(object.fromSegment) ||
        object.fromSegment < 0
      )
        throw new InvalidNotificationError(`${where}.fromSegment must be a whole number ≥ 0`);
      if (object.fromSegment > 0) ref.fromSegment = object.fromSegment;
    }
    return ref;
  });
}

/**
 * Reads an SQS message body holding an S3 event notification: object-created records
 * (keys URL-decoded, with the version id, eTag and sequencer they name), or the
 * `s3:TestEvent`. A notification that went through SNS first (`Type: Notification`, JSON in
 * `Message`) is unwrapped. The processor's own continuation messages (`type`
 * {@link CONTINUATION_TYPE}) are read too.
 *
 * @example
 * parseS3Notification(record.body);
 * // { kind: 'objects', objects: [{ bucket: 'b', key: 'readings/2025/02/16/21/x.json', size: 812 }], ignored: 0 }
 * @throws {@link InvalidNotificationError} when the body is not such a notification.
 */
export function parseS3Notification(body: string): S3Notification {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    throw new InvalidNotificationError('message body is not JSON', { cause: error });
  }
  if (isObject(parsed) && parsed.Type === 'Notification' && typeof parsed.Message === 'string') {
    return parseS3Notification(parsed.Message);
  }
  if (!isObject(parsed)) throw new InvalidNotificationError('message body is not a JSON object');
  if (parsed.type === CONTINUATION_TYPE) {
    return { kind: 'objects', objects: continuationRefs(parsed.objects), ignored: 0, continuation: true };
  }
  if (parsed.Event === 's3:TestEvent') {
    return typeof parsed.Bucket === 'string' ? { kind: 'test', bucket: parsed.Bucket } : { kind: 'test' };
  }
  if (!Array.isArray(parsed.Records)) {
    throw new InvalidNotificationError('message body has no "Records" array: not an S3 event notification');
  }
  const objects: ObjectRef[] = [];
  let ignored = 0;
  parsed.Records.forEach((record, index) => {
    const ref = objectRef(record, index);
    if (ref) objects.push(ref);
    else ignored++;
  });
  return { kind: 'objects', objects, ignored };
}

/** A bucket named anywhere in a body that failed {@link parseS3Notification}, to quarantine it there. */
export function bucketMentionedIn(body: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    if (!isObject(parsed) || !Array.isArray(parsed.Records)) return undefined;
    for (const record of parsed.Records) {
      const s3 = isObject(record) ? record.s3 : undefined;
      const name = isObject(s3) && isObject(s3.bucket) ? s3.bucket.name : undefined;
      if (typeof name === 'string' && name !== '') return name;
    }
  } catch {
    // Not JSON: no bucket to find.
  }
  return undefined;
}
