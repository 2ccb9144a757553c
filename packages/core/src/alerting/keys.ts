import type { SummaryKey } from '../summaryKeys.js';
import { ALERTER_KEY } from './constants.js';

/** Key of the alerter's checkpoint item (which also holds its lease). */
export function alerterMetaKey(): SummaryKey {
  return { pk: ALERTER_KEY.partition, sk: ALERTER_KEY.meta };
}

/**
 * Key of one working-state shard, laid out for `shards` shards, in one of two slots: a run
 * writes a changed shard to the slot the checkpoint does not point at, and the checkpoint
 * (written last) switches to it, so a run that dies half-way leaves the committed state whole.
 */
export function alerterStateKey(shards: number, shard: number, slot: number): SummaryKey {
  return { pk: ALERTER_KEY.partition, sk: `${ALERTER_KEY.statePrefix}${shards}#${shard}#${slot}` };
}
