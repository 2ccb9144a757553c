import { isDeepStrictEqual } from 'node:util';
import { resourceNames, STACK_SETTINGS } from '@energy/config';
import { READINGS_TABLE, SUMMARY_TABLE } from '@energy/core';
import type { AppBuild } from './appBuilds.js';
import type { DeployedFunction } from './deployedFunctions.js';
import { expandBlocks } from './expandBlocks.js';
import { resourceLine } from './locate.js';
import type { ModuleInstance } from './moduleInstances.js';
import { repoRelative } from './paths.js';
import { type PlacedBlock, placedAddress, placedBlocks, pointsAt, referencedBlock } from './placedBlocks.js';
import { isStaticObject, JsonEncoded, StaticEvaluator, type StaticValue } from './staticEvaluator.js';
import type { Finding, HclBody } from './types.js';

/** Lambda settings per app, as STACK_SETTINGS names them. */
const FUNCTION_SETTINGS = {
  generator: STACK_SETTINGS.generator,
  processor: STACK_SETTINGS.processor,
  api: STACK_SETTINGS.api,
} as const;

/** Environment values that come from STACK_SETTINGS (the local stack sets the same). */
const ENVIRONMENT_SETTINGS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  generator: {
    KEY_PREFIX: STACK_SETTINGS.storage.rawPrefix,
    SITE_COUNT: String(STACK_SETTINGS.generator.siteCount),
    ANOMALY_PROBABILITY: String(STACK_SETTINGS.generator.anomalyProbability),
  },
  processor: {
    QUARANTINE_PREFIX: STACK_SETTINGS.storage.quarantinePrefix,
    MAX_FILE_BYTES: String(STACK_SETTINGS.processor.maxFileBytes),
  },
};

type Expectation = { at: PlacedBlock; what: string; actual: StaticValue | undefined; expected: unknown };

function describe(value: unknown): string {
  if (value === undefined) return 'absent';
  if (typeof value === 'object' && value !== null && 'reason' in value) {
    return `not statically known (${String((value as { reason: unknown }).reason)})`;
  }
  return JSON.stringify(value);
}

/**
 * Contracts between Terraform and the code's shared settings:
 * - queue, dead-letter queue, event source, function, schedule and notification settings
 *   equal `STACK_SETTINGS` in packages/config (what the local stack provisions);
 * - resource names equal `resourceNames(<default prefix>)`;
 * - the readings and summary tables' keys, anomaly index and TTL attribute equal
 *   `READINGS_TABLE` / `SUMMARY_TABLE` in packages/core;
 * - environment values derived from settings (prefixes, sizes) equal them.
 *
 * @example
 * await checkStackSettings(moduleInstances(config), await deployedFunctions(root), await appBuilds()); // []
 */
export async function checkStackSettings(
  root: ModuleInstance,
  functions: readonly DeployedFunction[],
  builds: readonly AppBuild[],
): Promise<Finding[]> {
  const values = new StaticEvaluator();
  const references = new StaticEvaluator({ substituteArguments: false });
  const expectations: Expectation[] = [];
  const expect = (at: PlacedBlock, what: string, actual: StaticValue | undefined, expected: unknown) =>
    expectations.push({ at, what, actual, expected });
  const argument = (at: PlacedBlock, name: string) =>
    name in at.block.body ? values.evaluate(at.instance, at.block.body[name]) : Promise.resolve(undefined);
  /** The first `name` block of a resource (literal or dynamic), with a reader for its arguments. */
  const block = async (at: PlacedBlock, name: string) => {
    const [first] = await expandBlocks(values, at.instance, at.block.body, name);
    if (first === undefined) return undefined;
    return {
      body: first.body as HclBody,
      value: (key: string): Promise<StaticValue | undefined> =>
        key in first.body
          ? values.evaluate(at.instance, first.body[key], first.bindings)
          : Promise.resolve(undefined),
    };
  };

  const prefixVariable = root.module.variables.get('prefix');
  const prefix =
    prefixVariable === undefined ? undefined : await values.evaluate(root, prefixVariable.default);
  const names = typeof prefix === 'string' ? resourceNames(prefix) : undefined;
  // Findings about the configuration as a whole point at the root's first file.
  const rootAt: PlacedBlock = {
    instance: root,
    block: {
      mode: 'managed',
      type: 'terraform',
      name: 'root',
      file: root.module.files[0] ?? root.module.dir,
      body: {},
    },
  };
  if (names === undefined)
    expect(rootAt, 'variable "prefix" default (resourceNames prefix)', prefix, 'a valid prefix');

  // Queues: the ingest queue is the one with a redrive policy; its target is the DLQ.
  const queues = placedBlocks(root, 'aws_sqs_queue');
  for (const queue of queues) {
    if (!('redrive_policy' in queue.block.body)) continue;
    const redrive = await references.evaluate(queue.instance, queue.block.body.redrive_policy);
    const policy =
      redrive instanceof JsonEncoded && isStaticObject(redrive.value) ? redrive.value : undefined;
    const settings = STACK_SETTINGS.queue;
    expect(queue, 'redrive maxReceiveCount', policy?.maxReceiveCount, settings.maxReceiveCount);
    expect(
      queue,
      'visibility_timeout_seconds',
      await argument(queue, 'visibility_timeout_seconds'),
      settings.visibilityTimeoutSeconds,
    );
    expect(
      queue,
      'message_retention_seconds',
      await argument(queue, 'message_retention_seconds'),
      settings.messageRetentionSeconds,
    );
    expect(
      queue,
      'receive_wait_time_seconds',
      await argument(queue, 'receive_wait_time_seconds'),
      settings.receiveWaitTimeSeconds,
    );
    if (names !== undefined) expect(queue, 'name', await argument(queue, 'name'), names.queue);
    const deadLetter = referencedBlock(policy?.deadLetterTargetArn ?? null);
    if (deadLetter === undefined) {
      expect(
        queue,
        'redrive deadLetterTargetArn (an aws_sqs_queue)',
        policy?.deadLetterTargetArn,
        'a queue ARN',
      );
      continue;
    }
    expect(
      deadLetter,
      'message_retention_seconds',
      await argument(deadLetter, 'message_retention_seconds'),
      settings.deadLetterRetentionSeconds,
    );
    if (names !== undefined)
      expect(deadLetter, 'name', await argument(deadLetter, 'name'), names.deadLetterQueue);
  }

  // Functions, their event sources and their environment values.
  for (const fn of functions) {
    const build = builds.find(
      (candidate) => typeof fn.filename === 'string' && candidate.zipPath === fn.filename,
    );
    const app = build?.app as keyof typeof FUNCTION_SETTINGS | undefined;
    if (app === undefined || !(app in FUNCTION_SETTINGS)) continue;
    const settings = FUNCTION_SETTINGS[app];
    expect(fn, 'timeout', fn.timeout, settings.timeoutSeconds);
    expect(fn, 'memory_size', fn.memorySize, settings.memoryMb);
    if (names !== undefined)
      expect(fn, 'function_name', await argument(fn, 'function_name'), names[`${app}Function`]);
    for (const [variable, expected] of Object.entries(ENVIRONMENT_SETTINGS[app] ?? {})) {
      const actual = isStaticObject(fn.environment as StaticValue)
        ? (fn.environment as Record<string, StaticValue>)[variable]
        : fn.environment;
      expect(fn, `environment ${variable}`, actual as StaticValue, expected);
    }
    if (app === 'processor') {
      for (const mapping of fn.eventSources) {
        const processor = STACK_SETTINGS.processor;
        expect(mapping, 'batch_size', await argument(mapping, 'batch_size'), processor.batchSize);
        expect(
          mapping,
          'maximum_batching_window_in_seconds',
          await argument(mapping, 'maximum_batching_window_in_seconds'),
          processor.maximumBatchingWindowSeconds,
        );
        const scaling = await block(mapping, 'scaling_config');
        expect(
          mapping,
          'scaling_config.maximum_concurrency',
          await scaling?.value('maximum_concurrency'),
          processor.maximumConcurrency,
        );
        expect(mapping, 'function_response_types', await argument(mapping, 'function_response_types'), [
          'ReportBatchItemFailures',
        ]);
      }
    }
  }

  // The schedule invoking the generator.
  for (const schedule of placedBlocks(root, 'aws_scheduler_schedule')) {
    expect(
      schedule,
      'schedule_expression',
      await argument(schedule, 'schedule_expression'),
      STACK_SETTINGS.generator.scheduleExpression,
    );
    if (names !== undefined)
      expect(schedule, 'name', await argument(schedule, 'name'), names.generatorSchedule);
    const window = await block(schedule, 'flexible_time_window');
    expect(schedule, 'flexible_time_window.mode', await window?.value('mode'), 'OFF');
    const target = await block(schedule, 'target');
    const targetArn =
      target === undefined ? undefined : await references.evaluate(schedule.instance, target.body.arn);
    const generator = functions.find(
      (fn) => typeof fn.filename === 'string' && fn.filename.endsWith('/generator.zip'),
    );
    expect(
      schedule,
      'target.arn is the generator function',
      generator !== undefined && targetArn !== undefined && pointsAt(targetArn, generator),
      true,
    );
  }

  // The bucket notification feeding the queue.
  for (const notification of placedBlocks(root, 'aws_s3_bucket_notification')) {
    const queue = await block(notification, 'queue');
    const filterPrefix = await queue?.value('filter_prefix');
    // null (the argument left unset) is S3's "no prefix filter", which settings spell ''.
    expect(
      notification,
      'queue.filter_prefix',
      filterPrefix ?? '',
      STACK_SETTINGS.storage.notificationFilterPrefix,
    );
    expect(
      notification,
      'queue.events',
      await queue?.value('events'),
      STACK_SETTINGS.storage.notificationEvents,
    );
  }

  // Tables, told apart by their partition key.
  const tables = placedBlocks(root, 'aws_dynamodb_table');
  const tableNamed = async (key: string) => {
    for (const table of tables) if ((await argument(table, 'hash_key')) === key) return table;
    return undefined;
  };
  const readings = await tableNamed(READINGS_TABLE.partitionKey);
  const summary = await tableNamed(SUMMARY_TABLE.partitionKey);
  if (readings === undefined || summary === undefined) {
    expect(
      rootAt,
      'tables keyed by READINGS_TABLE.partitionKey and SUMMARY_TABLE.partitionKey',
      tables.length,
      'both',
    );
  }
  for (const [table, keys] of [
    [readings, READINGS_TABLE],
    [summary, SUMMARY_TABLE],
  ] as const) {
    if (table === undefined) continue;
    expect(table, 'range_key', await argument(table, 'range_key'), keys.sortKey);
    expect(table, 'billing_mode', await argument(table, 'billing_mode'), STACK_SETTINGS.tables.billingMode);
    const recovery = await block(table, 'point_in_time_recovery');
    expect(table, 'point_in_time_recovery.enabled', await recovery?.value('enabled'), true);
    const encryption = await block(table, 'server_side_encryption');
    expect(table, 'server_side_encryption.enabled', await encryption?.value('enabled'), true);
    const attributes: Record<string, StaticValue> = {};
    for (const { body, bindings } of await expandBlocks(
      values,
      table.instance,
      table.block.body,
      'attribute',
    )) {
      const name = await values.evaluate(table.instance, body.name, bindings);
      if (typeof name === 'string')
        attributes[name] = await values.evaluate(table.instance, body.type, bindings);
    }
    for (const key of [keys.partitionKey, keys.sortKey])
      expect(table, `attribute ${key} type`, attributes[key], 'S');
  }
  if (readings !== undefined) {
    if (names !== undefined) expect(readings, 'name', await argument(readings, 'name'), names.readingsTable);
    const indexes = await expandBlocks(
      values,
      readings.instance,
      readings.block.body,
      'global_secondary_index',
    );
    const described: Record<string, StaticValue>[] = [];
    for (const { body, bindings } of indexes) {
      const read = async (key: string) =>
        key in body ? values.evaluate(readings.instance, body[key], bindings) : undefined;
      described.push({
        name: (await read('name')) ?? null,
        hash_key: (await read('hash_key')) ?? null,
        range_key: (await read('range_key')) ?? null,
        projection_type: (await read('projection_type')) ?? null,
      });
    }
    expect(readings, 'global_secondary_index', described, [
      {
        name: READINGS_TABLE.anomalyIndexName,
        hash_key: READINGS_TABLE.anomalyIndexPartitionKey,
        range_key: READINGS_TABLE.anomalyIndexSortKey,
        projection_type: STACK_SETTINGS.tables.anomalyIndexProjection,
      },
    ]);
  }
  if (summary !== undefined) {
    if (names !== undefined) expect(summary, 'name', await argument(summary, 'name'), names.summaryTable);
    const ttl = await block(summary, 'ttl');
    expect(summary, 'ttl.attribute_name', await ttl?.value('attribute_name'), SUMMARY_TABLE.ttlAttribute);
    expect(summary, 'ttl.enabled', await ttl?.value('enabled'), true);
  }

  // The alert topic (the bucket's name carries the account id, known only at plan).
  if (names !== undefined) {
    for (const topic of placedBlocks(root, 'aws_sns_topic'))
      expect(topic, 'name', await argument(topic, 'name'), names.alertTopic);
  }

  return expectations
    .filter(({ actual, expected }) => !isDeepStrictEqual(actual, expected))
    .map(({ at, what, actual, expected }) => {
      const line =
        at.block.type === 'terraform'
          ? undefined
          : resourceLine(at.instance.module.sources.get(at.block.file) ?? '', at.block);
      return {
        check: 'stack-settings',
        file: repoRelative(at.block.file),
        ...(line === undefined ? {} : { line }),
        address: at.block.type === 'terraform' ? 'root' : placedAddress(at),
        message: `${what} is ${describe(actual)}, packages/config or packages/core says ${describe(expected)}`,
      };
    });
}
