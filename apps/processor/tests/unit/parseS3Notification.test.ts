import { describe, expect, it } from 'vitest';
import { InvalidNotificationError } from '../../src/errors.js';
import { continuationBody } from '../../src/ingest/continuation.js';
import { decodeS3Key } from '../../src/notification/decodeS3Key.js';
import { bucketMentionedIn, parseS3Notification } from '../../src/notification/parseS3Notification.js';
import { s3NotificationBody, s3TestEventBody } from '../helpers/factories.js';

describe('Function: decodeS3Key', () => {
  it.each([
    ['readings/2025/02/16/21/20250216T213043Z.json', 'readings/2025/02/16/21/20250216T213043Z.json'],
    ['my+file.json', 'my file.json'],
    ['a%2Bb.json', 'a+b.json'],
    ['site%C3%A9+%C3%BC%2F%E6%97%A5%E6%9C%AC.json', 'siteé ü/日本.json'],
    ['readings%2F2025%2Fx.json', 'readings/2025/x.json'],
    ['100%25.json', '100%.json'],
  ])('decodes %s to %s', (encoded, decoded) => {
    expect(decodeS3Key(encoded)).toBe(decoded);
  });
});

describe('Function: parseS3Notification', () => {
  it('recognises the s3:TestEvent', () => {
    // Act
    const notification = parseS3Notification(s3TestEventBody('energy-dev-raw'));

    // Assess
    expect(notification).toStrictEqual({ kind: 'test', bucket: 'energy-dev-raw' });
  });

  it('lists every created object of a message, keys decoded', () => {
    // Prepare
    const body = s3NotificationBody([
      { key: 'site1/20250216T213043Z.json', size: 120 },
      { key: 'drop+box/caf%C3%A9.json', size: 80 },
    ]);

    // Act
    const notification = parseS3Notification(body);

    // Assess
    expect(notification).toStrictEqual({
      kind: 'objects',
      objects: [
        { bucket: 'test-raw', key: 'site1/20250216T213043Z.json', size: 120, sequencer: '0' },
        { bucket: 'test-raw', key: 'drop box/café.json', size: 80, sequencer: '0' },
      ],
      ignored: 0,
    });
  });

  it('ignores records that are not object creations', () => {
    // Act
    const notification = parseS3Notification(
      s3NotificationBody([{ key: 'a.json', eventName: 'ObjectRemoved:Delete' }, { key: 'b.json' }]),
    );

    // Assess
    expect(notification).toStrictEqual({
      kind: 'objects',
      objects: [{ bucket: 'test-raw', key: 'b.json', size: 100, sequencer: '0' }],
      ignored: 1,
    });
  });

  it('unwraps a notification that came through SNS', () => {
    // Prepare
    const body = JSON.stringify({ Type: 'Notification', Message: s3NotificationBody([{ key: 'x.json' }]) });

    // Act
    const notification = parseS3Notification(body);

    // Assess
    expect(notification).toStrictEqual({
      kind: 'objects',
      objects: [{ bucket: 'test-raw', key: 'x.json', size: 100, sequencer: '0' }],
      ignored: 0,
    });
  });

  it.each([
    ['not json', 'message body is not JSON'],
    ['[1,2]', 'message body is not a JSON object'],
    ['{"hello":"world"}', 'message body has no "Records" array'],
    ['{"Records":[42]}', 'Records[0] is not an object'],
    [
      '{"Records":[{"eventName":"ObjectCreated:Put","s3":{"object":{"key":"k"}}}]}',
      'Records[0].s3.bucket.name is missing',
    ],
    ['{"Records":[{"s3":{"bucket":{"name":"b"},"object":{}}}]}', 'Records[0].s3.object.key is missing'],
    [
      '{"Records":[{"s3":{"bucket":{"name":"b"},"object":{"key":"%E0%A4%A"}}}]}',
      'is not URL-encoded correctly',
    ],
  ])('refuses %s as permanent: %s', (body, message) => {
    // Act & Assess
    expect(() => parseS3Notification(body)).toThrow(InvalidNotificationError);
    expect(() => parseS3Notification(body)).toThrow(message);
  });
});

describe('Function: bucketMentionedIn', () => {
  it.each([
    ['{"Records":[{"s3":{"bucket":{"name":"b"},"object":{}}}]}', 'b'],
    ['{"Records":[{},{"s3":{"bucket":{"name":"c"}}}]}', 'c'],
    ['{"hello":"world"}', undefined],
    ['not json', undefined],
  ])('finds the bucket in %s', (body, bucket) => {
    expect(bucketMentionedIn(body)).toBe(bucket);
  });

  it('keeps the version id and the bare eTag the event names', () => {
    // Act
    const notification = parseS3Notification(
      s3NotificationBody([{ key: 'a.json', eTag: '"0123abcd"', versionId: 'v-7' }]),
    );

    // Assess
    expect(notification).toStrictEqual({
      kind: 'objects',
      objects: [
        { bucket: 'test-raw', key: 'a.json', size: 100, versionId: 'v-7', eTag: '0123abcd', sequencer: '0' },
      ],
      ignored: 0,
    });
  });

  it('reads back a continuation it wrote', () => {
    // Prepare
    const objects = [
      { bucket: 'b', key: 'big file.json', eTag: 'e1', fromSegment: 7 },
      { bucket: 'b', key: 'next.json', versionId: 'v1' },
    ];

    // Act
    const notification = parseS3Notification(continuationBody(objects));

    // Assess
    expect(notification).toStrictEqual({ kind: 'objects', objects, ignored: 0, continuation: true });
  });

  it.each([
    [{ type: 'energy:IngestContinuation', objects: [] }, 'no "objects"'],
    [{ type: 'energy:IngestContinuation', objects: [{ bucket: 'b' }] }, 'needs a bucket and a key'],
    [
      { type: 'energy:IngestContinuation', objects: [{ bucket: 'b', key: 'k', fromSegment: -1 }] },
      'fromSegment',
    ],
  ])('refuses a malformed continuation %j', (body, reason) => {
    expect(() => parseS3Notification(JSON.stringify(body))).toThrow(reason);
  });
});
