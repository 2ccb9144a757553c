import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { SummaryTable } from '@energy/aws-clients/summary-table';
import {
  ALERT_EVENT,
  ALERTER_KEY,
  type AlertEvent,
  type AlertRecord,
  type AlertStateItem,
  alerterMetaKey,
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
   * Heads of the lookback window folded in completely: per hour, their `headToken`s
   * concatenated. Pruned as hours leave the window.
   */
  done: Record<string, string>;
  /**
   * Heads with observations after the settled time (by `headIdentity`): epoch ms up to which
   * they are folded in. A handful: the files of the last `settle` seconds.
   */
  pending: Record<string, number>;
  /** Shard count of the state's layout. */
  shards: number;
  /** Current slot (0 or 1) of each shard: the state is the items these name. */
  slots: number[];
  /** Digest period (epoch ms / digest length, floored) last dealt with. */
  digest_period: number;
  /** Changes since the last digest. */
  digest_changes: DigestChanges;
  /** When the alerter wrote it, canonical UTC. */
  updated_at: string;
  /**
   * Commits so far (absent on a checkpoint written before versions): a run takes the lease only
   * if the checkpoint is still the one it read, so it never acts on a stale snapshot.
   */
  version?: number;
};

/** A run lost its lease before its checkpoint (it ran longer than the lease). */
class LeaseLostError extends Error {
  public override readonly name = 'LeaseLostError';
}

/** The lease attributes on the checkpoint item while a run holds it. */
type Lease = { lease_owner?: string; lease_until?: number };

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
   * Takes the lease until `untilMs` unless another run holds an unexpired one, or committed
   * since this run's snapshot (the checkpoint's `version` is no longer `seenVersion`): two runs
   * never announce the same changes at once, and none announces from a stale snapshot. The lease
   * lives on the checkpoint item (kept small), so taking it costs one write unit and the commit
   * gives it back. False when it is held or the checkpoint moved on.
   */
  public async acquireLease(
    owner: string,
    nowMs: number,
    untilMs: number,
    seenVersion: number | undefined,
  ): Promise<boolean> {
    const values: Record<string, unknown> = { ':owner': owner, ':until': untilMs, ':now': nowMs };
    if (seenVersion !== undefined) values[':seen'] = seenVersion;
    try {
      await this.#ddb.send(
        new UpdateCommand({
          TableName: this.#tableName,
          Key: alerterMetaKey(),
          UpdateExpression: 'SET lease_owner = :owner, lease_until = :until',
          ConditionExpression: `(attribute_not_exists(lease_until) OR lease_until < :now) AND ${
            seenVersion === undefined ? 'attribute_not_exists(version)' : 'version = :seen'
          }`,
          ExpressionAttributeValues: values,
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /** Gives the lease back without a checkpoint (a run that stops early), if this run still holds it. */
  public async releaseLease(owner: string): Promise<void> {
    try {
      await this.#ddb.send(
        new UpdateCommand({
          TableName: this.#tableName,
          Key: alerterMetaKey(),
          UpdateExpression: 'REMOVE lease_owner, lease_until',
          ConditionExpression: 'lease_owner = :owner',
          ExpressionAttributeValues: { ':owner': owner },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  /**
   * Writes the checkpoint and so gives the lease back, only while this run holds the lease: a
   * run that outlived it must not overwrite the next run's checkpoint.
   * @throws LeaseLostError when another run took the lease meanwhile.
   */
  public async commit(meta: AlerterMeta, owner: string): Promise<void> {
    try {
      await this.#ddb.send(
        new PutCommand({
          TableName: this.#tableName,
          Item: meta,
          ConditionExpression: 'lease_owner = :owner',
          ExpressionAttributeValues: { ':owner': owner },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException)
        throw new LeaseLostError('the alerter lost its lease before its checkpoint: another run took over');
      throw error;
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
      // Before the first checkpoint the item holds only the lease.
      if (item.sk === ALERTER_KEY.meta && item.settled_ms !== undefined) {
        const { lease_owner: _owner, lease_until: _until, ...stored } = item as AlerterMeta & Lease;
        meta = stored;
      } else if (String(item.sk).startsWith(ALERTER_KEY.statePrefix)) shards.push(item as AlertStateItem);
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
        // ALL_NEW, not UPDATED_NEW: an attribute set to the value it had may be left out of the latter.
        ReturnValues: 'ALL_NEW',
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
