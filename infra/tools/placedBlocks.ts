import { resourceAddress } from './loadModule.js';
import { allInstances, type ModuleInstance } from './moduleInstances.js';
import { ResourceReference, type StaticValue } from './staticEvaluator.js';
import type { ResourceBlock } from './types.js';

/** A block in a module instance. */
export type PlacedBlock = {
  /** The instance. */
  instance: ModuleInstance;
  /** The block. */
  block: ResourceBlock;
};

/**
 * Every block of one type across all module instances.
 *
 * @example
 * placedBlocks(root, 'aws_sqs_queue').map(placedAddress); // ['module.queue.aws_sqs_queue.dead_letter', …]
 */
export function placedBlocks(
  root: ModuleInstance,
  type: string,
  mode: 'managed' | 'data' = 'managed',
): PlacedBlock[] {
  return allInstances(root).flatMap((instance) =>
    instance.module.resources
      .filter((block) => block.type === type && block.mode === mode)
      .map((block) => ({ instance, block })),
  );
}

/** Full address of a block in an instance (`module.x.aws_y.z`). */
export function placedAddress({ instance, block }: PlacedBlock): string {
  return `${instance.path === '' ? '' : `${instance.path}.`}${resourceAddress(block)}`;
}

/** Whether an evaluated value is a reference to (an attribute of) that block in that instance. */
export function pointsAt(value: StaticValue, target: PlacedBlock): boolean {
  return (
    value instanceof ResourceReference && value.instance === target.instance && value.block === target.block
  );
}

/** The block a value references, if it is a resource reference. */
export function referencedBlock(value: StaticValue): PlacedBlock | undefined {
  return value instanceof ResourceReference ? { instance: value.instance, block: value.block } : undefined;
}
