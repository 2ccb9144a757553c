import { Writable } from 'node:stream';
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { ReadingItem } from '@energy/core';
import {
  drainAlertInbox,
  type InboxMessage,
  type LocalRuntime,
  type LocalStack,
  queueDepth,
  type StackSettingsOverrides,
  startLocalRuntime,
  startLocalStack,
} from '@energy/local-stack';
import { quarantineKeys } from '../../src/ingest/quarantine.js';
import { bareETag } from '../../src/ingest/readObjectText.js';
import type { LogLine } from './captureLogs.js';
import { type FaultProxy, startFaultProxy } from './faultProxy.js';
import { waitFor } from './waitFor.js';

/** An alert as it arrives on the inbox queue (SNS envelope, raw delivery off). */
type ReceivedAlert = InboxMessage;

/** The whole ingest path on the emulator: provisioned stack, fault proxy, processor bundle behind its event source. */
export type Pipeline = {
  /** The stack. */
  stack: LocalStack;
  /** The proxy the processor's clients go through. */
  proxy: FaultProxy;
  /** The runtime hosting the processor. */
  runtime: LocalRuntime;
  /** The processor's log lines (and EMF lines) so far. */
  logs: LogLine[];
  /** Where function output goes to end up in {@link Pipeline.logs} (for other functions a test hosts). */
  output: Writable;
  /** Puts an object in the raw bucket (the notification then reaches the processor). */
  put: (key: string, body: string | Uint8Array) => Promise<void>;
  /** Reads an object of the raw bucket as text. */
  read: (key: string) => Promise<string>;
  /**
   * The quarantine keys of a source key's current version (its eTag or version id; a key that
   * is gone gets the factories' sequencer, "0").
   */
  quarantine: (key: string) => Promise<ReturnType<typeof quarantineKeys>>;
  /** Sends a raw message body to the ingest queue (a redelivery, a test event). Returns its id. */
  send: (body: string) => Promise<string>;
  /** Every stored reading of a site, in time order. */
  readings: (siteId: string) => Promise<ReadingItem[]>;
  /** Every alert received on the inbox so far (receives what is waiting first). */
  alerts: () => Promise<ReceivedAlert[]>;
  /** Visible + in-flight messages of a queue. */
  depth: (queueUrl: string) => Promise<number>;
  /** Log lines with this message, optionally for one key. */
  logged: (message: string, key?: string) => LogLine[];
  /** Stops everything started. */
  stop: () => Promise<void>;
};

function collector(lines: LogLine[]): Writable {
  let pending = '';
  return new Writable({
    write(chunk, _encoding, callback) {
      pending += String(chunk);
      const parts = pending.split('\n');
      pending = parts.pop() ?? '';
      for (const part of parts) {
        if (!part.startsWith('{')) continue;
        try {
          lines.push(JSON.parse(part) as LogLine);
        } catch {
          // A line that is not JSON (a Node warning): not ours to check.
        }
      }
      callback();
    },
  });
}

/**
 * Starts moto, provisions it as Terraform does, puts a fault proxy in front of it and runs
 * the BUILT processor bundle (apps/processor/dist/processor.zip) behind an SQS event source
 * with Lambda's semantics, its clients pointed at the proxy.
 */
export async function startPipeline(settings: StackSettingsOverrides = {}): Promise<Pipeline> {
  const stack = await startLocalStack({
    // No batching window: tests wait for each file, not for batches to fill.
    settings: { ...settings, processor: { maximumBatchingWindowSeconds: 0, ...settings.processor } },
  });
  const proxy = await startFaultProxy(stack.endpoint);
  const logs: LogLine[] = [];
  const output = collector(logs);
  let runtime: LocalRuntime;
  try {
    runtime = await startLocalRuntime(
      { ...stack, endpoint: proxy.endpoint },
      { api: false, generator: false, waitTimeSeconds: 1, output },
    );
  } catch (error) {
    await proxy.stop();
    await stack.stop();
    throw error;
  }
  const { s3, sqs, documentClient } = stack.clients;
  // Alerts of every test land on one inbox: keep all received, each test filters its own.
  const alerts: ReceivedAlert[] = [];
  const bucket = stack.names.bucket;
  return {
    stack,
    proxy,
    runtime,
    logs,
    output,
    put: async (key, body) => {
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    },
    read: async (key) => {
      const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return (await object.Body?.transformToString('utf8')) ?? '';
    },
    quarantine: async (key) => {
      const prefix = stack.settings.storage.quarantinePrefix;
      // The folder the processor wrote, whichever version label it used (version id, eTag or
      // sequencer: a notification from the emulator carries no version id).
      const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `${prefix}${key}@` }));
      const written = listed.Contents?.[0]?.Key;
      if (written !== undefined) {
        const label = written.slice(`${prefix}${key}@`.length).split('/')[0] ?? '';
        return quarantineKeys(prefix, { key, versionId: label });
      }
      try {
        const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        const eTag = bareETag(head.ETag);
        const versionId = head.VersionId && head.VersionId !== 'null' ? head.VersionId : undefined;
        return quarantineKeys(prefix, {
          key,
          ...(versionId ? { versionId } : {}),
          ...(eTag ? { eTag } : {}),
        });
      } catch {
        return quarantineKeys(prefix, { key, sequencer: '0' });
      }
    },
    send: async (body) => {
      const sent = await sqs.send(new SendMessageCommand({ QueueUrl: stack.queueUrl, MessageBody: body }));
      return sent.MessageId ?? '';
    },
    readings: async (siteId) => {
      const items: ReadingItem[] = [];
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await documentClient.send(
          new QueryCommand({
            TableName: stack.names.readingsTable,
            KeyConditionExpression: 'site_id = :site',
            ExpressionAttributeValues: { ':site': siteId },
            ExclusiveStartKey: startKey,
          }),
        );
        items.push(...((page.Items ?? []) as ReadingItem[]));
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      return items;
    },
    alerts: async () => {
      alerts.push(...(await drainAlertInbox(sqs, stack.alertInboxUrl, { waitTimeSeconds: 0 })));
      return [...alerts];
    },
    depth: (queueUrl) => queueDepth(stack, queueUrl),
    logged: (message, key) =>
      logs.filter((line) => line.message === message && (key === undefined || line.key === key)),
    stop: async () => {
      await runtime.stop();
      await proxy.stop();
      await stack.stop();
    },
  };
}

/** Waits until the processor has logged `message` for `key` at least `times` times. */
export async function waitForLog(
  pipeline: Pipeline,
  message: string,
  key: string,
  times = 1,
): Promise<LogLine[]> {
  return waitFor(`${times}× "${message}" for ${key}`, async () => {
    const lines = pipeline.logged(message, key);
    return lines.length >= times ? lines : undefined;
  });
}
