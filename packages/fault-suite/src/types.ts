import type { RuntimeStack } from '@energy/local-stack';

/** What the child runtime needs to host the processor against a provisioned stack. */
export type RuntimeSpec = {
  /** The stack as the functions see it (its endpoint: the fault proxy), without its clients. */
  stack: Omit<RuntimeStack, 'clients'>;
};

/** One reading as uploaded. */
export type UploadedReading = {
  /** Site. */
  site_id: string;
  /** Canonical UTC timestamp (`toISOString`). */
  timestamp: string;
  /** kWh. */
  energy_generated_kwh: number;
  /** kWh. */
  energy_consumed_kwh: number;
};

/** What a case expects of one uploaded file. */
export type Expectation = {
  /** Object key. */
  key: string;
  /** Readings that must end in the table, exactly as uploaded. */
  stored: UploadedReading[];
  /** Records that must end in the file's quarantine rejects (with a reason), not in the table. */
  rejected: number;
  /** The whole file must be quarantined (unreadable). */
  quarantinedWhole?: boolean;
  /** The file must not be quarantined whole (it is valid, whatever its notification says). */
  mustNotBeQuarantined?: boolean;
};

/** What the emulator shows after a case, counted against its expectations. */
export type CaseCounts = {
  /** Expected readings not in the table (in the DLQ or gone). */
  readingsLost: number;
  /** Readings in the table that were not uploaded (e.g. stored twice under another key). */
  readingsDuplicated: number;
  /** Readings stored with other values than uploaded. */
  readingsAltered: number;
  /** Records that should be quarantined but are not listed in any rejects file nor quarantined whole. */
  rejectsMissing: number;
  /** Valid files quarantined whole as unreadable or too large. */
  wronglyQuarantined: number;
  /**
   * Anomalous stored readings that never got a per-reading alert; `null` when the case ran with
   * the per-reading feed off (`ALERT_FEED=none`): there are no such alerts to count.
   */
  alertsLost: number | null;
  /** Alerts received more than once (repeats, counted per extra copy); `null` with the feed off. */
  alertsDuplicated: number | null;
  /** Repeats that carried the same alert_id as their first copy (detectable by subscribers); `null` with the feed off. */
  alertsDuplicatedDetectable: number | null;
  /** Messages on the dead-letter queue when the case went quiet (before any redrive). */
  deadLettered: number;
};

/** What the processor did in a case, read from its log lines. */
export type ProcessorActivity = {
  /** Invocations that logged (distinct `function_request_id`). */
  invocations: number;
  /** Continuation messages sent: a file handed on to a new message before the deadline. */
  continuations: number;
};
