import { readFile } from 'node:fs/promises';
import { parseTerraformFile } from './loadModule.js';

/** Resource and data source types a set of `.tf` files declares. */
export type UsedResourceTypes = {
  /** Managed resource types, sorted. */
  resources: string[];
  /** Data source types, sorted. */
  dataSources: string[];
};

/**
 * The resource and data source types declared across `files` — what the committed
 * provider schema has to cover.
 *
 * @example
 * await usedResourceTypes(['/…/infra/modules/queue/main.tf']); // { resources: ['aws_sqs_queue', …], dataSources: […] }
 */
export async function usedResourceTypes(files: readonly string[]): Promise<UsedResourceTypes> {
  const resources = new Set<string>();
  const dataSources = new Set<string>();
  for (const file of files) {
    const parsed = await parseTerraformFile(file, await readFile(file, 'utf8'));
    for (const type of Object.keys((parsed.resource ?? {}) as object)) resources.add(type);
    for (const type of Object.keys((parsed.data ?? {}) as object)) dataSources.add(type);
  }
  return { resources: [...resources].sort(), dataSources: [...dataSources].sort() };
}
