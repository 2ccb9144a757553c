import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  type ContributionSource,
  contributionItems,
  type EnrichedReading,
  enrichReading,
  FileContribution,
  hasFaultyValue,
  mulberry32,
  sumExact,
} from '@energy/core';

/** A simulated file: its readings (enriched) and where it came from. */
export type TestFile = { source: ContributionSource; readings: EnrichedReading[] };

/**
 * Readings of `sites` sites at one instant, with faulty values (-1) as the generator makes them,
 * seeded so each test run sees the same data.
 */
export function tickReadings(
  sites: number,
  timestamp: string,
  seed: number,
  prefix = 'site',
): EnrichedReading[] {
  const random = mulberry32(seed);
  const value = () => (random() < 0.2 ? -1 : Math.round(random() * 1_000_000) / 10_000);
  return Array.from({ length: sites }, (_, i) =>
    enrichReading({
      site_id: `${prefix}${i + 1}`,
      timestamp,
      energy_generated_kwh: value(),
      energy_consumed_kwh: value(),
    }),
  );
}

/**
 * Puts a file's contribution exactly as the processor's writeContribution does (the same
 * items, by core's contributionItems), at `ingestedAt`.
 */
export async function putContribution(
  ddb: DynamoDBDocumentClient,
  table: string,
  file: TestFile,
  ingestedAt: string,
): Promise<number> {
  const contribution = new FileContribution();
  for (const reading of file.readings) contribution.add(reading);
  const items = contributionItems(contribution, file.source, ingestedAt);
  for (let start = 0; start < items.length; start += 25) {
    await ddb.send(
      new BatchWriteCommand({
        RequestItems: { [table]: items.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } })) },
      }),
    );
  }
  return items.length;
}

/** Reference totals of a set of readings, computed the plain way. */
export type Reference = {
  count: number;
  anomalies: number;
  excluded: number;
  generated: number;
  net: number;
};

/**
 * What the summary must say for these files: per object key only the newest version counts
 * (later in `files` = newer), within a file the last reading of a (site, timestamp) counts,
 * and faulty readings count but bring no energy.
 */
export function referenceTotals(
  files: readonly TestFile[],
  select: (reading: EnrichedReading) => boolean = () => true,
): Reference {
  const newest = new Map<string, TestFile>();
  for (const file of files)
    newest.set(`${file.source.bucket}/${file.source.key}#${file.source.segment}`, file);
  const readings = [...newest.values()].flatMap((file) => {
    const last = new Map<string, EnrichedReading>();
    for (const reading of file.readings) last.set(`${reading.site_id} ${reading.timestamp}`, reading);
    return [...last.values()].filter(select);
  });
  const kept = readings.filter((r) => !hasFaultyValue(r.anomaly_reasons));
  return {
    count: readings.length,
    anomalies: readings.filter((r) => r.anomaly).length,
    excluded: readings.length - kept.length,
    generated: sumExact(kept.map((r) => r.energy_generated_kwh)),
    net: sumExact(kept.map((r) => r.net_energy_kwh)),
  };
}
