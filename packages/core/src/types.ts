import type { BUCKETS } from './constants.js';

/** A validated reading, as a site reported it, with its timestamp in canonical UTC form. */
export type Reading = {
  /** Site identifier, see {@link SITE_ID}. */
  site_id: string;
  /** Canonical UTC timestamp `YYYY-MM-DDTHH:mm:ss.SSSZ`. */
  timestamp: string;
  /** Energy generated in the interval, kWh (may be negative: a faulty meter). */
  energy_generated_kwh: number;
  /** Energy consumed in the interval, kWh (may be negative: a faulty meter). */
  energy_consumed_kwh: number;
};

/** A reading after the domain rules ran: net energy and anomaly verdict. */
export type EnrichedReading = Reading & {
  /** `energy_generated_kwh - energy_consumed_kwh`, exact at the inputs' decimal precision. */
  net_energy_kwh: number;
  /** True when at least one anomaly rule matched. */
  anomaly: boolean;
  /** Reason codes of the matched rules, in rule order; empty when not anomalous. */
  anomaly_reasons: string[];
};

/** Where a record sat in its file: an array index (0-based) or a line (1-based). */
export type RecordPosition = { index: number } | { line: number };

/** One problem with one field of a record. */
export type FieldIssue = {
  /** The field at fault, or `(record)` when the record as a whole is wrong. */
  field: string;
  /** Human-readable reason, e.g. `must be a finite number, got NaN`. */
  reason: string;
};

/** A record that failed validation, with enough context to find and fix it. */
export type Reject = FieldIssue & {
  /** Where the record sat in its file. */
  position: RecordPosition;
  /** Every issue found in the record; `field`/`reason` repeat the first. */
  issues: FieldIssue[];
  /** The record's source text, cut to a bounded length for quarantine files. */
  raw: string;
};

/** The shape a payload was detected as. */
export type PayloadFormat = 'object' | 'array' | 'ndjson';

/** Result of parsing one file's payload: what can be stored and what cannot. */
export type ParseResult = {
  /** Detected payload shape. */
  format: PayloadFormat;
  /** Valid readings, in file order. */
  readings: Reading[];
  /** Invalid records, in file order. */
  rejects: Reject[];
};

/** One reading item as stored in the readings table. */
export type ReadingItem = EnrichedReading & {
  /** Present (= `site_id`) only on anomalous items: the sparse anomaly index key. */
  anomaly_site_id?: string;
  /** S3 key of the file the reading came from. */
  source_key: string;
  /** When the pipeline stored it, canonical UTC timestamp. */
  ingested_at: string;
};

/** A time-bucket granularity. */
export type Bucket = (typeof BUCKETS)[number];

/** Totals of the readings of one site in one time bucket. */
export type Aggregate = {
  /** Sum of generated energy, kWh. */
  generated_kwh: number;
  /** Sum of consumed energy, kWh. */
  consumed_kwh: number;
  /** Sum of net energy, kWh. */
  net_kwh: number;
  /** Number of readings. */
  count: number;
  /** Number of anomalous readings. */
  anomalies: number;
};
