import type { SummaryKey } from '../summaryKeys.js';
import { ALERTER_KEY } from './constants.js';

/** Key of the alerter's lease item. */
export function alerterLeaseKey(): SummaryKey {
  return { pk: ALERTER_KEY.partition, sk: ALERTER_KEY.lease };
}

/** Key of the alerter's checkpoint item. */
export function alerterMetaKey(): SummaryKey {
  return { pk: ALERTER_KEY.partition, sk: ALERTER_KEY.meta };
}

/** Key of one working-state shard, laid out for `shards` shards. */
export function alerterStateKey(shards: number, shard: number): SummaryKey {
  return { pk: ALERTER_KEY.partition, sk: `${ALERTER_KEY.statePrefix}${shards}#${shard}` };
}

/** The layout (`shards`, `shard`) of a state item's sort key, or undefined when it is not one. */
export function parseAlerterStateKey(sk: string): { shards: number; shard: number } | undefined {
  if (!sk.startsWith(ALERTER_KEY.statePrefix)) return undefined;
  const [shards, shard] = sk.slice(ALERTER_KEY.statePrefix.length).split('#').map(Number);
  if (!Number.isInteger(shards) || !Number.isInteger(shard)) return undefined;
  return { shards: shards as number, shard: shard as number };
}
