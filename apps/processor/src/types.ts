import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { PayloadFormat } from '@energy/core';
import type { ProcessorConfig } from './environment.js';
import type { QuarantineReason } from './errors.js';

/** Where metrics go: Powertools `Metrics` in the Lambda, a recorder in tests. */
export type MetricsSink = Pick<Metrics, 'addMetric'>;

/** What the ingest functions need, injected so that tests and benchmarks can call them without Lambda. */
export type IngestDependencies = {
  /** S3 client (path-style on the emulator). */
  s3: S3Client;
  /** DynamoDB document client. */
  ddb: DynamoDBDocumentClient;
  /** SNS client. */
  sns: SNSClient;
  /** Settings from the environment. */
  config: ProcessorConfig;
  /** Metrics sink. */
  metrics: MetricsSink;
  /** Clock, epoch ms; injectable for tests. */
  now?: () => number;
  /** Waits `ms`; injectable so retry tests need not wait. */
  sleep?: (ms: number) => Promise<void>;
  /** Uniform random in [0, 1) for backoff jitter; injectable for tests. */
  random?: () => number;
};

/** One S3 object named by a notification, key already URL-decoded. */
export type ObjectRef = {
  /** Bucket name. */
  bucket: string;
  /** Decoded object key. */
  key: string;
  /** Size from the notification, bytes, when it says. */
  size?: number;
};

/** What happened to one file; returned for tests, benchmarks and the log. */
export type IngestReport = {
  /** Bucket. */
  bucket: string;
  /** Decoded key. */
  key: string;
  /** `skipped`: under the quarantine prefix; `quarantined`: refused whole; `processed`: read and stored. */
  outcome: 'processed' | 'quarantined' | 'skipped';
  /** Detected payload shape, once known. */
  format?: PayloadFormat;
  /** Readings written (after duplicate removal). */
  stored: number;
  /** Records rejected and written to the rejects file. */
  rejected: number;
  /** Readings repeated in a write batch (the last one won). */
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

/** The logger the ingest functions write to (a per-message child of the handler's logger). */
export type IngestLogger = Logger;
