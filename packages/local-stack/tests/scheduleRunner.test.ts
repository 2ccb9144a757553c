import { afterAll, describe, expect, it } from 'vitest';
import {
  LocalLambda,
  mergeSettings,
  renderScheduleInput,
  type ScheduleOutcome,
  ScheduleRunner,
  scheduledEvent,
} from '../src/index.js';
import { ECHO_HANDLER, fixtureBundle, removeFixtures } from './helpers/fixtures.js';

afterAll(() => removeFixtures());

describe('Function: scheduledEvent', () => {
  it('has the shape of a Scheduler event for one schedule', () => {
    const arn = 'arn:aws:scheduler:us-east-1:123456789012:schedule/default/energy-local-generator-schedule';
    expect(
      scheduledEvent(arn, 'us-east-1', '123456789012', new Date(Date.UTC(2025, 1, 16, 21, 30, 43, 500))),
    ).toStrictEqual({
      version: '0',
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      'detail-type': 'Scheduled Event',
      source: 'aws.scheduler',
      account: '123456789012',
      time: '2025-02-16T21:30:43Z',
      region: 'us-east-1',
      resources: [arn],
      detail: {},
    });
  });
});

describe('Function: renderScheduleInput', () => {
  it('fills the context attributes of the deployed schedule input', () => {
    const time = new Date(Date.UTC(2025, 1, 16, 21, 30, 43, 500));
    expect(
      renderScheduleInput(mergeSettings().generator.scheduleInput, { scheduleArn: 'arn:s', time }),
    ).toStrictEqual({
      scheduledTime: '2025-02-16T21:30:43Z',
    });
    expect(
      renderScheduleInput('{"a":"<aws.scheduler.schedule-arn>","n":<aws.scheduler.attempt-number>}', {
        scheduleArn: 'arn:s',
        time,
      }),
    ).toStrictEqual({ a: 'arn:s', n: 1 });
  });
});

describe('Class: ScheduleRunner', () => {
  it('invokes the target at start and then at the rate', async () => {
    // Prepare
    const fn = await LocalLambda.create({
      name: 'energy-local-generator',
      bundle: fixtureBundle(ECHO_HANDLER, { 'assets/hello.txt': '' }),
      environment: {},
      timeoutSeconds: 5,
      memoryMb: 128,
      region: 'us-east-1',
      accountId: '123456789012',
    });
    const runs: ScheduleOutcome[] = [];
    const schedule = new ScheduleRunner({
      target: fn,
      rateSeconds: 0.3,
      scheduleArn: 'arn:aws:scheduler:us-east-1:123456789012:schedule/default/s',
      region: 'us-east-1',
      accountId: '123456789012',
      input: mergeSettings().generator.scheduleInput,
    });
    schedule.on('run', (run) => runs.push(run));

    // Act
    schedule.start();
    await new Promise((resolve) => setTimeout(resolve, 800));
    await schedule.stop();
    await fn.stop();

    // Assess
    expect(runs.length).toBeGreaterThanOrEqual(3);
    expect(runs.every((run) => run.error === undefined)).toBe(true);
    expect(runs[0]?.result).toMatchObject({
      event: { scheduledTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/) },
    });
  });
});
