import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { DeleteMessageBatchCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { BatchGetCommand, type BatchGetCommandOutput } from '@aws-sdk/lib-dynamodb';
import { mapWithConcurrency } from '@energy/core';
import { FaultProxy } from '@energy/fault-proxy';
import {
  type LocalStack,
  queueDepth,
  queueMessages,
  type StackSettingsOverrides,
  startLocalStack,
} from '@energy/local-stack';
import { ALERT_FEED, type AlertFeed, redriveDeadLetters } from '@energy/processor';
import { ALERTS_NOT_COUNTED, NOTHING_WRONG, SUITE_SETTINGS } from './constants.js';
import type { CaseCounts, Expectation, ProcessorActivity, RuntimeSpec, UploadedReading } from './types.js';

const CHILD = fileURLToPath(new URL('./child/processorRuntime.ts', import.meta.url));

/** One alert as the inbox queue received it. */
type ReceivedAlert = { site_id: string; timestamp: string; alert_id: string | undefined };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** BatchGetItem's most keys per call (DynamoDB limit). */
const BATCH_GET_KEYS = 100;

/** How {@link FaultSuite.start} sets the stack up. */
export type FaultSuiteOptions = {
  /**
   * The processor's per-reading feed (`ALERT_FEED`). Default `readings`: most cases attack its
   * exactly-once-per-anomaly guarantee. `none` (the deployed default) for cases whose subject is
   * ingest alone; their alerts are then not counted ({@link ALERTS_NOT_COUNTED}).
   */
  alertFeed?: AlertFeed;
  /** Overrides of the stack's settings. */
  settings?: StackSettingsOverrides;
};

/**
 * The emulator, a fault proxy in front of it, and the processor (the built zip) in a child
 * process whose AWS calls go through the proxy. Everything the suite counts is read back from
 * the emulator: the readings table, the quarantine objects, the dead-letter queue, and the
 * inbox queue subscribed to the alert topic.
 *
 * @example
 * const suite = await FaultSuite.start();
 * suite.proxy.add({ kind: 'reset', when: 'after', every: 3 });
 * await suite.upload(key, body);
 * await suite.waitQuiet();
 * const counts = await suite.count([{ key, stored: readings, rejected: 0 }]);
 * await suite.stop();
 */
export class FaultSuite {
  /** The provisioned stack (its clients talk to the emulator directly). */
  public readonly stack: LocalStack;
  /** The proxy between the processor and the emulator. */
  public readonly proxy: FaultProxy;
  /** The processor's log lines (JSON), across restarts. */
  public readonly logs: Record<string, unknown>[] = [];
  /** The processor's per-reading feed in this suite. */
  public readonly alertFeed: AlertFeed;

  #child: ChildProcess | undefined;
  readonly #alerts: ReceivedAlert[] = [];

  private constructor(stack: LocalStack, proxy: FaultProxy, alertFeed: AlertFeed) {
    this.stack = stack;
    this.proxy = proxy;
    this.alertFeed = alertFeed;
  }

  /** Starts a private emulator, the proxy and the processor runtime. */
  public static async start(options: FaultSuiteOptions = {}): Promise<FaultSuite> {
    const { settings = {}, alertFeed = ALERT_FEED.readings } = options;
    const stack = await startLocalStack({
      endpoint: null,
      settings: {
        ...settings,
        queue: { visibilityTimeoutSeconds: SUITE_SETTINGS.visibilityTimeoutSeconds, ...settings.queue },
        // The per-reading alert feed is opt-in (the alerter sends state changes by default);
        // the suite turns it on unless told otherwise, because its exactly-once-per-anomaly
        // guarantee is what most faults here attack. The alerter's own redelivery and
        // concurrency proofs are in apps/alerter/tests/integration.
        processor: {
          maximumBatchingWindowSeconds: 1,
          perReadingAlertFeed: alertFeed === ALERT_FEED.readings,
          ...settings.processor,
        },
      },
    });
    const proxy = await FaultProxy.start(stack.endpoint);
    const suite = new FaultSuite(stack, proxy, alertFeed);
    try {
      await suite.startRuntime();
    } catch (error) {
      await suite.stop();
      throw error;
    }
    return suite;
  }

  /** Starts the processor runtime in a child process; resolves once it polls. */
  public async startRuntime(): Promise<void> {
    const { names, settings, resources, region } = this.stack;
    const spec: RuntimeSpec = {
      stack: { endpoint: this.proxy.endpoint, region, names, settings, resources },
    };
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
      env: { ...process.env, FAULT_SUITE_RUNTIME: JSON.stringify(spec) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.#child = child;
    let pending = '';
    await new Promise<void>((resolve, reject) => {
      child.once('exit', (code) =>
        reject(new Error(`processor runtime exited (${code}) before it was ready`)),
      );
      child.stderr?.resume();
      child.stdout?.on('data', (chunk: Buffer) => {
        pending += chunk.toString('utf8');
        const lines = pending.split('\n');
        pending = lines.pop() ?? '';
        for (const line of lines) {
          if (line === 'READY') resolve();
          else if (line.startsWith('{')) {
            try {
              this.logs.push(JSON.parse(line) as Record<string, unknown>);
            } catch {
              // Not a log line of ours.
            }
          }
        }
      });
    });
  }

  /** SIGKILLs the runtime (no cleanup runs: in-flight messages stay invisible until their timeout). */
  public async killRuntime(): Promise<void> {
    const child = this.#child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    this.#child = undefined;
  }

  /**
   * Stops the runtime gracefully (SIGTERM: its pollers stop, running invocations finish; SIGKILL
   * after 10 s). Messages sent meanwhile wait on the queue for {@link FaultSuite.startRuntime}:
   * it returns only after the runtime's last long poll has, on the emulator's side too
   * (`SUITE_SETTINGS.runtimeWaitTimeSeconds`).
   */
  public async stopRuntime(): Promise<void> {
    const child = this.#child;
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(10_000)]);
      if (child.exitCode === null) child.kill('SIGKILL');
      await sleep((SUITE_SETTINGS.runtimeWaitTimeSeconds + 1) * 1_000);
    }
    this.#child = undefined;
  }

  /** Messages on the ingest queue: waiting to be received, and received but not yet deleted. */
  public queueDepth(): Promise<{ waiting: number; inFlight: number }> {
    return queueMessages(this.stack, this.stack.queueUrl);
  }

  /** Stops the runtime, the proxy and the emulator. */
  public async stop(): Promise<void> {
    await this.stopRuntime();
    await this.proxy.stop();
    await this.stack.stop();
  }

  /** Log lines with this message. */
  public logged(message: string): Record<string, unknown>[] {
    return this.logs.filter((line) => line.message === message);
  }

  /** Ids of the processor invocations (Powertools' `function_request_id`) that logged about `key`, in order. */
  public invocationsOf(key: string): string[] {
    const ids = this.logs.filter((line) => line.key === key).map((line) => String(line.function_request_id));
    return [...new Set(ids)];
  }

  /** What the processor did so far, from its log lines. */
  public activity(): ProcessorActivity {
    return {
      invocations: new Set(this.logs.map((line) => line.function_request_id).filter(Boolean)).size,
      continuations: this.logged('continuation sent: this message is acknowledged, the new one carries on')
        .length,
    };
  }

  /** Puts an object in the raw bucket; S3 then notifies the ingest queue. */
  public async upload(key: string, body: string | Uint8Array): Promise<void> {
    await this.stack.clients.s3.send(
      new PutObjectCommand({ Bucket: this.stack.names.bucket, Key: key, Body: body }),
    );
  }

  /** Sends a raw message body to the ingest queue (a hand-made notification). */
  public async send(body: string): Promise<void> {
    await this.stack.clients.sqs.send(
      new SendMessageCommand({ QueueUrl: this.stack.queueUrl, MessageBody: body }),
    );
  }

  /** Waits until the ingest queue has been empty (nothing visible, nothing in flight) for a few polls. */
  public async waitQuiet(timeoutMs: number = SUITE_SETTINGS.quietTimeoutMs): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let quiet = 0;
    while (quiet < 3) {
      if (Date.now() > deadline) throw new Error(`the ingest queue did not drain within ${timeoutMs} ms`);
      quiet = (await queueDepth(this.stack, this.stack.queueUrl)) === 0 ? quiet + 1 : 0;
      await sleep(1_000);
    }
  }

  /** Messages on the dead-letter queue. */
  public deadLettered(): Promise<number> {
    return queueDepth(this.stack, this.stack.deadLetterQueueUrl);
  }

  /** Moves the dead-letter queue back (what `make redrive` does) and waits for it to drain. */
  public async redrive(): Promise<number> {
    const result = await redriveDeadLetters({
      sqs: this.stack.clients.sqs,
      deadLetterQueueUrl: this.stack.deadLetterQueueUrl,
      queueUrl: this.stack.queueUrl,
    });
    await this.waitQuiet();
    return result.moved;
  }

  async #drainAlerts(): Promise<void> {
    const { sqs } = this.stack.clients;
    for (let empty = 0; empty < 2; ) {
      const page = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: this.stack.alertInboxUrl,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 1,
        }),
      );
      if (!page.Messages?.length) {
        empty++;
        continue;
      }
      await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: this.stack.alertInboxUrl,
          Entries: page.Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle ?? '' })),
        }),
      );
      for (const message of page.Messages) {
        const envelope = JSON.parse(message.Body ?? '{}') as { Message?: string };
        const body = JSON.parse(envelope.Message ?? '{}') as Partial<ReceivedAlert>;
        this.#alerts.push({
          site_id: String(body.site_id),
          timestamp: String(body.timestamp),
          alert_id: body.alert_id,
        });
      }
    }
  }

  // Looked up by key (BatchGetItem): a Query pages through a site of 150,000 readings in
  // 30 pages, and moto sorts and walks the whole partition for every page (about 6 s each on
  // an idle core: minutes for one big file, about half an hour for the 60 MB one).
  async #storedItems(
    keys: readonly { site_id: string; timestamp: string }[],
  ): Promise<Map<string, Record<string, unknown>>> {
    const chunks: (typeof keys)[] = [];
    for (let i = 0; i < keys.length; i += BATCH_GET_KEYS) chunks.push(keys.slice(i, i + BATCH_GET_KEYS));
    const items = new Map<string, Record<string, unknown>>();
    const table = this.stack.names.readingsTable;
    await mapWithConcurrency(chunks, SUITE_SETTINGS.countConcurrency, async (chunk) => {
      let pending: Record<string, unknown>[] | undefined = [...chunk];
      while (pending?.length) {
        const page: BatchGetCommandOutput = await this.stack.clients.documentClient.send(
          new BatchGetCommand({
            RequestItems: {
              [table]: {
                Keys: pending,
                // Only what is compared (`timestamp` is a reserved word).
                ProjectionExpression: 'site_id, #t, energy_generated_kwh, energy_consumed_kwh',
                ExpressionAttributeNames: { '#t': 'timestamp' },
              },
            },
          }),
        );
        for (const item of page.Responses?.[table] ?? []) {
          items.set(`${String(item.site_id)}|${String(item.timestamp)}`, item);
        }
        pending = page.UnprocessedKeys?.[table]?.Keys;
      }
    });
    return items;
  }

  // Each case has its own emulator, so every item of the readings table is one of the case's.
  // moto's ItemCount is live (AWS refreshes it about every 6 hours; the suite runs on moto only).
  async #readingsInTable(): Promise<number> {
    const described = await this.stack.clients.dynamodb.send(
      new DescribeTableCommand({ TableName: this.stack.names.readingsTable }),
    );
    return described.Table?.ItemCount ?? 0;
  }

  async #objectText(key: string): Promise<string | undefined> {
    try {
      const object = await this.stack.clients.s3.send(
        new GetObjectCommand({ Bucket: this.stack.names.bucket, Key: key }),
      );
      return await object.Body?.transformToString('utf8');
    } catch {
      return undefined;
    }
  }

  // The processor keeps one quarantine folder per source version (`<prefix><key>@<version>/`,
  // see apps/processor/src/ingest/quarantine.ts): its error document and its per-segment
  // rejects, whichever version the case's upload got.
  async #quarantineOf(key: string): Promise<{ error: boolean; rejected: number }> {
    const prefix = `${this.stack.settings.storage.quarantinePrefix}${key}@`;
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.stack.clients.s3.send(
        new ListObjectsV2Command({
          Bucket: this.stack.names.bucket,
          Prefix: prefix,
          ContinuationToken: token,
        }),
      );
      for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
      token = page.NextContinuationToken;
    } while (token);
    let rejected = 0;
    for (const rejectsKey of keys.filter((k) => k.endsWith('.rejects.json'))) {
      const text = await this.#objectText(rejectsKey);
      rejected += text === undefined ? 0 : (JSON.parse(text) as { rejects: unknown[] }).rejects.length;
    }
    return { error: keys.some((k) => k.endsWith('/error.json')), rejected };
  }

  /**
   * Counts what the emulator holds against what a case uploaded: readings lost or altered in
   * the table, readings in it that were never uploaded (duplicated), rejects missing from
   * quarantine, and, with the per-reading feed on, alerts lost or repeated on the inbox (off:
   * {@link ALERTS_NOT_COUNTED}). The readings table must hold the case's readings only (each
   * case has its own emulator).
   */
  public async count(expectations: readonly Expectation[]): Promise<CaseCounts> {
    const counts: CaseCounts = { ...NOTHING_WRONG, deadLettered: await this.deadLettered() };
    const expected = new Map<string, Map<string, UploadedReading>>();
    for (const file of expectations) {
      for (const reading of file.stored) {
        const site = expected.get(reading.site_id) ?? new Map<string, UploadedReading>();
        site.set(reading.timestamp, reading);
        expected.set(reading.site_id, site);
      }
    }
    const uploaded = [...expected.values()].flatMap((readings) => [...readings.values()]);
    const stored = await this.#storedItems(
      uploaded.map(({ site_id, timestamp }) => ({ site_id, timestamp })),
    );
    for (const reading of uploaded) {
      const item = stored.get(`${reading.site_id}|${reading.timestamp}`);
      if (!item) counts.readingsLost++;
      else if (
        item.energy_generated_kwh !== reading.energy_generated_kwh ||
        item.energy_consumed_kwh !== reading.energy_consumed_kwh
      ) {
        counts.readingsAltered++;
      }
    }
    counts.readingsDuplicated = Math.max(0, (await this.#readingsInTable()) - stored.size);
    for (const file of expectations) {
      const quarantine = await this.#quarantineOf(file.key);
      if (file.mustNotBeQuarantined && quarantine.error) counts.wronglyQuarantined++;
      if (file.quarantinedWhole) {
        if (!quarantine.error) counts.rejectsMissing += Math.max(1, file.rejected);
      } else if (file.rejected > 0) {
        counts.rejectsMissing += Math.max(0, file.rejected - quarantine.rejected);
      }
    }
    if (this.alertFeed === ALERT_FEED.none) return { ...counts, ...ALERTS_NOT_COUNTED };
    await this.#drainAlerts();
    const received = new Map<string, ReceivedAlert[]>();
    for (const alert of this.#alerts) {
      const key = `${alert.site_id}|${alert.timestamp}`;
      received.set(key, [...(received.get(key) ?? []), alert]);
    }
    let [lost, duplicated, detectable] = [0, 0, 0];
    for (const [siteId, readings] of expected) {
      for (const reading of readings.values()) {
        if (reading.energy_generated_kwh >= 0 && reading.energy_consumed_kwh >= 0) continue;
        const copies = received.get(`${siteId}|${reading.timestamp}`) ?? [];
        if (copies.length === 0) lost++;
        duplicated += Math.max(0, copies.length - 1);
        const first = copies[0]?.alert_id;
        detectable += copies.slice(1).filter((c) => c.alert_id && c.alert_id === first).length;
      }
    }
    return {
      ...counts,
      alertsLost: lost,
      alertsDuplicated: duplicated,
      alertsDuplicatedDetectable: detectable,
    };
  }
}
