import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  type ContributionSource,
  contributionItems,
  type FileContribution,
  formatCanonical,
  SUMMARY_KEY,
} from '@energy/core';
import { batchWriteReadings } from '../ingest/batchWriteReadings.js';

/** Injected helpers of {@link writeContribution}. */
export type WriteContributionOptions = {
  /** Waits between attempts at UnprocessedItems (injectable so tests need not wait). */
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source in [0, 1). */
  random?: () => number;
  /** Clock, epoch ms: when the file was processed (which decides its `LATE` markers). */
  now?: () => number;
  /** The version's own time, epoch ms: the contribution's `ingested_at` and order (default: `now()`). */
  ingestedAt?: number;
};

/**
 * Writes a file's (or segment's) summary contribution: per hour touched, one head with the
 * file's fleet totals and the parts holding its per-site totals (see `contributionItems`), with
 * BatchWriteItem and the readings' retry of UnprocessedItems. Plain puts under deterministic
 * keys: a redelivered file writes the same items again, concurrent files never share one. The
 * summarizer rolls them up into per-site hours and days later.
 *
 * @example
 * await writeContribution(ddb, 'energy-dev-summary', { bucket, key, sequencer, segment: 0 }, contribution);
 * @throws the write's error (UnwrittenReadingsError after the retries, or the SDK's): the
 * processor maps it to a transient failure, and the redelivery writes the same items.
 */
export async function writeContribution(
  ddb: DynamoDBDocumentClient,
  summaryTable: string,
  source: ContributionSource,
  contribution: FileContribution,
  options: WriteContributionOptions = {},
): Promise<{ items: number }> {
  if (contribution.size === 0) return { items: 0 };
  const processedAt = (options.now ?? Date.now)();
  const items = contributionItems(contribution, source, formatCanonical(options.ingestedAt ?? processedAt), {
    processedAt: formatCanonical(processedAt),
  });
  const retry = {
    tableName: summaryTable,
    ...(options.sleep && { sleep: options.sleep }),
    ...(options.random && { random: options.random }),
  };
  // Late-day markers after the heads and parts, never in the same batch: a summarizer that reads a
  // marker then finds every head it announces, and the marker it clears is one whose heads it saw.
  const markers = items.filter((item) => item.pk === SUMMARY_KEY.late);
  await batchWriteReadings(
    ddb,
    markers.length ? items.filter((item) => item.pk !== SUMMARY_KEY.late) : items,
    retry,
  );
  if (markers.length) await batchWriteReadings(ddb, markers, retry);
  return { items: items.length };
}
