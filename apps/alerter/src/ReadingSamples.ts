import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ALERTER_LIMITS, type AlertEvidence, READINGS_TABLE, type ReadingItem } from '@energy/core';

/** Reads the evidence of an alert: a few anomalous readings of a site and rule. */
export type SampleReader = {
  /** Up to {@link ALERTER_LIMITS.sampleValues} readings of `siteId` flagged with `rule` in [from, to] (canonical times). */
  samples: (siteId: string, rule: string, from: string, to: string) => Promise<AlertEvidence>;
};

/**
 * Sample readings from the readings table's sparse anomaly index: one Query of at most
 * {@link ALERTER_LIMITS.sampleQueryLimit} items, only at state changes (never per reading),
 * filtered here to the rule (a reading flagged with another rule only is skipped).
 */
export class ReadingSamples implements SampleReader {
  readonly #ddb: DynamoDBDocumentClient;
  readonly #tableName: string;

  public constructor(ddb: DynamoDBDocumentClient, tableName: string) {
    this.#ddb = ddb;
    this.#tableName = tableName;
  }

  public async samples(siteId: string, rule: string, from: string, to: string): Promise<AlertEvidence> {
    const output = await this.#ddb.send(
      new QueryCommand({
        TableName: this.#tableName,
        IndexName: READINGS_TABLE.anomalyIndexName,
        KeyConditionExpression: '#site = :site AND #ts BETWEEN :from AND :to',
        ExpressionAttributeNames: {
          '#site': READINGS_TABLE.anomalyIndexPartitionKey,
          '#ts': READINGS_TABLE.anomalyIndexSortKey,
        },
        ExpressionAttributeValues: { ':site': siteId, ':from': from, ':to': to },
        Limit: ALERTER_LIMITS.sampleQueryLimit,
      }),
    );
    const items = ((output.Items ?? []) as ReadingItem[]).filter((item) =>
      (item.anomaly_reasons ?? []).includes(rule),
    );
    const picked = items.slice(0, ALERTER_LIMITS.sampleValues);
    return {
      samples: picked.map((item) => ({
        timestamp: item.timestamp,
        energy_generated_kwh: item.energy_generated_kwh,
        energy_consumed_kwh: item.energy_consumed_kwh,
      })),
      sourceKeys: [...new Set(picked.map((item) => item.source_key))],
    };
  }
}
