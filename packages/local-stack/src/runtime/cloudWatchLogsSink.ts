import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  type InputLogEvent,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { baseClientConfig } from '@energy/aws-clients/endpoint';
import { emulatorEnv } from '../clients.js';
import { DUMMY_CREDENTIALS } from '../constants.js';

/** Settings of {@link CloudWatchLogsSink}. */
export type CloudWatchLogsSinkOptions = {
  /** Emulator endpoint. */
  endpoint: string;
  /** Region. */
  region: string;
  /** Function name: the group is `/aws/lambda/<functionName>`, as Lambda's. */
  functionName: string;
  /** Memory of the function, MB (the REPORT lines say it). */
  memoryMb: number;
  /** Where the lines also go (the terminal or `.local/logs/functions.log`); default nowhere. */
  echo?: Writable;
  /** Milliseconds between PutLogEvents calls; default 1000. */
  flushIntervalMs?: number;
};

/** PutLogEvents takes at most 10,000 events per call (and 1 MB; our lines are short). */
const MAX_EVENTS_PER_CALL = 10_000;
/** CloudWatch refuses events over 256 KB; cut longer lines. */
const MAX_EVENT_BYTES = 256 * 1024 - 26;

const createIfMissing = (error: Error) => {
  if (error.name !== 'ResourceAlreadyExistsException') throw error;
};

/**
 * Writes a hosted function's output to the emulator's CloudWatch Logs group of the same name
 * (`/aws/lambda/<function>`, one stream per run named as Lambda names them), one event per line,
 * plus Lambda's `START`/`END`/`REPORT` lines per invocation, so `aws logs tail` and
 * `aws logs filter-log-events` work locally as on AWS. The lines are echoed unchanged.
 *
 * @example
 * const sink = await CloudWatchLogsSink.open({ endpoint, region, functionName, memoryMb: 512 });
 * const fn = await hostFunction(stack, definition, { output: sink.stream });
 * sink.instrument(fn);
 */
export class CloudWatchLogsSink {
  /** The log group, `/aws/lambda/<function>`. */
  public readonly logGroupName: string;
  /** This run's stream, `YYYY/MM/DD/[$LATEST]<hex>`. */
  public readonly logStreamName: string;
  /** Give this to the function as its output. */
  public readonly stream: Writable;
  readonly #client: CloudWatchLogsClient;
  readonly #options: CloudWatchLogsSinkOptions;
  #pending: InputLogEvent[] = [];
  #partial = '';
  #timer: ReturnType<typeof setInterval>;
  #flushing: Promise<void> = Promise.resolve();
  #failed: Error | undefined;

  private constructor(client: CloudWatchLogsClient, options: CloudWatchLogsSinkOptions, streamName: string) {
    this.#client = client;
    this.#options = options;
    this.logGroupName = `/aws/lambda/${options.functionName}`;
    this.logStreamName = streamName;
    this.stream = new Writable({
      write: (chunk: Buffer, _encoding, callback) => {
        options.echo?.write(chunk);
        this.#addText(chunk.toString('utf8'));
        callback();
      },
    });
    this.#timer = setInterval(() => void this.flush(), options.flushIntervalMs ?? 1_000);
    this.#timer.unref();
  }

  /** Creates the group (if missing) and this run's stream. */
  public static async open(options: CloudWatchLogsSinkOptions): Promise<CloudWatchLogsSink> {
    const client = new CloudWatchLogsClient({
      ...baseClientConfig(emulatorEnv(options.endpoint, options.region)),
      credentials: { ...DUMMY_CREDENTIALS },
    });
    const now = new Date();
    const streamName = `${now.toISOString().slice(0, 10).replaceAll('-', '/')}/[$LATEST]${randomUUID().replaceAll('-', '')}`;
    const group = `/aws/lambda/${options.functionName}`;
    try {
      await client.send(new CreateLogGroupCommand({ logGroupName: group })).catch(createIfMissing);
      await client.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: streamName }));
    } catch (error) {
      client.destroy();
      throw error;
    }
    return new CloudWatchLogsSink(client, options, streamName);
  }

  /** Adds Lambda's START, END and REPORT lines (with the measured duration) around each invocation. */
  public instrument(fn: { invoke: <T = unknown>(event: unknown) => Promise<T> }): void {
    const invoke = fn.invoke.bind(fn);
    fn.invoke = async <T>(event: unknown): Promise<T> => {
      // The function's own lines carry its awsRequestId; these platform lines get their own id.
      const requestId = randomUUID();
      this.#add(`START RequestId: ${requestId} Version: $LATEST`);
      const started = performance.now();
      try {
        return await invoke<T>(event);
      } finally {
        const duration = performance.now() - started;
        this.#add(`END RequestId: ${requestId}`);
        this.#add(
          `REPORT RequestId: ${requestId}\tDuration: ${duration.toFixed(2)} ms\tBilled Duration: ${Math.ceil(duration)} ms\tMemory Size: ${this.#options.memoryMb} MB`,
        );
      }
    };
  }

  #addText(text: string): void {
    const lines = (this.#partial + text).split('\n');
    this.#partial = lines.pop() ?? '';
    for (const line of lines) if (line.trim()) this.#add(line);
  }

  #add(message: string): void {
    const bytes = Buffer.from(message, 'utf8');
    const cut =
      bytes.length > MAX_EVENT_BYTES ? bytes.subarray(0, MAX_EVENT_BYTES).toString('utf8') : message;
    this.#pending.push({ timestamp: Date.now(), message: cut });
  }

  /** Sends what is buffered (in order, one call at a time). */
  public flush(): Promise<void> {
    this.#flushing = this.#flushing.then(async () => {
      while (this.#pending.length > 0) {
        const events = this.#pending.splice(0, MAX_EVENTS_PER_CALL);
        try {
          await this.#client.send(
            new PutLogEventsCommand({
              logGroupName: this.logGroupName,
              logStreamName: this.logStreamName,
              logEvents: events,
            }),
          );
        } catch (error) {
          // Logs are a copy (the echo has every line): report the first failure once, keep running.
          if (!this.#failed) {
            this.#failed = error as Error;
            this.#options.echo?.write(
              `[local-stack] CloudWatch Logs ${this.logGroupName}: ${this.#failed.message}\n`,
            );
          }
        }
      }
    });
    return this.#flushing;
  }

  /** Sends the rest, stops the timer and closes the client. */
  public async close(): Promise<void> {
    clearInterval(this.#timer);
    if (this.#partial.trim()) this.#add(this.#partial);
    this.#partial = '';
    await this.flush();
    this.#client.destroy();
  }
}
