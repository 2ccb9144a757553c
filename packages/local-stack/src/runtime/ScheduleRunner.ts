import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { LocalLambda } from './LocalLambda.js';

/** Settings of a local schedule. */
export type ScheduleRunnerOptions = {
  /** Function to invoke. */
  target: Pick<LocalLambda, 'invoke' | 'name'>;
  /** Seconds between invocations. */
  rateSeconds: number;
  /** Schedule ARN (the event's `resources`). */
  scheduleArn: string;
  /** Region of the event. */
  region: string;
  /** Account of the event. */
  accountId: string;
  /** Invoke once at start instead of after the first interval. Default true. */
  runAtStart?: boolean;
  /**
   * The schedule target's `Input`, a JSON template with Scheduler's context attributes
   * (`<aws.scheduler.scheduled-time>`, `<aws.scheduler.schedule-arn>`, `<aws.scheduler.execution-id>`,
   * `<aws.scheduler.attempt-number>`). Unset: a Scheduled Event ({@link scheduledEvent}).
   */
  input?: string;
};

/** What one scheduled invocation did. */
export type ScheduleOutcome = {
  /** Function name. */
  functionName: string;
  /** Scheduled time (ISO 8601, seconds). */
  time: string;
  /** The function's result, when it succeeded. */
  result?: unknown;
  /** Its error, when it failed. */
  error?: Error;
  /** Invocation time, ms. */
  durationMs: number;
};

/** The event EventBridge Scheduler sends a Lambda target: a Scheduled Event for one schedule. */
export type ScheduledEvent = {
  version: '0';
  id: string;
  'detail-type': 'Scheduled Event';
  source: 'aws.scheduler';
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, never>;
};

/** A Scheduler-shaped event for `scheduleArn` at `time`. */
export function scheduledEvent(
  scheduleArn: string,
  region: string,
  accountId: string,
  time: Date,
): ScheduledEvent {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.scheduler',
    account: accountId,
    time: `${time.toISOString().slice(0, 19)}Z`,
    region,
    resources: [scheduleArn],
    detail: {},
  };
}

/**
 * Renders a schedule target's `Input` template as Scheduler does for one run: each context
 * attribute is replaced by its value, then the text is parsed as JSON.
 *
 * @example
 * renderScheduleInput('{"scheduledTime":"<aws.scheduler.scheduled-time>"}', { scheduleArn, time: new Date() });
 */
export function renderScheduleInput(
  template: string,
  run: { scheduleArn: string; time: Date; executionId?: string; attempt?: number },
): unknown {
  const values: Record<string, string> = {
    'aws.scheduler.scheduled-time': `${run.time.toISOString().slice(0, 19)}Z`,
    'aws.scheduler.schedule-arn': run.scheduleArn,
    'aws.scheduler.execution-id': run.executionId ?? randomUUID(),
    'aws.scheduler.attempt-number': String(run.attempt ?? 1),
  };
  const rendered = template.replace(
    /<(aws\.scheduler\.[a-z-]+)>/g,
    (match, name: string) => values[name] ?? match,
  );
  return JSON.parse(rendered);
}

/**
 * Fires a schedule the emulator only records: invokes the target every `rateSeconds` with the
 * schedule's rendered input (or a Scheduled Event), asynchronously like Scheduler (a slow run does not delay the next).
 * Emits `run` with a {@link ScheduleOutcome} after each invocation.
 *
 * @example
 * const schedule = new ScheduleRunner({ target: generator, rateSeconds: 5, scheduleArn, region, accountId }).start();
 * await schedule.stop();
 */
export class ScheduleRunner extends EventEmitter<{ run: [ScheduleOutcome] }> {
  /** Runs started. */
  public runs = 0;
  /** Runs that failed. */
  public failures = 0;

  private readonly options: ScheduleRunnerOptions;
  private timer: NodeJS.Timeout | undefined;
  private readonly inFlight = new Set<Promise<void>>();

  public constructor(options: ScheduleRunnerOptions) {
    super();
    this.options = options;
  }

  /** Starts firing. */
  public start(): this {
    if (this.timer) return this;
    this.timer = setInterval(() => this.fire(), this.options.rateSeconds * 1_000);
    if (this.options.runAtStart ?? true) this.fire();
    return this;
  }

  /** Stops firing and waits for running invocations. */
  public async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await Promise.allSettled([...this.inFlight]);
  }

  /** Invokes the target once now, as the schedule would. */
  public fire(): Promise<void> {
    const { target, scheduleArn, region, accountId } = this.options;
    const now = new Date();
    const started = performance.now();
    this.runs++;
    const event =
      this.options.input === undefined
        ? scheduledEvent(scheduleArn, region, accountId, now)
        : renderScheduleInput(this.options.input, { scheduleArn, time: now });
    const run = target
      .invoke(event)
      .then(
        (result) => ({ result }),
        (error: Error) => {
          this.failures++;
          return { error };
        },
      )
      .then((outcome) => {
        this.emit('run', {
          functionName: target.name,
          time: now.toISOString(),
          durationMs: performance.now() - started,
          ...outcome,
        });
      });
    this.inFlight.add(run);
    void run.finally(() => this.inFlight.delete(run));
    return run;
  }
}
