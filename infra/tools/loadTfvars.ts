import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseTerraformFile } from './loadModule.js';
import type { HclValue } from './types.js';

/** Variable values of one committed tfvars example. */
export type TfvarsExample = {
  /** Absolute path. */
  file: string;
  /** Values by variable name, as hcl2json renders them. */
  values: Record<string, HclValue>;
};

/**
 * Reads the committed tfvars examples of a root module (`*.tfvars.example`, and
 * `*.tfvars` files when committed): the values a user must supply for variables without defaults.
 *
 * @example
 * await loadTfvarsExamples(INFRA_DIR); // [{ file: '/…/infra/terraform.tfvars.example', values: { alert_emails: [...] } }]
 */
export async function loadTfvarsExamples(dir: string): Promise<TfvarsExample[]> {
  const names = (await readdir(dir)).filter((name) => /\.tfvars(\.example)?$/.test(name)).sort();
  const examples: TfvarsExample[] = [];
  for (const name of names) {
    const file = join(dir, name);
    const values = (await parseTerraformFile(file, await readFile(file, 'utf8'))) as Record<string, HclValue>;
    examples.push({ file, values });
  }
  return examples;
}
