import type { ResourceNames } from '@energy/config';
import { READINGS_TABLE, SUMMARY_TABLE } from '@energy/core';
import type { TableDefinition, WireItem } from '@energy/cost-meter';
import type { StackSettings } from '@energy/local-stack';

/**
 * The key schemas and GSIs of the stack's tables, from the same constants and settings the
 * provisioning and Terraform use: the readings table's sparse anomaly index (projection
 * from `STACK_SETTINGS.tables.anomalyIndexProjection`) bills a write for every anomalous reading.
 */
export function pipelineTables(names: ResourceNames, settings: StackSettings): TableDefinition[] {
  return [
    {
      name: names.readingsTable,
      partitionKey: READINGS_TABLE.partitionKey,
      sortKey: READINGS_TABLE.sortKey,
      indexes: [
        {
          name: READINGS_TABLE.anomalyIndexName,
          partitionKey: READINGS_TABLE.anomalyIndexPartitionKey,
          sortKey: READINGS_TABLE.anomalyIndexSortKey,
          projection: settings.tables.anomalyIndexProjection === 'ALL' ? 'ALL' : 'KEYS_ONLY',
        },
      ],
    },
    { name: names.summaryTable, partitionKey: SUMMARY_TABLE.partitionKey, sortKey: SUMMARY_TABLE.sortKey },
  ];
}

/** Ledger of the alert-dedupe markers the processor keeps in the summary table (`pk` = `ALERT#<site>`). */
export const ALERTS_TAG = 'alerts';

/** Tags summary-table items that belong to alerting, so that their capacity counts as alerts, not summary upkeep. */
export function alertTag(_table: string, item: WireItem): string | undefined {
  const pk = item[SUMMARY_TABLE.partitionKey]?.S;
  return pk?.startsWith('ALERT#') ? ALERTS_TAG : undefined;
}
