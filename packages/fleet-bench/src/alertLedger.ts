import { SUMMARY_TABLE } from '@energy/core';
import type { WireItem } from '@energy/cost-meter';

/** Ledger of the alert-dedupe markers the processor keeps in the summary table (`pk` = `ALERT#<site>`). */
export const ALERTS_TAG = 'alerts';

/** Tags summary-table items that belong to alerting, so that their capacity counts as alerts, not summary upkeep. */
export function alertTag(_table: string, item: WireItem): string | undefined {
  const pk = item[SUMMARY_TABLE.partitionKey]?.S;
  return pk?.startsWith('ALERT#') ? ALERTS_TAG : undefined;
}
