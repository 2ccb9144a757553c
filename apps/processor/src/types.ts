import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { PayloadFormat } from '@energy/core';
import type { ProcessorConfig } from './environment.js';
import type { QuarantineReason } from './errors.js';

/** Where metrics go: Powertools `Metrics` in the Lambda, a recorder in tests. */
export type MetricsSink = Pick<Metrics, 'addMetric'>;

/** The logger the ingest functions write to (a per-message child of the handler's logger). */
export type IngestLogger = Logger;

/** Time and chance, injected so that tests need not wait and benchmarks are repeatable. */
export type Clock = {
  /** Epoch ms. */
  now: () => number;
  /** Resolves after `ms`. */
  sleep: (ms: number) => Promise<void>;
  /** Uniform in [0, 1), for backoff jitter. */
  random: () => number;
};

/**
 * Everything the processor's functions need, built once per container (the handler) or per
 * test/benchmark, and passed down unchanged.
 */
export type ProcessorContext = {
  /** S3 client (path-style on the emulator). */
  s3: S3Client;
  /** DynamoDB document client. */
  ddb: DynamoDBDocumentClient;
  /** SNS client. */
  sns: SNSClient;
  /** SQS client (continuation messages). */
  sqs: SQSClient;
  /** Settings from the environment. */
  config: ProcessorConfig;
  /** Logger; processMessage and processObject narrow it with the message and file keys. */
  logger: IngestLogger;
  /** Metrics sink. */
  metrics: MetricsSink;
  /** The one clock. */
  clock: Clock;
};

/** The version of an object that a notification names, or that a first read found. */
export type ObjectVersion = {
  /** S3 version id (versioned buckets). */
  versionId?: string;
  /** Entity tag, without quotes. */
  eTag?: string;
  /** The notification's sequencer (orders events of one key). */
  sequencer?: string;
  /**
   * When S3 stored this version, epoch ms (from GetObject): the same on every read of the
   * version, so every segment and every redelivery of it writes the same contribution items.
   */
  lastModified?: number;
};

/** One S3 object to ingest, key already URL-decoded. */
export type ObjectRef = ObjectVersion & {
  /** Bucket name. */
  bucket: string;
  /** Decoded object key. */
  key: string;
  /** Size the notification claims, bytes: logged, never trusted (the bytes read are counted). */
  size?: number;
  /** First segment still to ingest (a continuation); 0 or absent for a new file. */
  fromSegment?: number;
};

/** What happened to one file in one invocation; returned for tests, benchmarks and the log. */
export type IngestReport = {
  /** Bucket. */
  bucket: string;
  /** Decoded key. */
  key: string;
  /** S3 version id read, when the bucket is versioned. */
  versionId?: string;
  /** eTag of the version read, once known. */
  eTag?: string;
  /**
   * `processed`: read to its end and stored; `continued`: stopped before the deadline, a
   * continuation message carries on from `nextSegment`; `quarantined`: refused whole;
   * `skipped`: under the quarantine prefix.
   */
  outcome: 'processed' | 'continued' | 'quarantined' | 'skipped';
  /** Detected payload shape, once known. */
  format?: PayloadFormat;
  /** First segment ingested by this invocation. */
  fromSegment: number;
  /** Segments completed by this invocation. */
  segmentsCompleted: number;
  /** Where a continuation resumes (outcome `continued`). */
  nextSegment?: number;
  /** Bytes read from S3 by this invocation. */
  bytesRead: number;
  /** Readings written (after duplicate removal). */
  stored: number;
  /** Records rejected and written to the rejects files. */
  rejected: number;
  /** Readings repeated in a write round (the last one won). */
  duplicates: number;
  /** Anomalous readings stored. */
  anomalies: number;
  /** Alerts published. */
  alertsSent: number;
  /** Alerts already sent for an earlier delivery, not sent again. */
  alertsSuppressed: number;
  /** Alerts that failed to publish. */
  alertFailures: number;
  /** Why the file was quarantined whole. */
  quarantineReason?: QuarantineReason;
  /** Keys of the quarantine objects written. */
  quarantineKeys: string[];
};
