import { PayloadFormatError } from '@energy/core';

/** Why a file or message was quarantined instead of stored; written into the quarantine object. */
const QUARANTINE_REASON = {
  /** The object is not JSON (or not UTF-8 text). */
  notJson: 'NOT_JSON',
  /** The object (or the version the notification names) no longer exists. */
  objectNotFound: 'OBJECT_NOT_FOUND',
  /** The key was overwritten: the version the notification names is gone (unversioned bucket, eTag changed). */
  versionReplaced: 'VERSION_REPLACED',
  /** The object exceeds MAX_FILE_BYTES. */
  tooLarge: 'TOO_LARGE',
  /** The SQS message body is not an S3 event notification. */
  invalidNotification: 'INVALID_NOTIFICATION',
} as const;

/** One of {@link QUARANTINE_REASON}. */
export type QuarantineReason = (typeof QUARANTINE_REASON)[keyof typeof QUARANTINE_REASON];

/** Base class of every error of the ingest path. */
export class IngestError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'IngestError';
  }
}

/**
 * Retrying may succeed (throttling, 5xx, timeouts, network errors, anything unrecognised):
 * the message fails, SQS redelivers it and after 3 receives moves it to the DLQ.
 */
export class TransientIngestError extends IngestError {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'TransientIngestError';
  }
}

/** Some readings were still unprocessed after every BatchWriteItem retry. */
export class UnwrittenReadingsError extends TransientIngestError {
  /** Readings not written. */
  public readonly unwritten: number;

  public constructor(unwritten: number, attempts: number) {
    super(`${unwritten} reading(s) still unprocessed by DynamoDB after ${attempts} BatchWriteItem attempts`);
    this.name = 'UnwrittenReadingsError';
    this.unwritten = unwritten;
  }
}

/** Retrying gives the same result: the input is quarantined with its reason and acknowledged. */
export class PermanentIngestError extends IngestError {
  /** Reason code written to the quarantine object. */
  public readonly reason: QuarantineReason;

  public constructor(reason: QuarantineReason, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PermanentIngestError';
    this.reason = reason;
  }
}

/** The object is not JSON or not UTF-8 text. */
export class PayloadNotJsonError extends PermanentIngestError {
  public constructor(message: string, options?: ErrorOptions & { cause?: PayloadFormatError | TypeError }) {
    super(QUARANTINE_REASON.notJson, message, options);
    this.name = 'PayloadNotJsonError';
  }
}

/** The object was deleted between the notification and the read. */
export class ObjectNotFoundError extends PermanentIngestError {
  public constructor(bucket: string, key: string, options?: ErrorOptions) {
    super(QUARANTINE_REASON.objectNotFound, `s3://${bucket}/${key} no longer exists`, options);
    this.name = 'ObjectNotFoundError';
  }
}

/**
 * The key now holds another version than the one notified (GetObject IfMatch failed). The newer
 * version has its own notification; this one has nothing left to read.
 */
export class VersionReplacedError extends PermanentIngestError {
  public constructor(bucket: string, key: string, eTag: string, options?: ErrorOptions) {
    super(
      QUARANTINE_REASON.versionReplaced,
      `s3://${bucket}/${key} no longer holds the notified version (eTag ${eTag}): it was overwritten`,
      options,
    );
    this.name = 'VersionReplacedError';
  }
}

/**
 * The bucket does not exist (deleted, or a notification naming a wrong one). Permanent, and
 * there is no bucket to quarantine into: the log line is the record.
 */
export class BucketNotFoundError extends PermanentIngestError {
  public constructor(bucket: string, options?: ErrorOptions) {
    super(QUARANTINE_REASON.objectNotFound, `bucket ${bucket} does not exist`, options);
    this.name = 'BucketNotFoundError';
  }
}

/**
 * The invocation is about to end and this message's work is unfinished (no segment completed,
 * or a call still running): the message fails and SQS redelivers it.
 */
export class DeadlineExceededError extends TransientIngestError {
  public constructor(message: string) {
    super(message);
    this.name = 'DeadlineExceededError';
  }
}

/** The object is larger than the configured limit. */
export class ObjectTooLargeError extends PermanentIngestError {
  /** Object size, bytes (at least this many when found while streaming). */
  public readonly size: number;
  /** The limit, bytes. */
  public readonly limit: number;

  public constructor(size: number, limit: number) {
    super(
      QUARANTINE_REASON.tooLarge,
      `object is ${size} bytes, over the limit of ${limit} bytes (MAX_FILE_BYTES)`,
    );
    this.name = 'ObjectTooLargeError';
    this.size = size;
    this.limit = limit;
  }
}

/** The SQS message body is not an S3 event notification this processor understands. */
export class InvalidNotificationError extends PermanentIngestError {
  public constructor(message: string, options?: ErrorOptions) {
    super(QUARANTINE_REASON.invalidNotification, message, options);
    this.name = 'InvalidNotificationError';
  }
}

/**
 * Sorts any failure of the ingest path into the tree: ours pass through, a payload the
 * parser cannot read is permanent, and everything else — throttling, 5xx, timeouts, reset
 * connections, errors nobody foresaw — is transient. Defaulting to transient is the safe
 * side: a retry costs little, and after 3 receives the message waits in the DLQ for a
 * redrive instead of being acknowledged and lost.
 *
 * @example
 * const failure = classifyFailure(error);
 * if (failure instanceof PermanentIngestError) quarantine(failure.reason);
 * else throw failure;
 */
export function classifyFailure(error: unknown): IngestError {
  if (error instanceof IngestError) return error;
  if (error instanceof PayloadFormatError) return new PayloadNotJsonError(error.message, { cause: error });
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new TransientIngestError(`transient failure, the message will be retried (${detail})`, {
    cause: error,
  });
}
