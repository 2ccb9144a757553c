import { type AnomalyRule, DEFAULT_ANOMALY_RULES, evaluateAnomalies } from './anomalyRules.js';
import { subtractExact } from './decimal.js';
import type { EnrichedReading, Reading } from './types.js';

/**
 * Applies the domain rules to a valid reading: exact net energy and the anomaly verdict.
 *
 * @example
 * enrichReading({ site_id: 'site1', timestamp: '2025-02-16T21:30:43.000Z', energy_generated_kwh: 10.1, energy_consumed_kwh: 3.3 });
 * // { ..., net_energy_kwh: 6.8, anomaly: false, anomaly_reasons: [] }
 */
export function enrichReading(
  reading: Reading,
  rules: readonly AnomalyRule[] = DEFAULT_ANOMALY_RULES,
): EnrichedReading {
  const anomalyReasons = evaluateAnomalies(reading, rules);
  return {
    site_id: reading.site_id,
    timestamp: reading.timestamp,
    energy_generated_kwh: reading.energy_generated_kwh,
    energy_consumed_kwh: reading.energy_consumed_kwh,
    net_energy_kwh: subtractExact(reading.energy_generated_kwh, reading.energy_consumed_kwh),
    anomaly: anomalyReasons.length > 0,
    anomaly_reasons: anomalyReasons,
  };
}
