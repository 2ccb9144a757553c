import { randomUUID } from 'node:crypto';
import type { Writable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import { LambdaInvocationError, LambdaTimeoutError, LocalStackError } from '../errors.js';
import { type UnpackedBundle, unpackBundle } from './loadBundle.js';

/** How to host one function. */
export type LocalLambdaOptions = {
  /** Function name, as on AWS (`energy-local-processor`). */
  name: string;
  /** Built zip, `apps/<fn>/dist/<fn>.zip`. */
  bundle: string;
  /** Handler setting, default `index.handler`. */
  handler?: string;
  /** The function's own environment variables (the emulator's endpoint and credentials included). */
  environment: Record<string, string>;
  /** Function timeout, seconds. */
  timeoutSeconds: number;
  /** Function memory, MB; caps the worker's heap. */
  memoryMb: number;
  /** Region of the function. */
  region: string;
  /** Account id of its ARN. */
  accountId: string;
  /** Execution environments that may run at once; further invocations wait. Default 10. */
  maxConcurrency?: number;
  /** Where the function's stdout and stderr go; default this process's. */
  output?: Writable;
};

/** Counters of one function. */
export type LocalLambdaStats = {
  /** Invocations started. */
  invocations: number;
  /** Invocations that threw, timed out or crashed. */
  errors: number;
  /** Invocations that timed out. */
  timeouts: number;
  /** Execution environments created. */
  coldStarts: number;
};

type Pending = {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
};

type Environment = {
  worker: Worker;
  pending: Pending | undefined;
  dead: boolean;
};

type WorkerReply =
  | { id: string; ok: true; result: unknown }
  | { id: string; ok: false; error: { errorType: string; errorMessage: string; trace: string[] } };

const WORKER_SCRIPT = new URL('./lambdaWorker.mjs', import.meta.url);

/**
 * One function run from its built zip, as Lambda runs it: each execution environment
 * is a worker thread that imports the handler once and serves one invocation at a time,
 * with the function's own `process.env` only (nothing of this process's environment),
 * Lambda's reserved variables, and a context honouring the timeout. A timed-out or
 * crashed environment is discarded; the next invocation starts a new one (a cold start).
 *
 * @example
 * const fn = await LocalLambda.create({ name: 'energy-local-api', bundle: 'apps/api/dist/api.zip', ... });
 * const response = await fn.invoke(event);
 * await fn.stop();
 */
export class LocalLambda {
  /** Function name. */
  public readonly name: string;
  /** Function ARN. */
  public readonly arn: string;
  /** Counters. */
  public readonly stats: LocalLambdaStats = { invocations: 0, errors: 0, timeouts: 0, coldStarts: 0 };

  private readonly options: LocalLambdaOptions;
  private readonly unpacked: UnpackedBundle;
  private readonly idle: Environment[] = [];
  private readonly all = new Set<Environment>();
  private readonly waiting: (() => void)[] = [];
  private stopped = false;

  private constructor(options: LocalLambdaOptions, unpacked: UnpackedBundle) {
    this.options = options;
    this.unpacked = unpacked;
    this.name = options.name;
    this.arn = `arn:aws:lambda:${options.region}:${options.accountId}:function:${options.name}`;
  }

  /** Unpacks the bundle; execution environments start on first use. */
  public static async create(options: LocalLambdaOptions): Promise<LocalLambda> {
    return new LocalLambda(options, await unpackBundle(options.bundle, options.handler));
  }

  /** The environment variables the function sees: Lambda's reserved ones, then its own. */
  public get environment(): Record<string, string> {
    const { name, memoryMb, region, handler, environment } = this.options;
    return {
      AWS_LAMBDA_FUNCTION_NAME: name,
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memoryMb),
      AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${name}`,
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
      AWS_REGION: region,
      AWS_DEFAULT_REGION: region,
      LAMBDA_TASK_ROOT: this.unpacked.dir,
      _HANDLER: handler ?? 'index.handler',
      TZ: 'UTC',
      ...environment,
    };
  }

  /**
   * Invokes the function synchronously (RequestResponse) and resolves with its result, JSON
   * round-tripped as Lambda returns it. Rejects with {@link LambdaInvocationError} when the
   * handler throws, {@link LambdaTimeoutError} when it runs past the timeout (and then writes
   * Lambda's `<time> <requestId> Task timed out after 30.00 seconds` to the function's output).
   */
  public async invoke<T = unknown>(event: unknown): Promise<T> {
    if (this.stopped) throw new LocalStackError(`${this.name} is stopped`);
    this.stats.invocations++;
    const environment = await this.acquire();
    const awsRequestId = randomUUID();
    const timeoutMs = this.options.timeoutSeconds * 1_000;
    try {
      return (await new Promise<unknown>((resolve, reject) => {
        const timer = setTimeout(() => {
          this.stats.timeouts++;
          const timeout = new LambdaTimeoutError(this.name, this.options.timeoutSeconds);
          // What Lambda writes to the function's log stream when it stops a function.
          (this.options.output ?? process.stdout).write(
            `${new Date().toISOString()} ${awsRequestId} Task timed out after ${timeout.timeoutSeconds.toFixed(2)} seconds\n`,
          );
          this.discard(environment);
          reject(timeout);
        }, timeoutMs);
        environment.pending = { resolve, reject, timer };
        environment.worker.postMessage({
          id: awsRequestId,
          event,
          awsRequestId,
          deadline: Date.now() + timeoutMs,
        });
      })) as T;
    } catch (error) {
      this.stats.errors++;
      throw error;
    } finally {
      environment.pending = undefined;
      this.release(environment);
    }
  }

  /** Ends every execution environment and removes the unpacked bundle. */
  public async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    const workers = [...this.all].map((environment) => {
      environment.dead = true;
      environment.pending?.reject(new LocalStackError(`${this.name} was stopped`));
      if (environment.pending) clearTimeout(environment.pending.timer);
      return environment.worker.terminate();
    });
    this.all.clear();
    this.idle.length = 0;
    for (const wake of this.waiting.splice(0)) wake();
    await Promise.allSettled(workers);
    await this.unpacked.remove();
  }

  private async acquire(): Promise<Environment> {
    for (;;) {
      if (this.stopped) throw new LocalStackError(`${this.name} is stopped`);
      const idle = this.idle.pop();
      if (idle && !idle.dead) return idle;
      if (this.all.size < (this.options.maxConcurrency ?? 10)) return this.spawn();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  private release(environment: Environment): void {
    if (!environment.dead && !this.stopped) this.idle.push(environment);
    this.waiting.shift()?.();
  }

  private discard(environment: Environment): void {
    environment.dead = true;
    this.all.delete(environment);
    void environment.worker.terminate();
  }

  private spawn(): Environment {
    this.stats.coldStarts++;
    const now = new Date();
    const worker = new Worker(WORKER_SCRIPT, {
      env: this.environment,
      execArgv: [],
      stdout: true,
      stderr: true,
      resourceLimits: { maxOldGenerationSizeMb: this.options.memoryMb },
      workerData: {
        entry: this.unpacked.entry,
        handlerName: this.unpacked.handlerName,
        functionName: this.name,
        invokedFunctionArn: this.arn,
        memoryMb: this.options.memoryMb,
        logStreamName: `${now.toISOString().slice(0, 10).replaceAll('-', '/')}/[$LATEST]${randomUUID().replaceAll('-', '')}`,
      },
    });
    worker.stdout.pipe(this.options.output ?? process.stdout, { end: false });
    worker.stderr.pipe(this.options.output ?? process.stderr, { end: false });
    const environment: Environment = { worker, pending: undefined, dead: false };
    const settle = (reply: WorkerReply) => {
      const pending = environment.pending;
      if (!pending) return;
      clearTimeout(pending.timer);
      if (reply.ok) pending.resolve(reply.result);
      else {
        const { errorType, errorMessage, trace } = reply.error;
        pending.reject(new LambdaInvocationError(this.name, errorType, errorMessage, trace));
      }
    };
    const crash = (error: Error) => {
      const pending = environment.pending;
      this.discard(environment);
      if (!pending) return;
      clearTimeout(pending.timer);
      pending.reject(
        new LambdaInvocationError(this.name, 'Runtime.ExitError', error.message, [error.stack ?? '']),
      );
    };
    worker.on('message', settle);
    worker.on('error', crash);
    worker.on('exit', (code) => {
      if (!environment.dead) crash(new Error(`Runtime exited with error: exit status ${code}`));
    });
    this.all.add(environment);
    return environment;
  }
}
