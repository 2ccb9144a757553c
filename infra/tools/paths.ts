import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The `infra/` directory (the root Terraform configuration). */
export const INFRA_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The repository root. */
export const REPO_ROOT = resolve(INFRA_DIR, '..');

/** The committed provider schema extracted from `@cdktn/provider-aws`. */
export const PROVIDER_SCHEMA_PATH = resolve(INFRA_DIR, 'schema', 'aws-provider.json');

/** Negative fixtures: small Terraform trees that each break one rule. */
export const FIXTURES_DIR = resolve(INFRA_DIR, 'tests', 'fixtures');

/**
 * A path relative to the repository root, for messages that read the same on every machine.
 *
 * @example
 * repoRelative(`${REPO_ROOT}/infra/main.tf`); // 'infra/main.tf'
 */
export function repoRelative(path: string): string {
  return relative(REPO_ROOT, path);
}
