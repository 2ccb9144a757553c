import { readFile } from 'node:fs/promises';
import { format } from '@cdktf/hcl-tools';
import { lineDiff } from './lineDiff.js';
import { repoRelative } from './paths.js';
import type { Finding } from './types.js';

/**
 * Formats HCL exactly as `terraform fmt` does: `@cdktf/hcl-tools` runs HashiCorp's
 * hclwrite formatter (the code behind `terraform fmt`) compiled to WebAssembly.
 *
 * @example
 * await formatHcl('a=1\n'); // 'a = 1\n'
 */
export async function formatHcl(source: string): Promise<string> {
  return format(source);
}

/**
 * One finding per file whose text differs from its `terraform fmt` form, with a diff
 * of what formatting would change.
 *
 * @example
 * await checkFormat(await listTerraformFiles(INFRA_DIR)); // [] when every file is formatted
 */
export async function checkFormat(files: readonly string[]): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const file of files) {
    const source = await readFile(file, 'utf8');
    const formatted = await formatHcl(source);
    if (formatted !== source) {
      findings.push({
        check: 'format',
        file: repoRelative(file),
        address: repoRelative(file),
        message: `not formatted as \`terraform fmt\` would (run \`pnpm --filter @energy/infra fmt\`):\n${lineDiff(source, formatted)}`,
      });
    }
  }
  return findings;
}
