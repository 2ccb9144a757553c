import { STACK_SETTINGS } from '@energy/config';
import { READINGS_TABLE, SUMMARY_TABLE } from '@energy/core';
import type { TableDefinition } from './dynamodbCapacity.js';

/**
 * The key schemas and GSIs of this project's tables, from the constants and settings the
 * provisioning and Terraform use: the readings table's sparse anomaly index (projection
 * `STACK_SETTINGS.tables.anomalyIndexProjection`) bills a write for every anomalous reading.
 *
 * @example
 * new CostMeter({ tables: stackTables(resourceNames('energy-dev')) });
 */
export function stackTables(
  names: { readingsTable: string; summaryTable: string },
  anomalyIndexProjection: string = STACK_SETTINGS.tables.anomalyIndexProjection,
): TableDefinition[] {
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
          projection: anomalyIndexProjection === 'ALL' ? 'ALL' : 'KEYS_ONLY',
        },
      ],
    },
    { name: names.summaryTable, partitionKey: SUMMARY_TABLE.partitionKey, sortKey: SUMMARY_TABLE.sortKey },
  ];
}
