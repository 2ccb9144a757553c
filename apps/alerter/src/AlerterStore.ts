import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { SummaryTable } from '@energy/aws-clients/summary-table';
import {
  ALERT_EVENT,
  ALERTER_KEY,
  type AlertEvent,
  type AlertRecord,
  type AlertStateItem,
  alerterLeaseKey,
  type ContributionHead,
  type ContributionPart,
  type DigestChanges,
  headKey,
  SUMMARY_KEY,
  type SummaryKey,
} from '@energy/core';

/** The alerter's checkpoint item (`pk = ALERTER`, `sk = META`). */
export type AlerterMeta = {
  pk: string;
  sk: string;
  /** Settled time of the last committed run, epoch ms: observations up to it are folded in. */
  settled_ms: number;
  /**
   * Heads of the lookback window already read, by identity (`headIdentity`): epoch ms up to
   * which their observations are folded in. Pruned as hours leave the window.
   */
  folded: Record<string, number>;
  /** Shard count of the state's layout. */
  shards: number;
  /** Digest period (epoch ms / digest length, floored) last dealt with. */
  digest_period: number;
  /** Changes since the last digest. */
  digest_changes: DigestChanges;
  /** When the alerter wrote it, canonical UTC. */
  updated_at: string;
};

/** What a run starts from. */
export type AlerterSnapshot = {
  /** The checkpoint, absent before the first run. */
  meta: AlerterMeta | undefined;
  /** Every state shard item, of any layout. */
  shards: AlertStateItem[];
};

/**
 * The alerter's reads and writes of the summary table, over an injected document client: its
 * lease, checkpoint and state shards (`pk = ALERTER`), the contribution heads and parts it reads,
 * and the `ALERTS` episode records.
 */
export class AlerterStore {
  readonly #ddb: DynamoDBDocumentClient;
  readonly #tableName: string;
  readonly #table: SummaryTable;

  public constructor(ddb: DynamoDBDocumentClient, tableName: string) {
    this.#ddb = ddb;
    this.#tableName = tableName;
    this.#table = new SummaryTable(ddb, tableName);
  }

  /**
   * Takes the lease until `untilMs` unless another run holds an unexpired one: two runs never
   * fold the same heads at once. False when it is held.
   */
  public async acquireLease(owner: string, nowMs: number, untilMs: number): Promise<boolean> {
    try {
      await this.#ddb.send(
        new PutCommand({
          TableName: this.#tableName,
          Item: { ...alerterLeaseKey(), owner, until_ms: untilMs },
          ConditionExpression: 'attribute_not_exists(pk) OR until_ms < :now',
          ExpressionAttributeValues: { ':now': nowMs },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /** Gives the lease back if this run still holds it. */
  public async releaseLease(owner: string): Promise<void> {
    try {
      await this.#ddb.send(
        new DeleteCommand({
          TableName: this.#tableName,
          Key: alerterLeaseKey(),
          ConditionExpression: '#owner = :owner',
          ExpressionAttributeNames: { '#owner': 'owner' },
          ExpressionAttributeValues: { ':owner': owner },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  /** The checkpoint and the state shards, strongly consistent (one Query of the `ALERTER` partition). */
  public async snapshot(): Promise<AlerterSnapshot> {
    const items = await this.#table.query<Record<string, unknown>>(ALERTER_KEY.partition, undefined, {
      consistent: true,
    });
    let meta: AlerterMeta | undefined;
    const shards: AlertStateItem[] = [];
    for (const item of items) {
      if (item.sk === ALERTER_KEY.meta) meta = item as AlerterMeta;
      else if (String(item.sk).startsWith(ALERTER_KEY.statePrefix)) shards.push(item as AlertStateItem);
    }
    return { meta, shards };
  }

  /** The contribution heads of the hours `fromHour`..`toHour` of one day (`YYYY-MM-DDTHH`). */
  public async heads(fromHour: string, toHour: string): Promise<ContributionHead[]> {
    const from = headKey(fromHour, '', 0);
    const to = headKey(toHour, '', 0);
    return this.#table.query<ContributionHead>(from.pk, {
      start: from.sk.slice(0, 3),
      end: `${to.sk.slice(0, 2)}#~`,
    });
  }

  /** The contribution parts of one hour. */
  public async parts(hour: string): Promise<ContributionPart[]> {
    return this.#table.query<ContributionPart>(`${SUMMARY_KEY.sites}${hour}`);
  }

  /**
   * Writes an episode's record, keeping the events already published (`notified`): a rerun
   * rewrites the same facts and learns what it must not send again. Returns `notified`.
   */
  public async writeRecord(record: Omit<AlertRecord, 'notified'>): Promise<AlertEvent[]> {
    const { pk, sk, ...rest } = record;
    const names: Record<string, string> = { '#notified': 'notified' };
    const values: Record<string, unknown> = { ':none': [] };
    const sets = Object.entries(rest).map(([name, value], i) => {
      names[`#a${i}`] = name;
      values[`:v${i}`] = value;
      return `#a${i} = :v${i}`;
    });
    const output = await this.#ddb.send(
      new UpdateCommand({
        TableName: this.#tableName,
        Key: { pk, sk },
        UpdateExpression: `SET ${[...sets, '#notified = if_not_exists(#notified, :none)'].join(', ')}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return ((output.Attributes?.notified as AlertEvent[] | undefined) ?? []).map(String) as AlertEvent[];
  }

  /**
   * Records that an event of an episode was published: once for `opened` and `resolved` (a
   * repeat adds nothing); each re-notification adds one `renotified`, so their count says how
   * many went out.
   */
  public async markNotified(key: SummaryKey, event: AlertEvent): Promise<void> {
    const once = event !== ALERT_EVENT.renotified;
    try {
      await this.#ddb.send(
        new UpdateCommand({
          TableName: this.#tableName,
          Key: key,
          UpdateExpression: 'SET #notified = list_append(#notified, :event)',
          ...(once && { ConditionExpression: 'NOT contains(#notified, :name)' }),
          ExpressionAttributeNames: { '#notified': 'notified' },
          ExpressionAttributeValues: { ':event': [event], ...(once && { ':name': event }) },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  /** Puts items (state shards, the checkpoint) as they are. */
  public async put(items: readonly Record<string, unknown>[]): Promise<void> {
    await this.#table.put(items);
  }

  /** Deletes items (state shards of a layout the fleet outgrew). */
  public async delete(keys: readonly SummaryKey[]): Promise<void> {
    for (const key of keys) await this.#ddb.send(new DeleteCommand({ TableName: this.#tableName, Key: key }));
  }
}
