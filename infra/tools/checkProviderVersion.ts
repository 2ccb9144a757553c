import { repoRelative } from './paths.js';
import type { ProviderSchema } from './providerSchema.js';
import type { Finding, HclValue, TerraformConfiguration } from './types.js';
import { admits } from './versionConstraint.js';

function isObject(value: HclValue | undefined): value is Record<string, HclValue> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks every module's `required_providers.aws`: source `hashicorp/aws` and a version
 * constraint that admits the provider version the committed schema was extracted from
 * (so the schema check describes the provider `terraform init` installs). The root
 * module must declare one.
 *
 * @example
 * checkProviderVersion(config, schema); // [] when every constraint admits 6.66.0
 */
export function checkProviderVersion(config: TerraformConfiguration, schema: ProviderSchema): Finding[] {
  const findings: Finding[] = [];
  for (const module of config.modules.values()) {
    const file = module.files.find((candidate) => candidate.endsWith('versions.tf')) ?? module.dir;
    const report = (message: string) =>
      findings.push({
        check: 'provider-version',
        file: repoRelative(file),
        address: 'terraform.required_providers',
        message,
      });
    const declarations = module.terraformBlocks.flatMap((block) =>
      (Array.isArray(block.required_providers) ? block.required_providers : []).filter(isObject),
    );
    const aws = declarations.map((declaration) => declaration.aws).find(isObject);
    if (aws === undefined) {
      if (module === config.root) report('the root module does not declare required_providers.aws');
      continue;
    }
    if (aws.source !== 'hashicorp/aws')
      report(`aws provider source is ${JSON.stringify(aws.source)}, expected "hashicorp/aws"`);
    if (typeof aws.version !== 'string') {
      report('aws provider has no version constraint');
    } else if (!admits(aws.version, schema.providerVersion)) {
      report(
        `aws provider constraint "${aws.version}" does not admit ${schema.providerVersion}, the version infra/schema/aws-provider.json describes; re-extract the schema or fix the constraint`,
      );
    }
  }
  return findings;
}
