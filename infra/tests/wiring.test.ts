import { describe, expect, it } from 'vitest';
import { checkConditions } from '../tools/checkConditions.js';
import { checkNotificationDependsOn } from '../tools/checkNotificationDependsOn.js';
import { checkVisibilityTimeout } from '../tools/checkVisibilityTimeout.js';
import { loadConfiguration } from '../tools/loadConfiguration.js';
import { moduleInstances } from '../tools/moduleInstances.js';
import { INFRA_DIR } from '../tools/paths.js';
import { loadFixture, loadInfra } from './helpers/infra.js';

describe('Function: checkNotificationDependsOn', () => {
  it('finds the bucket notification of infra/ waiting for its queue policy', async () => {
    // Prepare
    const { root } = await loadInfra();

    // Act
    const findings = await checkNotificationDependsOn(root);

    // Assess
    expect(findings).toStrictEqual([]);
  });

  it('catches the notification of the stack once its depends_on is removed', async () => {
    // Prepare
    const config = await loadConfiguration(INFRA_DIR);
    for (const module of config.modules.values()) {
      for (const block of module.resources)
        if (block.type === 'aws_s3_bucket_notification') delete block.body.depends_on;
    }

    // Act
    const findings = await checkNotificationDependsOn(moduleInstances(config));

    // Assess
    expect(findings.map(({ address }) => address)).toStrictEqual([
      'module.queue.aws_s3_bucket_notification.source',
    ]);
  });

  it('catches a notification without depends_on on the queue policy', async () => {
    // Prepare
    const { root } = await loadFixture('missing-depends-on');

    // Act
    const findings = await checkNotificationDependsOn(root);

    // Assess
    expect(findings.map(({ address, line, message }) => ({ address, line, message }))).toStrictEqual([
      {
        address: 'aws_s3_bucket_notification.this',
        line: 30,
        message:
          'does not depend_on aws_sqs_queue_policy.this: S3 validates the destination when the notification is saved and fails unless the queue policy already exists',
      },
    ]);
  });
});

describe('Function: checkVisibilityTimeout', () => {
  it('finds the ingest queue of infra/ invisible long enough, and the rule enforced in HCL', async () => {
    // Prepare
    const { root } = await loadInfra();

    // Act
    const findings = await checkVisibilityTimeout(root);

    // Assess
    expect(findings).toStrictEqual([]);
  });

  it('catches a visibility timeout below 6 x the function timeout + the batching window', async () => {
    // Prepare
    const { root } = await loadFixture('short-visibility-timeout');

    // Act
    const findings = await checkVisibilityTimeout(root);

    // Assess
    expect(findings.map(({ address, message }) => ({ address, message }))).toStrictEqual([
      {
        address: 'module.consumer.aws_lambda_event_source_mapping.this',
        message:
          'aws_sqs_queue.this visibility timeout 60 s is below 6 × module.consumer.aws_lambda_function.this timeout 30 s + batching window 5 s = 185 s',
      },
    ]);
  });
});

describe('Function: checkConditions', () => {
  it('evaluates the validations and preconditions of infra/ and finds none false', async () => {
    // Prepare
    const { root } = await loadInfra();

    // Act
    const report = await checkConditions(root);

    // Assess
    expect(report.findings).toStrictEqual([]);
    expect(report.evaluated).toBeGreaterThan(20);
  });

  it('catches the precondition that plan would fail on in the short-visibility fixture', async () => {
    // Prepare
    const { root } = await loadFixture('short-visibility-timeout');

    // Act
    const report = await checkConditions(root);

    // Assess
    expect(report.findings.map(({ address }) => address)).toStrictEqual([
      'module.consumer.aws_lambda_event_source_mapping.this',
    ]);
    expect(report.findings[0]?.message).toContain('at least 6 x the function timeout');
  });
});
