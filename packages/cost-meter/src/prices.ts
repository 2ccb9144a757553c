/**
 * us-east-1 list prices the cost reports use, kept apart from the counting so a reader can
 * check or change them in one place. Each price says where it is from and when it was taken.
 */
export type Price = {
  /** Dollars per `per` units. */
  dollars: number;
  /** Units the price is for (1,000,000 requests, 1 GB-second, …). */
  per: number;
  /** What is counted. */
  unit: string;
  /** Where the price is published. */
  source: string;
};

/**
 * When the prices below were taken: 2026-12-01, from the project's background notes
 * (`/work/shared/design/background.md`, "DynamoDB pricing" and "Other request prices"), which
 * quote the AWS pricing pages named in each `source`. DynamoDB's are the on-demand prices after
 * AWS halved them in November 2024 (older third-party pages still show $1.25 / $0.25). Not
 * re-read live: the machine that measured has no web access. Lambda's GB-second is the x86 price.
 */
export const PRICES_TAKEN = '2026-12-01 (project background notes quoting the AWS pricing pages)';

/** On-demand / request prices, us-east-1, standard tiers (no free tier). */
export const US_EAST_1_PRICES = {
  dynamodbWrite: {
    dollars: 0.625,
    per: 1_000_000,
    unit: 'write request unit (on-demand, Standard table class)',
    source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
  },
  dynamodbRead: {
    dollars: 0.125,
    per: 1_000_000,
    unit: 'read request unit (on-demand, Standard table class)',
    source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
  },
  s3Put: {
    dollars: 0.005,
    per: 1_000,
    unit: 'PUT, COPY, POST, LIST request (S3 Standard)',
    source: 'https://aws.amazon.com/s3/pricing/',
  },
  s3Get: {
    dollars: 0.0004,
    per: 1_000,
    unit: 'GET, SELECT and other request (S3 Standard)',
    source: 'https://aws.amazon.com/s3/pricing/',
  },
  sqsRequest: {
    dollars: 0.4,
    per: 1_000_000,
    unit: 'request per started 64 KB chunk (standard queue, beyond the first 1 M/month)',
    source: 'https://aws.amazon.com/sqs/pricing/',
  },
  snsPublish: {
    dollars: 0.5,
    per: 1_000_000,
    unit: 'publish per started 64 KB chunk (standard topic)',
    source: 'https://aws.amazon.com/sns/pricing/',
  },
  snsEmail: {
    dollars: 2,
    per: 100_000,
    unit: 'e-mail notification delivered',
    source: 'https://aws.amazon.com/sns/pricing/',
  },
  lambdaRequest: {
    dollars: 0.2,
    per: 1_000_000,
    unit: 'invocation',
    source: 'https://aws.amazon.com/lambda/pricing/',
  },
  lambdaGbSecond: {
    dollars: 0.0000166667,
    per: 1,
    unit: 'GB-second of duration (x86, first 6 billion GB-s/month)',
    source: 'https://aws.amazon.com/lambda/pricing/',
  },
} as const satisfies Record<string, Price>;

/** Dollars for `units` at `price`. */
export function dollarsFor(price: Price, units: number): number {
  return (units / price.per) * price.dollars;
}

/** S3 operations billed at the PUT tier; every other S3 request is billed at the GET tier. */
export const S3_PUT_TIER_OPERATIONS: ReadonlySet<string> = new Set([
  'PutObject',
  'CopyObject',
  'CreateMultipartUpload',
  'UploadPart',
  'CompleteMultipartUpload',
  'ListObjectsV2',
  'ListObjects',
  'ListBuckets',
]);
