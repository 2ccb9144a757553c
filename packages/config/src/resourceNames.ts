/** Names of the stack's resources for one deployment prefix. */
export type ResourceNames = {
  /** S3 bucket receiving raw files (and quarantine). */
  bucket: string;
  /** SQS queue fed by the bucket's ObjectCreated notifications. */
  queue: string;
  /** Dead-letter queue of {@link ResourceNames.queue}. */
  deadLetterQueue: string;
  /** DynamoDB readings table. */
  readingsTable: string;
  /** DynamoDB summary table (contributions, rollups, site registry, alert episodes and the alerter state). */
  summaryTable: string;
  /** SNS topic for anomaly alerts. */
  alertTopic: string;
  /** Local stack only: SQS queue subscribed to the alert topic so alerts can be read. */
  alertInbox: string;
  /** Lambda function writing simulated readings. */
  generatorFunction: string;
  /** Lambda function consuming the queue. */
  processorFunction: string;
  /** Lambda function behind the HTTP API. */
  apiFunction: string;
  /** EventBridge Scheduler schedule invoking the generator. */
  generatorSchedule: string;
  /** Lambda function that rolls file contributions up into per-site hour and day summaries. */
  summarizerFunction: string;
  /** EventBridge Scheduler schedule invoking the summarizer. */
  summarizerSchedule: string;
  /** Lambda function that turns contributions into alert state changes, silent sites and digests. */
  alerterFunction: string;
  /** EventBridge Scheduler schedule invoking the alerter. */
  alerterSchedule: string;
};

/** Accepted deployment prefixes: short, lowercase, valid in every resource name (S3 is the strictest). */
const PREFIX_PATTERN = /^[a-z][a-z0-9-]{1,30}[a-z0-9]$/;

/**
 * Derives every resource name from one prefix such as `energy-dev`. On AWS,
 * Terraform appends the account id to the bucket name (bucket names are global).
 *
 * @example
 * resourceNames('energy-dev').queue; // 'energy-dev-ingest'
 */
export function resourceNames(prefix: string): ResourceNames {
  if (!PREFIX_PATTERN.test(prefix)) {
    throw new Error(
      `prefix ${JSON.stringify(prefix)} must match ${PREFIX_PATTERN} (lowercase letters, digits, "-"; 3-32 chars)`,
    );
  }
  return {
    bucket: `${prefix}-raw`,
    queue: `${prefix}-ingest`,
    deadLetterQueue: `${prefix}-ingest-dlq`,
    readingsTable: `${prefix}-readings`,
    summaryTable: `${prefix}-summary`,
    alertTopic: `${prefix}-alerts`,
    alertInbox: `${prefix}-alerts-inbox`,
    generatorFunction: `${prefix}-generator`,
    processorFunction: `${prefix}-processor`,
    apiFunction: `${prefix}-api`,
    generatorSchedule: `${prefix}-generator-schedule`,
    summarizerFunction: `${prefix}-summarizer`,
    summarizerSchedule: `${prefix}-summarizer-schedule`,
    alerterFunction: `${prefix}-alerter`,
    alerterSchedule: `${prefix}-alerter-schedule`,
  };
}
