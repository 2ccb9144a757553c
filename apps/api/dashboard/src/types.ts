import type { AlertRecord, Bucket } from '@energy/core';

/** Time-bucket granularity of the summary. */
export type { Bucket };

/** Totals of some readings, as the summary route reports them. */
export type Aggregate = {
  /** Energy generated, kWh. */
  generated_kwh: number;
  /** Energy consumed, kWh. */
  consumed_kwh: number;
  /** Generated minus consumed, kWh. */
  net_kwh: number;
  /** Readings. */
  count: number;
  /** Anomalous readings. */
  anomalies: number;
  /** Readings whose energy is left out of the sums (a faulty meter value). */
  excluded: number;
};

/** One site's totals for one time bucket. */
export type BucketTotals = Aggregate & {
  /** The site. */
  site_id: string;
  /** Bucket value in UTC: `2025-02-16T21` (hour) or `2025-02-16` (day). */
  bucket: string;
};

/** The body of `GET /v1/summary` (see the Summary schema in /openapi.json). */
export type Summary = {
  /** Granularity of `items` and `timeline`. */
  bucket: Bucket;
  /** Normalised lower bound, inclusive. */
  from: string;
  /** Normalised upper bound, inclusive. */
  to: string;
  /** One entry per site and bucket that has readings. */
  items: BucketTotals[];
  /** Totals per site of the page over the range, zero for a site without readings. */
  sites: (Aggregate & { site_id: string })[];
  /** The fleet's (or the chosen site's) totals per bucket that has readings, in time order. */
  timeline: (Aggregate & { bucket: string })[];
  /** The fleet's (or the chosen site's) totals over the range. */
  totals: Aggregate;
};

/** The body of `GET /v1/summary/top`. */
export type TopSites = {
  /** First day ranked. */
  from: string;
  /** Last day ranked. */
  to: string;
  /** Sites with readings in the range. */
  sites: number;
  /** Most anomalous first. */
  by_anomalies: (Aggregate & { site_id: string })[];
  /** Highest net energy first. */
  by_net: (Aggregate & { site_id: string })[];
};

/** One anomalous reading, as `GET /v1/sites/{site_id}/anomalies` returns it. */
export type AnomalyRecord = {
  /** The site. */
  site_id: string;
  /** Canonical UTC timestamp. */
  timestamp: string;
  /** Energy generated, kWh (negative: faulty meter). */
  energy_generated_kwh: number;
  /** Energy consumed, kWh (negative: faulty meter). */
  energy_consumed_kwh: number;
  /** Generated minus consumed, kWh. */
  net_energy_kwh: number;
  /** Reason codes of the matched anomaly rules. */
  anomaly_reasons: string[];
};

/** A time window the dashboard shows, with the bucket its charts use. */
export type TimeWindow = {
  /** First instant, ISO-8601 UTC, inclusive. */
  from: string;
  /** Last instant, ISO-8601 UTC, inclusive. */
  to: string;
  /** Granularity of the time chart. */
  bucket: Bucket;
};

/** One alert episode, as `GET /v1/alerts` returns it: core's record without the alerter's bookkeeping. */
export type AlertEpisode = Omit<AlertRecord, 'pk' | 'sk' | 'notified' | 'expires_at'>;

/** The open alerts the panel shows, and whether the API holds more than were read. */
export type OpenAlerts = {
  /** Open episodes read, in the API's order (site id, rule, opening time). */
  items: AlertEpisode[];
  /** True when more open episodes may exist than were read. */
  more: boolean;
};
