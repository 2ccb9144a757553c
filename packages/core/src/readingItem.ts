import type { EnrichedReading, ReadingItem } from './types.js';

/** Where and when a reading was ingested; stored with it for lineage. */
export type IngestMetadata = {
  /** S3 key of the source file. */
  sourceKey: string;
  /** Canonical UTC timestamp of ingestion. */
  ingestedAt: string;
};

/**
 * Maps an enriched reading to its readings-table item. The anomaly index key
 * `anomaly_site_id` is set only on anomalous readings: DynamoDB cannot index a
 * boolean, and a sparse GSI holds exactly the items that carry its key.
 *
 * @example
 * toReadingItem(enrichReading(reading), { sourceKey: 'readings/2025/02/16/21/x.json', ingestedAt });
 */
export function toReadingItem(reading: EnrichedReading, metadata: IngestMetadata): ReadingItem {
  const item: ReadingItem = {
    site_id: reading.site_id,
    timestamp: reading.timestamp,
    energy_generated_kwh: reading.energy_generated_kwh,
    energy_consumed_kwh: reading.energy_consumed_kwh,
    net_energy_kwh: reading.net_energy_kwh,
    anomaly: reading.anomaly,
    anomaly_reasons: [...reading.anomaly_reasons],
    source_key: metadata.sourceKey,
    ingested_at: metadata.ingestedAt,
  };
  if (reading.anomaly) item.anomaly_site_id = reading.site_id;
  return item;
}

/** Reads back the domain view of a stored item (drops lineage and index attributes). */
export function fromReadingItem(item: ReadingItem): EnrichedReading {
  return { ...toFlatRecord(item), anomaly_reasons: [...(item.anomaly_reasons ?? [])] };
}

/** The flat record the original API returned, kept for its clients (`/fetchrecords` and friends). */
export type FlatRecord = Pick<
  EnrichedReading,
  'site_id' | 'timestamp' | 'energy_generated_kwh' | 'energy_consumed_kwh' | 'net_energy_kwh' | 'anomaly'
>;

/** Projects a stored item to the original API's flat record. */
export function toFlatRecord(item: ReadingItem): FlatRecord {
  return {
    site_id: item.site_id,
    timestamp: item.timestamp,
    energy_generated_kwh: item.energy_generated_kwh,
    energy_consumed_kwh: item.energy_consumed_kwh,
    net_energy_kwh: item.net_energy_kwh,
    anomaly: item.anomaly,
  };
}
