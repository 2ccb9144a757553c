import { ALERTER_KEY, ALERTS_PARTITION, SUMMARY_TABLE } from '@energy/core';
import type { WireItem } from '@energy/cost-meter';

/**
 * Ledger of alerting's items in the summary table: the alerter's episodes (`ALERTS`) and working
 * state and checkpoint (`ALERTER`), and the opt-in per-reading feed's dedupe markers (`ALERT#<site>`).
 */
export const ALERTS_TAG = 'alerts';

/** Tags summary-table items that belong to alerting, so that their capacity counts as alerts, not summary upkeep. */
export function alertTag(_table: string, item: WireItem): string | undefined {
  const pk = item[SUMMARY_TABLE.partitionKey]?.S;
  return pk !== undefined &&
    (pk.startsWith('ALERT#') || pk === ALERTS_PARTITION || pk === ALERTER_KEY.partition)
    ? ALERTS_TAG
    : undefined;
}
