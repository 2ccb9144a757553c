import type { Reading } from './types.js';

/** One anomaly rule: a stable code and a predicate. */
export type AnomalyRule = {
  /** Stable reason code, stored with the reading and used in alert filter policies. Never rename one. */
  code: string;
  /** One-line description for alerts and the dashboard. */
  description: string;
  /** True when the reading breaks the rule. */
  matches: (reading: Reading) => boolean;
};

/** Stable reason codes of the built-in rules. */
export const ANOMALY_REASON = {
  negativeGeneration: 'NEGATIVE_GENERATION',
  negativeConsumption: 'NEGATIVE_CONSUMPTION',
} as const;

/**
 * The built-in rules, in evaluation order. A faulty meter reports a negative
 * value (the original feed used -1). `-0` is not below zero and is not an anomaly.
 * Extend by passing a longer list to {@link evaluateAnomalies}; callers need not change.
 */
export const DEFAULT_ANOMALY_RULES: readonly AnomalyRule[] = [
  {
    code: ANOMALY_REASON.negativeGeneration,
    description: 'energy_generated_kwh is negative',
    matches: (reading) => reading.energy_generated_kwh < 0,
  },
  {
    code: ANOMALY_REASON.negativeConsumption,
    description: 'energy_consumed_kwh is negative',
    matches: (reading) => reading.energy_consumed_kwh < 0,
  },
];

/**
 * Runs the rules against a reading and returns the codes of those that match, in rule order.
 *
 * @example
 * evaluateAnomalies({ site_id: 's1', timestamp, energy_generated_kwh: -1, energy_consumed_kwh: 5 });
 * // ['NEGATIVE_GENERATION']
 */
export function evaluateAnomalies(
  reading: Reading,
  rules: readonly AnomalyRule[] = DEFAULT_ANOMALY_RULES,
): string[] {
  const reasons: string[] = [];
  for (const rule of rules) if (rule.matches(reading)) reasons.push(rule.code);
  return reasons;
}
