import { describe, expect, it } from 'vitest';
import { checkProviderSchema } from '../tools/checkProviderSchema.js';
import { checkProviderVersion } from '../tools/checkProviderVersion.js';
import { listTerraformFiles } from '../tools/listTerraformFiles.js';
import { FIXTURES_DIR, INFRA_DIR } from '../tools/paths.js';
import { usedResourceTypes } from '../tools/usedResourceTypes.js';
import { admits } from '../tools/versionConstraint.js';
import { loadFixture, loadInfra } from './helpers/infra.js';

describe('Function: checkProviderSchema', () => {
  it('finds every resource and data block of infra/ conforming to the AWS provider schema', async () => {
    // Prepare
    const { configurations, schema } = await loadInfra();

    // Act
    const findings = configurations.flatMap((config) => checkProviderSchema(config, schema));

    // Assess
    expect(findings).toStrictEqual([]);
  });

  it('catches an unknown argument, a block written for an argument and a missing required argument', async () => {
    // Prepare
    const { config } = await loadFixture('unknown-argument');
    const { schema } = await loadInfra();

    // Act
    const findings = checkProviderSchema(config, schema);

    // Assess
    expect(findings.map(({ address, line, message }) => ({ address, line, message }))).toStrictEqual([
      {
        address: 'aws_sqs_queue.this',
        line: 5,
        message:
          'aws_sqs_queue.this: unknown argument "visibility_timeout" (did you mean "visibility_timeout_seconds"?) (AWS provider 6.66.0)',
      },
      {
        address: 'aws_sqs_queue.this',
        line: 7,
        message:
          'aws_sqs_queue.this: "tags" is an argument: write `tags = ...`, not a block (AWS provider 6.66.0)',
      },
      {
        address: 'aws_lambda_function.this',
        line: 12,
        message: 'aws_lambda_function.this: required argument "role" is missing (AWS provider 6.66.0)',
      },
    ]);
  });

  it('covers every resource and data source type infra/ and the fixtures use', async () => {
    // Prepare
    const { schema } = await loadInfra();
    const files = [...(await listTerraformFiles(INFRA_DIR)), ...(await listTerraformFiles(FIXTURES_DIR))];

    // Act
    const used = await usedResourceTypes(files);

    // Assess
    expect(
      used.resources.filter((type) => type !== 'terraform_data' && !(type in schema.resources)),
    ).toStrictEqual([]);
    expect(used.dataSources.filter((type) => !(type in schema.dataSources))).toStrictEqual([]);
  });
});

describe('Function: checkProviderVersion', () => {
  it('finds every aws provider constraint admitting the schema version', async () => {
    // Prepare
    const { configurations, schema } = await loadInfra();

    // Act
    const findings = configurations.flatMap((config) => checkProviderVersion(config, schema));

    // Assess
    expect(schema.providerVersion).toMatch(/^\d+\.\d+\.\d+$/);
    expect(findings).toStrictEqual([]);
  });

  it('catches a constraint that excludes the schema version', async () => {
    // Prepare
    const { stack, schema } = await loadInfra();

    // Act
    const findings = checkProviderVersion(stack, { ...schema, providerVersion: '5.99.0' });

    // Assess
    expect(findings.filter((finding) => finding.file === 'infra/versions.tf')).toHaveLength(1);
  });
});

describe('Function: admits', () => {
  it.each([
    ['~> 6.66', '6.66.0', true],
    ['~> 6.66', '6.99.1', true],
    ['~> 6.66', '7.0.0', false],
    ['~> 6.66', '6.65.9', false],
    ['~> 6.66.0', '6.66.4', true],
    ['~> 6.66.0', '6.67.0', false],
    ['>= 6.0', '6.66.0', true],
    ['>= 5.0, < 6.0', '6.66.0', false],
    ['= 6.66.0', '6.66.0', true],
    ['!= 6.66.0', '6.66.0', false],
    ['6.66.0', '6.66.0', true],
  ])('%s admits %s: %s', (constraint, version, expected) => {
    expect(admits(constraint, version)).toBe(expected);
  });
});
