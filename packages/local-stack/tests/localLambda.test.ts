import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import {
  LambdaInvocationError,
  LambdaTimeoutError,
  LocalLambda,
  type LocalLambdaOptions,
} from '../src/index.js';
import { ECHO_HANDLER, fixtureBundle, removeFixtures, THROWING_HANDLER } from './helpers/fixtures.js';

type Echo = {
  env: Record<string, string>;
  event: unknown;
  invocations: number;
  asset: string;
  context: Record<string, string | number>;
  dropped?: unknown;
};

const started: LocalLambda[] = [];
async function create(overrides: Partial<LocalLambdaOptions> = {}): Promise<LocalLambda> {
  const fn = await LocalLambda.create({
    name: 'energy-local-echo',
    bundle: fixtureBundle(ECHO_HANDLER, { 'assets/hello.txt': 'hello from the bundle' }),
    environment: { OWN_VARIABLE: 'mine' },
    timeoutSeconds: 2,
    memoryMb: 128,
    region: 'us-east-1',
    accountId: '123456789012',
    ...overrides,
  });
  started.push(fn);
  return fn;
}

afterAll(async () => {
  await Promise.all(started.map((fn) => fn.stop()));
  removeFixtures();
});

describe('Class: LocalLambda', () => {
  it('runs the zipped handler with only its own environment and Lambda reserved variables', async () => {
    // Prepare
    process.env.PARENT_ONLY_VARIABLE = 'must not leak';
    const fn = await create();

    // Act
    const result = await fn.invoke<Echo>({ hello: 'world' });

    // Assess
    expect(result.env.OWN_VARIABLE).toBe('mine');
    expect(result.env.PARENT_ONLY_VARIABLE).toBeUndefined();
    expect(result.env.PATH).toBeUndefined();
    expect(result.env).toMatchObject({
      AWS_LAMBDA_FUNCTION_NAME: 'energy-local-echo',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '128',
      AWS_REGION: 'us-east-1',
      _HANDLER: 'index.handler',
    });
    expect(result.event).toStrictEqual({ hello: 'world' });
    expect(result.asset).toBe('hello from the bundle');
    expect('dropped' in result).toBe(false);
  });

  it('passes a context with request id, function name, ARN and the remaining time', async () => {
    // Prepare
    const fn = await create();

    // Act
    const first = await fn.invoke<Echo>({});
    const second = await fn.invoke<Echo>({});

    // Assess
    expect(first.context).toMatchObject({
      functionName: 'energy-local-echo',
      functionVersion: '$LATEST',
      invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:energy-local-echo',
      memoryLimitInMB: '128',
      logGroupName: '/aws/lambda/energy-local-echo',
    });
    expect(first.context.awsRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(second.context.awsRequestId).not.toBe(first.context.awsRequestId);
    expect(first.context.remaining).toBeGreaterThan(1_500);
    expect(first.context.remaining).toBeLessThanOrEqual(2_000);
    expect(second.invocations).toBe(2);
    expect(fn.stats).toMatchObject({ invocations: 2, coldStarts: 1, errors: 0 });
  });

  it('reports a thrown error as Lambda does, with its type and message', async () => {
    // Prepare
    const fn = await create({ bundle: fixtureBundle(THROWING_HANDLER) });

    // Act
    const error = await fn.invoke({}).catch((thrown: unknown) => thrown);

    // Assess
    expect(error).toBeInstanceOf(LambdaInvocationError);
    expect(error).toMatchObject({ errorType: 'TypeError', message: expect.stringContaining('boom') });
  });

  it('times out after the function timeout and starts a fresh environment next time', async () => {
    // Prepare
    let log = '';
    const output = new Writable({
      write(chunk, _encoding, callback) {
        log += String(chunk);
        callback();
      },
    });
    const fn = await create({ timeoutSeconds: 1, output });

    // Act
    const started = performance.now();
    const error = await fn.invoke({ sleepMs: 5_000 }).catch((thrown: unknown) => thrown);
    const elapsed = performance.now() - started;
    const after = await fn.invoke<Echo>({});

    // Assess
    expect(error).toBeInstanceOf(LambdaTimeoutError);
    expect((error as Error).message).toMatch(/Task timed out after 1\.00 seconds/);
    expect(elapsed).toBeLessThan(2_000);
    expect(after.invocations).toBe(1);
    expect(fn.stats).toMatchObject({ timeouts: 1, coldStarts: 2 });
    // The function log says so, as Lambda's does: "<time> <request id> Task timed out after 1.00 seconds".
    expect(log).toMatch(/\d{4}-\d\d-\d\dT[\d:.]+Z [0-9a-f-]{36} Task timed out after 1\.00 seconds\n/);
  });

  it('fails the invocation when the runtime crashes, and recovers', async () => {
    // Prepare
    const fn = await create();

    // Act
    const error = await fn.invoke({ crash: true }).catch((thrown: unknown) => thrown);
    const after = await fn.invoke<Echo>({});

    // Assess
    expect(error).toMatchObject({ errorType: 'Runtime.ExitError' });
    expect(after.invocations).toBe(1);
  });

  it('runs up to maxConcurrency invocations at once, each in its own environment', async () => {
    // Prepare
    const fn = await create({ maxConcurrency: 2 });

    // Act
    const started = performance.now();
    await Promise.all([1, 2, 3, 4].map(() => fn.invoke({ sleepMs: 300 })));
    const elapsed = performance.now() - started;

    // Assess
    expect(fn.stats.coldStarts).toBe(2);
    expect(elapsed).toBeGreaterThanOrEqual(590);
  });
});
