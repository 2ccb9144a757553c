import { describe, expect, it } from 'vitest';
import { checkModuleCalls } from '../tools/checkModuleCalls.js';
import { checkReferences } from '../tools/checkReferences.js';
import { checkRootVariables } from '../tools/checkRootVariables.js';
import { loadTfvarsExamples } from '../tools/loadTfvars.js';
import { loadFixture, loadInfra } from './helpers/infra.js';

describe('Function: checkReferences', () => {
  it('resolves every reference of every configuration under infra/', async () => {
    // Prepare
    const { configurations, schema } = await loadInfra();

    // Act
    const findings = (
      await Promise.all(configurations.map((config) => checkReferences(config, schema)))
    ).flat();

    // Assess
    expect(findings).toStrictEqual([]);
  });

  it('catches a dangling resource, an undeclared variable and an unknown attribute', async () => {
    // Prepare
    const { config } = await loadFixture('dangling-reference');
    const { schema } = await loadInfra();

    // Act
    const findings = await checkReferences(config, schema);

    // Assess
    expect(findings.map(({ address, line, message }) => ({ address, line, message }))).toStrictEqual([
      {
        address: 'output.queue_arn',
        line: 12,
        message:
          'dangling reference aws_sqs_queue.missing.arn: aws_sqs_queue.missing is not declared in this module',
      },
      {
        address: 'output.retention',
        line: 17,
        message: 'dangling reference var.retention_days: variable "retention_days" is not declared',
      },
      {
        address: 'output.retention',
        line: 17,
        message:
          'dangling reference aws_sqs_queue.this.retention: aws_sqs_queue.this has no attribute "retention" (AWS provider 6.66.0)',
      },
    ]);
  });
});

describe('Function: checkModuleCalls', () => {
  it('finds every module call of infra/ matching the called module', async () => {
    // Prepare
    const { configurations } = await loadInfra();

    // Act
    const findings = configurations.flatMap((config) => checkModuleCalls(config));

    // Assess
    expect(findings).toStrictEqual([]);
  });

  it('catches an undeclared argument and a required variable left out', async () => {
    // Prepare
    const { config } = await loadFixture('module-interface');

    // Act
    const findings = checkModuleCalls(config);

    // Assess
    expect(findings.map(({ address, message }) => ({ address, message }))).toStrictEqual([
      {
        address: 'module.child',
        message: 'argument "nmae" is not a variable of ./modules/child (did you mean "name"?)',
      },
      {
        address: 'module.child',
        message: 'required variable "name" of ./modules/child (no default) is not passed',
      },
    ]);
  });
});

describe('Function: checkRootVariables', () => {
  it('finds a default or a tfvars example value for every root variable of infra/', async () => {
    // Prepare
    const { configurations } = await loadInfra();

    // Act
    const findings = (
      await Promise.all(
        configurations.map(async (config) =>
          checkRootVariables(config.root, await loadTfvarsExamples(config.root.dir)),
        ),
      )
    ).flat();

    // Assess
    expect(findings).toStrictEqual([]);
  });

  it('catches a required root variable without a value and a tfvars entry for no variable', async () => {
    // Prepare
    const { config } = await loadFixture('module-interface');

    // Act
    const findings = checkRootVariables(config.root, await loadTfvarsExamples(config.root.dir));

    // Assess
    expect(findings.map(({ address, message }) => ({ address, message }))).toStrictEqual([
      {
        address: 'var.stage',
        message: 'root variable "stage" has no default and no value in a committed *.tfvars.example',
      },
      {
        address: 'unknown',
        message:
          'unknown is set in infra/tests/fixtures/module-interface/terraform.tfvars.example but not declared as a root variable',
      },
    ]);
  });
});
