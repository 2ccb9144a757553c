import { Logger } from '@aws-lambda-powertools/logger';
import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { parsePayload } from '@energy/core';
import { type LocalStack, startLocalStack } from '@energy/local-stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseGeneratorEnvironment } from '../../src/environment.js';
import { runTick } from '../../src/runTick.js';
import { simulateTick } from '../../src/simulation/simulateTick.js';

// The generator's S3 write against the emulator, with real SDK calls.

let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack();
});

afterAll(async () => {
  await stack?.stop();
});

describe('Function: runTick (on the emulator)', () => {
  it('writes one file per tick holding every site, under a time-partitioned key', async () => {
    // Prepare
    const config = parseGeneratorEnvironment({
      RAW_BUCKET: stack.names.bucket,
      SITE_COUNT: '25',
      SEED: 'it',
    });
    const { s3 } = stack.clients;
    const logger = new Logger({ serviceName: 'generator-test', logLevel: 'SILENT' });
    const tickMs = Date.parse('2025-02-16T21:30:43.512Z');

    // Act
    const result = await runTick({ s3, config, logger }, tickMs);

    // Assess
    expect(result).toStrictEqual({
      bucket: stack.names.bucket,
      key: 'readings/2025/02/16/21/20250216T213043Z.json',
      count: 25,
      anomalies: simulateTick(tickMs, config).injected.length,
      bytes: expect.any(Number),
    });
    const object = await s3.send(new GetObjectCommand({ Bucket: stack.names.bucket, Key: result.key }));
    const text = (await object.Body?.transformToString('utf8')) ?? '';
    expect(Buffer.byteLength(text)).toBe(result.bytes);
    expect(object.ContentType).toBe('application/json');
    expect(JSON.parse(text)).toStrictEqual(simulateTick(tickMs, config).readings);
    const parsed = parsePayload(text);
    expect(parsed.readings.length).toBe(25);
    expect(parsed.rejects).toStrictEqual([]);
  });

  it('rewrites the same file byte for byte when a tick is retried', async () => {
    // Prepare
    const config = parseGeneratorEnvironment({ RAW_BUCKET: stack.names.bucket, SEED: 'retry' });
    const { s3 } = stack.clients;
    const logger = new Logger({ serviceName: 'generator-test', logLevel: 'SILENT' });
    const tickMs = Date.parse('2025-02-16T22:00:00Z');

    // Act
    const first = await runTick({ s3, config, logger }, tickMs);
    const firstHead = await s3.send(new HeadObjectCommand({ Bucket: first.bucket, Key: first.key }));
    const second = await runTick({ s3, config, logger }, tickMs);
    const secondHead = await s3.send(new HeadObjectCommand({ Bucket: second.bucket, Key: second.key }));

    // Assess
    expect(second).toStrictEqual(first);
    expect(secondHead.ETag).toBe(firstHead.ETag);
  });
});
