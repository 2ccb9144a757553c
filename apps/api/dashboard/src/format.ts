import { DEFAULT_ANOMALY_RULES, SILENT_SITE_RULE } from '@energy/core';
import { bucketStartMs } from './timeRange.js';
import type { Bucket } from './types.js';

const oneDecimal = new Intl.NumberFormat(undefined, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const twoDecimals = new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const percent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });
const hourLabel = new Intl.DateTimeFormat(undefined, {
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
});
const dayLabel = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });
const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const dateTime = new Intl.DateTimeFormat(undefined, {
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** Energy for headlines: kWh with one decimal, MWh from 10,000 kWh up. */
export function formatEnergy(kwh: number): string {
  return Math.abs(kwh) >= 10_000 ? `${oneDecimal.format(kwh / 1000)} MWh` : `${oneDecimal.format(kwh)} kWh`;
}

/** Energy in kWh with two decimals and the unit, for tooltips. */
export function formatKwh(kwh: number): string {
  return `${formatDecimal(kwh)} kWh`;
}

/** A number with two decimals, for table columns whose header names the unit. */
export function formatDecimal(value: number): string {
  return twoDecimals.format(value);
}

/** A whole number with grouping. */
export function formatCount(value: number): string {
  return integer.format(value);
}

/** A share such as `12.5 %`; a dash when there is nothing to divide by. */
export function formatShare(part: number, whole: number): string {
  return whole > 0 ? percent.format(part / whole) : '–';
}

/** Axis and tooltip label of a bucket, in the viewer's time zone. */
export function formatBucket(value: string, bucket: Bucket): string {
  const start = new Date(bucketStartMs(value, bucket));
  return bucket === 'hour' ? hourLabel.format(start) : dayLabel.format(start);
}

/** Time of day of an instant, for the "updated at" status. */
export function formatClock(instant: Date): string {
  return clock.format(instant);
}

/** Date and time of a reading, in the viewer's time zone. */
export function formatTimestamp(timestamp: string): string {
  return dateTime.format(new Date(timestamp));
}

/** How long ago an instant was, coarsely: `just now`, `5 min ago`, `3 h ago`, `2 d ago`. */
export function formatAge(timestamp: string, now: Date): string {
  const seconds = Math.max(0, Math.round((now.getTime() - Date.parse(timestamp)) / 1000));
  if (seconds < 60) return 'just now';
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  return `${Math.floor(seconds / 86_400)} d ago`;
}

const RULE_DESCRIPTIONS = new Map([
  ...DEFAULT_ANOMALY_RULES.map((rule) => [rule.code, rule.description] as const),
  [SILENT_SITE_RULE, 'the site sent no reading for several intervals'] as const,
]);

/**
 * A reason code for people: `NEGATIVE_GENERATION` → `Negative generation`, with the
 * rule's one-line description (from the same rules the processor applies) as detail.
 */
export function describeReason(code: string): { label: string; detail: string } {
  const words = code.toLowerCase().replaceAll('_', ' ');
  return {
    label: words.charAt(0).toUpperCase() + words.slice(1),
    detail: RULE_DESCRIPTIONS.get(code) ?? code,
  };
}
