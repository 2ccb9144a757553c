import { TextDecoder } from 'node:util';
import {
  GetObjectCommand,
  type GetObjectCommandOutput,
  ListObjectVersionsCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import {
  BucketNotFoundError,
  ObjectNotFoundError,
  ObjectTooLargeError,
  PayloadNotJsonError,
  VersionReplacedError,
} from '../errors.js';
import type { ObjectRef, ObjectVersion } from '../types.js';

type Destroyable = { destroy?: (error?: Error) => void };

/** An opened object: the version S3 served and its text as a stream. */
export type ObjectText = {
  /** The version read: its version id (versioned bucket) and eTag. */
  version: ObjectVersion;
  /** Content-Length S3 sent, bytes, when it did. */
  contentLength?: number;
  /** Text chunks, as S3 sends them. */
  chunks: AsyncGenerator<string, void, undefined>;
  /** Bytes read so far (counted, not taken from the notification). */
  bytesRead: () => number;
};

function isAsyncIterable(value: unknown): value is AsyncIterable<Uint8Array> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

/** S3 writes eTags in quotes; keys and comparisons use the bare value. */
export function bareETag(eTag: string | undefined): string | undefined {
  return eTag?.replace(/^"|"$/g, '') || undefined;
}

function errorName(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined;
}

function statusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
}

/**
 * The version id of the key's version with this eTag, in a versioned bucket, or undefined (not
 * versioned, no such version, or no permission to list versions). One page: the versions of
 * one key, newest first, and the one sought was written moments ago.
 */
async function versionWithETag(s3: S3Client, ref: ObjectRef, eTag: string): Promise<string | undefined> {
  try {
    const page = await s3.send(new ListObjectVersionsCommand({ Bucket: ref.bucket, Prefix: ref.key }));
    const match = page.Versions?.find(
      (version) => version.Key === ref.key && bareETag(version.ETag) === eTag,
    );
    return match?.VersionId && match.VersionId !== 'null' ? match.VersionId : undefined;
  } catch {
    return undefined;
  }
}

async function getVersion(s3: S3Client, ref: ObjectRef): Promise<GetObjectCommandOutput> {
  try {
    return await s3.send(
      new GetObjectCommand({
        Bucket: ref.bucket,
        Key: ref.key,
        ...(ref.versionId ? { VersionId: ref.versionId } : ref.eTag ? { IfMatch: `"${ref.eTag}"` } : {}),
      }),
    );
  } catch (error) {
    const replaced = errorName(error) === 'PreconditionFailed' || statusOf(error) === 412;
    if (!replaced || ref.versionId || !ref.eTag) throw error;
    // Overwritten since the event: a versioned bucket still holds the notified version (S3 names
    // it by versionId; an emulator that sends only the eTag is found by it).
    const versionId = await versionWithETag(s3, ref, ref.eTag);
    if (!versionId) throw error;
    return await s3.send(new GetObjectCommand({ Bucket: ref.bucket, Key: ref.key, VersionId: versionId }));
  }
}

/**
 * Opens the version of an object a notification names — `VersionId` when it gives one, else
 * the key's current object on condition that its eTag still matches (`IfMatch`), else (the key
 * was overwritten) the version with that eTag in a versioned bucket — and streams
 * its text chunk by chunk, so that a large file never sits whole in memory. UTF-8 is decoded in
 * stream mode (a character split across chunks is joined). Permanent errors: the object, the
 * version or the bucket is gone, the key was overwritten, the body is over `maxBytes` (by the
 * Content-Length S3 sends or by counting; the notification's size is never trusted) or not
 * UTF-8. Any other failure (throttling, 5xx, a reset) propagates unchanged, to be retried.
 *
 * @example
 * const object = await openObjectText(s3, { bucket, key, eTag }, 100 * 1024 ** 2);
 * for await (const text of object.chunks) parser.push(text);
 */
export async function openObjectText(s3: S3Client, ref: ObjectRef, maxBytes: number): Promise<ObjectText> {
  let response: GetObjectCommandOutput;
  try {
    response = await getVersion(s3, ref);
  } catch (error) {
    const name = errorName(error);
    if (name === 'NoSuchKey' || name === 'NoSuchVersion' || (name === 'NotFound' && statusOf(error) === 404))
      throw new ObjectNotFoundError(ref.bucket, ref.key, { cause: error });
    if (name === 'NoSuchBucket') throw new BucketNotFoundError(ref.bucket, { cause: error });
    if (name === 'PreconditionFailed' || statusOf(error) === 412)
      throw new VersionReplacedError(ref.bucket, ref.key, ref.eTag ?? '', { cause: error });
    throw error;
  }
  const version: ObjectVersion = {};
  const versionId = response.VersionId && response.VersionId !== 'null' ? response.VersionId : ref.versionId;
  if (versionId) version.versionId = versionId;
  const eTag = bareETag(response.ETag) ?? ref.eTag;
  if (eTag) version.eTag = eTag;
  if (ref.sequencer) version.sequencer = ref.sequencer;
  if (response.LastModified) version.lastModified = response.LastModified.getTime();
  const body: unknown = response.Body;
  if (response.ContentLength !== undefined && response.ContentLength > maxBytes) {
    // Close the connection rather than drain a body we will not read.
    (body as Destroyable | undefined)?.destroy?.();
    throw new ObjectTooLargeError(response.ContentLength, maxBytes);
  }
  if (!isAsyncIterable(body)) throw new TypeError('GetObject returned no readable body');
  let bytes = 0;
  async function* chunks(): AsyncGenerator<string, void, undefined> {
    const decoder = new TextDecoder('utf-8', { fatal: true });
    let completed = false;
    try {
      for await (const chunk of body as AsyncIterable<Uint8Array>) {
        bytes += chunk.byteLength;
        if (bytes > maxBytes) throw new ObjectTooLargeError(bytes, maxBytes);
        yield decode(decoder, chunk, true);
      }
      const tail = decode(decoder, undefined, false);
      completed = true;
      if (tail) yield tail;
    } finally {
      // The consumer stopped early (or an error): release the socket.
      if (!completed) (body as Destroyable).destroy?.();
    }
  }
  return {
    version,
    ...(response.ContentLength === undefined ? {} : { contentLength: response.ContentLength }),
    chunks: chunks(),
    bytesRead: () => bytes,
  };
}

function decode(decoder: TextDecoder, chunk: Uint8Array | undefined, stream: boolean): string {
  try {
    return decoder.decode(chunk, { stream });
  } catch (error) {
    throw new PayloadNotJsonError('payload is not UTF-8 text', { cause: error as TypeError });
  }
}
