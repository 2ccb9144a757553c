import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { resourceNames } from '@energy/config';
import { describe, expect, it } from 'vitest';
import {
  FUNCTION_KINDS,
  type FunctionKind,
  functionDefinitions,
  localEnvironment,
  mergeSettings,
  REPOSITORY_ROOT,
} from '../src/index.js';

const names = resourceNames('energy-local');
const topicArn = 'arn:aws:sns:us-east-1:123456789012:energy-local-alerts';

/**
 * What an app's environment.ts exports: every variable it reads (`<FN>_ENVIRONMENT_VARIABLES`)
 * and those it may go without (`<FN>_OPTIONAL_VARIABLES`, which the local stack leaves unset
 * unless asked, e.g. the generator's SEED).
 */
async function appVariables(kind: FunctionKind): Promise<{ all: string[]; optional: string[] }> {
  const module = (await import(join(REPOSITORY_ROOT, 'apps', kind, 'src', 'environment.ts'))) as Record<
    string,
    unknown
  >;
  const listEndingWith = (suffix: string) =>
    Object.entries(module)
      .filter(([name, value]) => name.endsWith(suffix) && Array.isArray(value))
      .map(([, value]) => value as string[])[0];
  const all = listEndingWith('_ENVIRONMENT_VARIABLES');
  if (!all) throw new Error(`apps/${kind}/src/environment.ts exports no *_ENVIRONMENT_VARIABLES list`);
  return { all: [...all].sort(), optional: listEndingWith('_OPTIONAL_VARIABLES') ?? [] };
}

describe('Function: functionDefinitions', () => {
  const definitions = functionDefinitions(names, mergeSettings(), { topicArn }, { siteCount: 3 });

  it.each(FUNCTION_KINDS.map((kind) => [kind]))(
    'sets exactly the variables apps/%s/src/environment.ts lists',
    async (kind) => {
      const file = join(REPOSITORY_ROOT, 'apps', kind, 'src', 'environment.ts');
      if (!existsSync(file)) {
        // The app has not published its list yet: nothing to compare against.
        expect(Object.keys(definitions[kind].environment).length).toBeGreaterThan(0);
        return;
      }
      const { all, optional } = await appVariables(kind);
      // Every variable without a default in the code, and only listed ones; a variable with a
      // default may be set (the alerter's periods, which the demo scales) or left to the code
      // (the generator's SEED, unless asked). Terraform sets the same (deployedStage.test.ts).
      const required = all.filter((name) => !optional.includes(name));
      const local = Object.keys(definitions[kind].environment).sort();
      expect(local.filter((name) => !all.includes(name))).toStrictEqual([]);
      expect(required.filter((name) => !local.includes(name))).toStrictEqual([]);
      expect(local.includes('SEED')).toBe(false);
      const seeded = functionDefinitions(names, mergeSettings(), { topicArn }, { seed: 'fixed' });
      expect(Object.keys(seeded[kind].environment).sort()).toStrictEqual(
        all.includes('SEED') ? [...local, 'SEED'].sort() : local,
      );
    },
  );

  it('derives the values from the shared names and settings', () => {
    expect(definitions.generator.environment).toMatchObject({
      RAW_BUCKET: 'energy-local-raw',
      KEY_PREFIX: 'readings/',
      SITE_COUNT: '3',
      ANOMALY_PROBABILITY: '0.2',
    });
    expect(definitions.processor.environment).toMatchObject({
      READINGS_TABLE: 'energy-local-readings',
      SUMMARY_TABLE: 'energy-local-summary',
      ALERT_TOPIC_ARN: topicArn,
      QUARANTINE_PREFIX: 'quarantine/',
    });
    expect(definitions.processor).toMatchObject({
      name: 'energy-local-processor',
      timeoutSeconds: 30,
      memoryMb: 512,
      bundle: join(REPOSITORY_ROOT, 'apps/processor/dist/processor.zip'),
    });
  });

  it('gives the alerter the deployed periods, or the demo tick scaled: same ratios, silent after 3 ticks', () => {
    // Act
    const deployed = definitions.alerter.environment;
    const demo = functionDefinitions(names, mergeSettings(), { topicArn }, { alertIntervalSeconds: 5 })
      .alerter.environment;

    // Assess
    expect(deployed).toMatchObject({
      SUMMARY_TABLE: 'energy-local-summary',
      READINGS_TABLE: 'energy-local-readings',
      ALERT_TOPIC_ARN: topicArn,
      ALERT_INTERVAL_SECONDS: '300',
      ALERT_SILENT_AFTER_INTERVALS: '3',
      ALERT_QUIET_SECONDS: '10800',
      ALERT_SETTLE_SECONDS: '300',
      ALERT_RENOTIFY_SECONDS: '0',
      ALERT_DIGEST_SECONDS: '3600',
    });
    expect(demo).toMatchObject({
      ALERT_INTERVAL_SECONDS: '5',
      ALERT_SILENT_AFTER_INTERVALS: '3',
      ALERT_QUIET_SECONDS: '180',
      ALERT_SETTLE_SECONDS: '5',
      ALERT_RENOTIFY_SECONDS: '0',
      ALERT_DIGEST_SECONDS: '60',
    });
    expect(definitions.processor.environment.ALERT_FEED).toBe('none');
    expect(
      functionDefinitions(names, mergeSettings({ processor: { perReadingAlertFeed: true } }), { topicArn })
        .processor.environment.ALERT_FEED,
    ).toBe('readings');
  });

  it('adds the emulator endpoint, region and dummy credentials only in the local environment', () => {
    const local = localEnvironment(definitions.api, 'http://127.0.0.1:4566', 'us-east-1');
    expect(definitions.api.environment.AWS_ENDPOINT_URL).toBeUndefined();
    expect(local).toMatchObject({
      AWS_ENDPOINT_URL: 'http://127.0.0.1:4566',
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'test',
      READINGS_TABLE: 'energy-local-readings',
    });
  });
});
