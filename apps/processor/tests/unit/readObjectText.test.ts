// aws-sdk-client-mock here because the emulator cannot be made to split a body at a chosen
// byte (a UTF-8 character across two chunks) nor to fail mid-stream.
import { Readable } from 'node:stream';
import { GetObjectCommand, NoSuchKey, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import {
  BucketNotFoundError,
  ObjectNotFoundError,
  ObjectTooLargeError,
  PayloadNotJsonError,
  VersionReplacedError,
} from '../../src/errors.js';
import { openObjectText } from '../../src/ingest/readObjectText.js';

const s3 = new S3Client({ region: 'us-east-1' });
const s3Mock = mockClient(s3);
const REF = { bucket: 'b', key: 'k.json' };

function body(chunks: Uint8Array[]): never {
  return Readable.from(chunks) as never;
}

async function readAll(maxBytes = 1_000, ref: Parameters<typeof openObjectText>[1] = REF): Promise<string[]> {
  const parts: string[] = [];
  const object = await openObjectText(s3, ref, maxBytes);
  for await (const text of object.chunks) parts.push(text);
  return parts;
}

function serviceError(name: string, status: number): S3ServiceException {
  return new S3ServiceException({
    name,
    $fault: 'client',
    message: name,
    $metadata: { httpStatusCode: status },
  });
}

afterEach(() => {
  s3Mock.reset();
});

describe('Function: openObjectText', () => {
  it('yields text chunk by chunk and joins a character split across chunks', async () => {
    // Prepare: "é" is 0xC3 0xA9; the first chunk ends between the two bytes.
    const bytes = Buffer.from('{"site_id":"café"}', 'utf8');
    const cut = bytes.indexOf(0xc3) + 1;
    s3Mock.on(GetObjectCommand).resolves({ Body: body([bytes.subarray(0, cut), bytes.subarray(cut)]) });

    // Act
    const parts = await readAll();

    // Assess
    expect(parts).toStrictEqual(['{"site_id":"caf', 'é"}']);
  });

  it('refuses by Content-Length before reading when the object is over the limit', async () => {
    // Prepare
    const stream = Readable.from([Buffer.from('x')]);
    s3Mock.on(GetObjectCommand).resolves({ Body: stream as never, ContentLength: 2_000 });

    // Act
    const outcome = readAll(1_000);

    // Assess
    await expect(outcome).rejects.toThrow(ObjectTooLargeError);
    await expect(outcome).rejects.toThrow(
      'object is 2000 bytes, over the limit of 1000 bytes (MAX_FILE_BYTES)',
    );
    expect(stream.destroyed).toBe(true);
  });

  it('counts bytes while reading when Content-Length is absent', async () => {
    // Prepare
    s3Mock.on(GetObjectCommand).resolves({ Body: body([Buffer.alloc(600, 0x20), Buffer.alloc(600, 0x20)]) });

    // Act & Assess
    await expect(readAll(1_000)).rejects.toThrow('object is 1200 bytes, over the limit of 1000 bytes');
  });

  it('refuses bytes that are not UTF-8 as not JSON', async () => {
    // Prepare
    s3Mock.on(GetObjectCommand).resolves({ Body: body([Buffer.from([0x7b, 0xff, 0xfe, 0x7d])]) });

    // Act & Assess
    await expect(readAll()).rejects.toThrow(PayloadNotJsonError);
  });

  it('turns NoSuchKey into ObjectNotFoundError', async () => {
    // Prepare
    s3Mock
      .on(GetObjectCommand)
      .rejects(new NoSuchKey({ message: 'The specified key does not exist.', $metadata: {} }));

    // Act & Assess
    await expect(readAll()).rejects.toThrow(ObjectNotFoundError);
    await expect(readAll()).rejects.toThrow('s3://b/k.json no longer exists');
  });

  it('reads the version the notification names: VersionId when given, else IfMatch on the eTag', async () => {
    // Prepare
    s3Mock.on(GetObjectCommand).resolves({ Body: body([Buffer.from('{}')]), ETag: '"abc"', VersionId: 'v2' });

    // Act
    await readAll(1_000, { ...REF, versionId: 'v1', eTag: 'abc' });
    const byETag = await openObjectText(s3, { ...REF, eTag: 'abc' }, 1_000);

    // Assess
    const inputs = s3Mock.commandCalls(GetObjectCommand).map((call) => call.args[0].input);
    expect(inputs[0]).toStrictEqual({ Bucket: 'b', Key: 'k.json', VersionId: 'v1' });
    expect(inputs[1]).toStrictEqual({ Bucket: 'b', Key: 'k.json', IfMatch: '"abc"' });
    expect(byETag.version).toStrictEqual({ versionId: 'v2', eTag: 'abc' });
  });

  it.each([
    ['PreconditionFailed', 412, VersionReplacedError],
    ['NoSuchVersion', 404, ObjectNotFoundError],
    ['NoSuchBucket', 404, BucketNotFoundError],
  ])('turns %s into a permanent error', async (name, status, type) => {
    // Prepare
    s3Mock.on(GetObjectCommand).rejects(serviceError(name, status));

    // Act & Assess
    await expect(readAll(1_000, { ...REF, eTag: 'abc' })).rejects.toThrow(type);
  });

  it('lets a stream failure through unchanged (transient: the message is retried)', async () => {
    // Prepare
    const failing = new Readable({
      read() {
        this.push(Buffer.from('[{"a":1},'));
        this.destroy(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
      },
    });
    s3Mock.on(GetObjectCommand).resolves({ Body: failing as never });

    // Act & Assess
    await expect(readAll()).rejects.toThrow('socket hang up');
  });
});
