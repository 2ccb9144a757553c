import { Logger } from '@aws-lambda-powertools/logger';
import { enrichReading, type ReadingItem, toReadingItem } from '@energy/core';
import type { SQSRecord } from 'aws-lambda';
import type { MetricsSink } from '../../src/types.js';

/** A stored readings-table item. */
export function readingItem(
  overrides: Partial<{ site_id: string; timestamp: string; generated: number; consumed: number }> = {},
): ReadingItem {
  return toReadingItem(
    enrichReading({
      site_id: overrides.site_id ?? 'site1',
      timestamp: overrides.timestamp ?? '2025-02-16T21:30:43.000Z',
      energy_generated_kwh: overrides.generated ?? 10.1,
      energy_consumed_kwh: overrides.consumed ?? 3.3,
    }),
    { sourceKey: 'readings/x.json', ingestedAt: '2025-02-16T21:31:00.000Z' },
  );
}

/** `count` distinct items of one site, a minute apart. */
export function readingItems(count: number, siteId = 'site1'): ReadingItem[] {
  return Array.from({ length: count }, (_, i) =>
    readingItem({ site_id: siteId, timestamp: new Date(Date.UTC(2025, 1, 16, 0, i)).toISOString() }),
  );
}

/** The S3 event notification body S3 puts on the queue for created objects. */
export function s3NotificationBody(
  objects: Array<{
    bucket?: string;
    key: string;
    size?: number;
    eventName?: string;
    eTag?: string;
    versionId?: string;
  }>,
): string {
  return JSON.stringify({
    Records: objects.map((object) => ({
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: 'us-east-1',
      eventTime: '2025-02-16T21:30:44.000Z',
      eventName: object.eventName ?? 'ObjectCreated:Put',
      s3: {
        s3SchemaVersion: '1.0',
        configurationId: 'ingest',
        bucket: { name: object.bucket ?? 'test-raw', arn: `arn:aws:s3:::${object.bucket ?? 'test-raw'}` },
        // The eTag/version only when a test names one: the processor reads exactly that version.
        object: {
          key: object.key,
          size: object.size ?? 100,
          ...(object.eTag ? { eTag: object.eTag } : {}),
          ...(object.versionId ? { versionId: object.versionId } : {}),
          sequencer: '0',
        },
      },
    })),
  });
}

/** The message S3 sends when a notification is configured. */
export function s3TestEventBody(bucket = 'test-raw'): string {
  return JSON.stringify({
    Service: 'Amazon S3',
    Event: 's3:TestEvent',
    Time: '2025-02-16T21:30:44.000Z',
    Bucket: bucket,
    RequestId: 'r',
    HostId: 'h',
  });
}

/** An SQS record as the Lambda event source delivers it. */
export function sqsRecord(body: string, messageId = 'm-1'): SQSRecord {
  return {
    messageId,
    receiptHandle: `rh-${messageId}`,
    body,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '1739741444000',
      SenderId: 'AIDA',
      ApproximateFirstReceiveTimestamp: '1739741444000',
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:test-ingest',
    awsRegion: 'us-east-1',
  };
}

/** A metrics sink that remembers every value, summed per name. */
export function recordingMetrics(): MetricsSink & { totals: Record<string, number> } {
  const totals: Record<string, number> = {};
  return {
    totals,
    addMetric(name: string, _unit: unknown, value: number) {
      totals[name] = (totals[name] ?? 0) + value;
    },
  } as MetricsSink & { totals: Record<string, number> };
}

/** A logger that prints nothing (tests assert on outcomes, or capture with {@link captureLogs}). */
export function quietLogger(): Logger {
  return new Logger({ serviceName: 'processor-test', logLevel: 'SILENT' });
}

/** A Lambda context for handler tests. */
export function lambdaContext(functionName = 'energy-test-processor'): import('aws-lambda').Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: 'request-1',
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'stream',
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
