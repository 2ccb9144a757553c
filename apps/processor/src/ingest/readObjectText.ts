import { TextDecoder } from 'node:util';
import { GetObjectCommand, type GetObjectCommandOutput, NoSuchKey, type S3Client } from '@aws-sdk/client-s3';
import { ObjectNotFoundError, ObjectTooLargeError, PayloadNotJsonError } from '../errors.js';
import type { ObjectRef } from '../types.js';

type Destroyable = { destroy?: (error?: Error) => void };

function isAsyncIterable(value: unknown): value is AsyncIterable<Uint8Array> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

/**
 * Streams an object's text, chunk by chunk as S3 sends it, so that a large file never sits
 * whole in memory. UTF-8 is decoded in stream mode (a character split across chunks is
 * joined). Stops with a permanent error when the object is gone, over `maxBytes` (by its
 * Content-Length, or counted while reading when that is absent) or not UTF-8; any other
 * failure (throttling, 5xx, a reset connection) propagates unchanged, to be retried.
 *
 * @example
 * for await (const text of readObjectText(s3, { bucket, key }, 100 * 1024 ** 2)) parser.push(text);
 */
export async function* readObjectText(
  s3: S3Client,
  ref: ObjectRef,
  maxBytes: number,
): AsyncGenerator<string, void, undefined> {
  let response: GetObjectCommandOutput;
  try {
    response = await s3.send(new GetObjectCommand({ Bucket: ref.bucket, Key: ref.key }));
  } catch (error) {
    if (error instanceof NoSuchKey) throw new ObjectNotFoundError(ref.bucket, ref.key, { cause: error });
    throw error;
  }
  const body: unknown = response.Body;
  if (response.ContentLength !== undefined && response.ContentLength > maxBytes) {
    // Close the connection rather than drain a body we will not read.
    (body as Destroyable | undefined)?.destroy?.();
    throw new ObjectTooLargeError(response.ContentLength, maxBytes);
  }
  if (!isAsyncIterable(body)) throw new TypeError('GetObject returned no readable body');

  const decoder = new TextDecoder('utf-8', { fatal: true });
  let bytes = 0;
  let completed = false;
  try {
    for await (const chunk of body) {
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

function decode(decoder: TextDecoder, chunk: Uint8Array | undefined, stream: boolean): string {
  try {
    return decoder.decode(chunk, { stream });
  } catch (error) {
    throw new PayloadNotJsonError('payload is not UTF-8 text', { cause: error as TypeError });
  }
}
