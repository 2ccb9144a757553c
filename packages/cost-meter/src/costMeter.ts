import { marshall } from '@aws-sdk/util-dynamodb';
import { COST_METER_MIDDLEWARE } from './constants.js';
import { type CapacityCharge, DynamoDBCapacity, type DynamoDBCapacityOptions } from './dynamodbCapacity.js';
import type { WireItem } from './itemSize.js';

/** SQS and SNS bill a request per started 64 KB of payload. */
const PAYLOAD_CHUNK_BYTES = 65_536;

/** Requests of one service, operation and resource. */
export type RequestLine = {
  /** Service (`S3`, `SQS`, `SNS`, `DynamoDB`, …). */
  service: string;
  /** Operation (`PutObject`, `SendMessage`, …). */
  operation: string;
  /** Bucket, queue URL, topic ARN or table name the request went to, when it names one. */
  resource: string;
  /** HTTP requests sent (each retry attempt counts: AWS bills it). */
  requests: number;
  /** Of which failed. */
  failed: number;
  /**
   * Requests as the service bills them: SQS and SNS count each started 64 KB of payload, and
   * SNS bills every message of a PublishBatch; otherwise equal to `requests`.
   */
  billed: number;
  /** Sum of the requests' latencies, ms (they overlap, so this can exceed wall time): where the time goes. */
  ms: number;
};

/** Everything the meter counted. */
export type MeterReading = {
  /** Requests, one line per (service, operation, resource). */
  requests: RequestLine[];
  /** DynamoDB capacity, one line per (table, index, tag). */
  capacity: CapacityCharge[];
};

/** A client with a middleware stack: every AWS SDK v3 client (and the DynamoDB document client). */
export type MeterableClient = { middlewareStack: object };

/** The part of a middleware stack the meter uses (typed loosely: each client's stack has its own generics). */
type MiddlewareStack = {
  add: (
    middleware: (
      next: (args: { input: object }) => Promise<{ output?: unknown }>,
      context: Record<string, unknown>,
    ) => (args: { input: object }) => Promise<{ output?: unknown }>,
    options: { step: 'finalizeRequest'; priority: 'low'; name: string; override?: boolean },
  ) => void;
};

/** Options of {@link CostMeter}. */
export type CostMeterOptions = DynamoDBCapacityOptions;

const utf8 = (text: unknown): number => (typeof text === 'string' ? Buffer.byteLength(text, 'utf8') : 0);

/** The resource a request names: a bucket, queue, topic or table. */
function resourceOf(input: Record<string, unknown>): string {
  for (const name of ['Bucket', 'QueueUrl', 'TopicArn', 'TargetArn', 'TableName', 'FunctionName', 'Name']) {
    const value = input[name];
    if (typeof value === 'string') return value;
  }
  const tables = input.RequestItems;
  if (tables && typeof tables === 'object') return Object.keys(tables).join(',');
  return '';
}

/** Payload bytes of an SQS or SNS request (messages sent, or received in the response). */
function payloadBytes(
  operation: string,
  input: Record<string, unknown>,
  output: Record<string, unknown>,
): number {
  if (operation === 'SendMessage' || operation === 'Publish') return utf8(input.MessageBody ?? input.Message);
  if (operation === 'SendMessageBatch' || operation === 'PublishBatch') {
    const entries = (input.Entries ?? input.PublishBatchRequestEntries ?? []) as Record<string, unknown>[];
    return entries.reduce((sum, entry) => sum + utf8(entry.MessageBody ?? entry.Message), 0);
  }
  if (operation === 'ReceiveMessage') {
    return ((output.Messages ?? []) as { Body?: string }[]).reduce(
      (sum, message) => sum + utf8(message.Body),
      0,
    );
  }
  return 0;
}

/** Billed requests of one SQS or SNS call. */
function billedRequests(
  service: string,
  operation: string,
  input: Record<string, unknown>,
  output: Record<string, unknown>,
): number {
  if (service === 'SNS' && operation === 'PublishBatch') {
    // SNS bills each message of a batch as its own publish, per started 64 KB.
    const entries = (input.PublishBatchRequestEntries ?? []) as { Message?: string }[];
    return entries.reduce(
      (sum, entry) => sum + Math.max(1, Math.ceil(utf8(entry.Message) / PAYLOAD_CHUNK_BYTES)),
      0,
    );
  }
  if (service === 'SQS' || service === 'SNS') {
    return Math.max(1, Math.ceil(payloadBytes(operation, input, output) / PAYLOAD_CHUNK_BYTES));
  }
  return 1;
}

/** Output of a document-client command back in wire form (the document client unmarshalls before us). */
function wireOutput(output: Record<string, unknown>): Record<string, unknown> {
  const item = (value: unknown) =>
    marshall(value as Record<string, unknown>, { removeUndefinedValues: true }) as WireItem;
  const wire: Record<string, unknown> = { ...output };
  if (output.Item) wire.Item = item(output.Item);
  if (output.Attributes) wire.Attributes = item(output.Attributes);
  if (Array.isArray(output.Items)) wire.Items = output.Items.map(item);
  if (output.Responses && !Array.isArray(output.Responses)) {
    wire.Responses = Object.fromEntries(
      Object.entries(output.Responses as Record<string, unknown[]>).map(([table, items]) => [
        table,
        items.map(item),
      ]),
    );
  }
  if (output.UnprocessedKeys) {
    wire.UnprocessedKeys = Object.fromEntries(
      Object.entries(output.UnprocessedKeys as Record<string, { Keys: unknown[] }>).map(
        ([table, request]) => [table, { ...request, Keys: request.Keys.map(item) }],
      ),
    );
  }
  if (output.UnprocessedItems) {
    wire.UnprocessedItems = Object.fromEntries(
      Object.entries(
        output.UnprocessedItems as Record<string, Record<string, { Item?: unknown; Key?: unknown }>[]>,
      ).map(([table, requests]) => [
        table,
        requests.map((request) =>
          request.PutRequest
            ? { PutRequest: { Item: item(request.PutRequest.Item) } }
            : { DeleteRequest: { Key: item(request.DeleteRequest?.Key) } },
        ),
      ]),
    );
  }
  return wire;
}

/**
 * Counts what AWS bills, from inside the SDK: add it to any v3 client with
 * {@link CostMeter.attach} and every HTTP request (retries included) is counted by service,
 * operation and resource, and every DynamoDB call is billed in read and write units by
 * {@link DynamoDBCapacity}. Counting only: prices live in `prices.ts`.
 *
 * @example
 * const meter = new CostMeter({ tables: [{ name: 'readings', partitionKey: 'site_id', sortKey: 'timestamp' }] });
 * meter.attach(s3); meter.attach(dynamodb);
 * await runTheCode();
 * meter.reading().requests; // [{ service: 'S3', operation: 'PutObject', requests: 1, ... }, ...]
 */
export class CostMeter {
  private readonly lines = new Map<string, RequestLine>();
  private readonly charges = new Map<string, CapacityCharge>();
  private readonly dynamodb: DynamoDBCapacity;
  private readonly stacks = new WeakSet<object>();

  public constructor(options: CostMeterOptions = {}) {
    this.dynamodb = new DynamoDBCapacity(options);
  }

  /**
   * Adds the meter to a client's middleware stack (once per stack: a document client shares
   * its base client's stack). The step runs inside the retry loop, so each attempt counts.
   */
  public attach(client: MeterableClient): void {
    const stack = client.middlewareStack as MiddlewareStack;
    if (this.stacks.has(stack)) return;
    this.stacks.add(stack);
    stack.add(
      (next, context) => async (args) => {
        const service = String(context.clientName ?? 'unknown').replace(/(Document)?Client$/, '');
        const operation = String(context.commandName ?? 'unknown').replace(/Command$/, '');
        const input = args.input as Record<string, unknown>;
        let output: Record<string, unknown> | undefined;
        let errorName: string | undefined;
        const started = performance.now();
        try {
          const result = await next(args);
          output = (result.output ?? {}) as Record<string, unknown>;
          return result;
        } catch (error) {
          errorName = (error as Error).name;
          throw error;
        } finally {
          const documentClient = (
            context.__aws_sdk_context as { features?: Record<string, unknown> } | undefined
          )?.features?.DDB_MAPPER;
          const ms = performance.now() - started;
          await this.record(service, operation, input, output, errorName, documentClient !== undefined, ms);
        }
      },
      { step: 'finalizeRequest', priority: 'low', name: COST_METER_MIDDLEWARE, override: true },
    );
  }

  private async record(
    service: string,
    operation: string,
    input: Record<string, unknown>,
    output: Record<string, unknown> | undefined,
    errorName: string | undefined,
    documentClient: boolean,
    ms: number,
  ): Promise<void> {
    const resource = resourceOf(input);
    const key = `${service}\u0000${operation}\u0000${resource}`;
    const line = this.lines.get(key) ?? {
      service,
      operation,
      resource,
      requests: 0,
      failed: 0,
      billed: 0,
      ms: 0,
    };
    this.lines.set(key, line);
    line.requests++;
    line.ms += ms;
    if (errorName !== undefined) line.failed++;
    line.billed += errorName === undefined ? billedRequests(service, operation, input, output ?? {}) : 1;
    if (service !== 'DynamoDB') return;
    const wire = output && documentClient ? wireOutput(output) : output;
    const charges = await this.dynamodb.charge({
      operation,
      input,
      ...(wire ? { output: wire } : {}),
      ...(errorName ? { errorName } : {}),
    });
    for (const charge of charges) this.add(charge);
  }

  /** Adds usage the SDK cannot see (e.g. SQS sends S3 makes for its notifications). */
  public addRequests(line: Omit<RequestLine, 'failed' | 'ms'> & { failed?: number }): void {
    const key = `${line.service}\u0000${line.operation}\u0000${line.resource}`;
    const current = this.lines.get(key) ?? { ...line, requests: 0, failed: 0, billed: 0, ms: 0 };
    this.lines.set(key, current);
    current.requests += line.requests;
    current.failed += line.failed ?? 0;
    current.billed += line.billed;
  }

  private add(charge: CapacityCharge): void {
    const key = `${charge.table}\u0000${charge.index ?? ''}\u0000${charge.tag ?? ''}`;
    const total = this.charges.get(key) ?? {
      table: charge.table,
      ...(charge.index ? { index: charge.index } : {}),
      ...(charge.tag ? { tag: charge.tag } : {}),
      readUnits: 0,
      writeUnits: 0,
      items: 0,
      bytes: 0,
    };
    this.charges.set(key, total);
    total.readUnits += charge.readUnits;
    total.writeUnits += charge.writeUnits;
    total.items += charge.items;
    total.bytes += charge.bytes;
  }

  /** What was counted so far (copies). */
  public reading(): MeterReading {
    return {
      requests: [...this.lines.values()].map((line) => ({ ...line })),
      capacity: [...this.charges.values()].map((charge) => ({ ...charge })),
    };
  }

  /** Starts counting from zero (remembered item sizes are kept: the items still exist). */
  public reset(): void {
    this.lines.clear();
    this.charges.clear();
  }
}
