import { describe, expect, it } from 'vitest';
import { checkIamActions, checkWildcardResources } from '../tools/checkIamPolicies.js';
import { moduleInstances } from '../tools/moduleInstances.js';
import { loadFixture, loadInfra } from './helpers/infra.js';

describe('Function: checkIamActions', () => {
  it('finds no wildcard or unknown action in any Allow statement under infra/', async () => {
    // Prepare
    const { configurations } = await loadInfra();

    // Act
    const findings = (
      await Promise.all(configurations.map((config) => checkIamActions(moduleInstances(config))))
    ).flat();

    // Assess
    expect(findings).toStrictEqual([]);
  });

  it('catches wildcard actions in a policy document and in a jsonencode policy, not in a Deny', async () => {
    // Prepare
    const { root } = await loadFixture('wildcard-action');

    // Act
    const findings = await checkIamActions(root);

    // Assess
    expect(findings.map(({ address, message }) => ({ address, message }))).toStrictEqual([
      {
        address: 'aws_iam_role_policy.this',
        message: 'aws_iam_role_policy.this allows the wildcard action "*"; name each action the code sends',
      },
      {
        address: 'data.aws_iam_policy_document.reader',
        message:
          'data.aws_iam_policy_document.reader allows the wildcard action "s3:Get*"; name each action the code sends',
      },
    ]);
  });
});

describe('Function: checkWildcardResources', () => {
  it('finds a justifying comment on every "*" resource under infra/', async () => {
    // Prepare
    const { modules } = await loadInfra();

    // Act
    const findings = checkWildcardResources(modules);

    // Assess
    expect(findings).toStrictEqual([]);
  });

  it('catches "*" resources without a comment (one-line and multi-line lists), accepts one with a comment', async () => {
    // Prepare
    const { config } = await loadFixture('wildcard-action');

    // Act
    const findings = checkWildcardResources(config.modules.values());

    // Assess
    expect(findings.map(({ address, line }) => ({ address, line }))).toStrictEqual([
      { address: 'data.aws_iam_policy_document.reader', line: 7 },
      { address: 'data.aws_iam_policy_document.multi_line', line: 53 },
    ]);
  });
});
