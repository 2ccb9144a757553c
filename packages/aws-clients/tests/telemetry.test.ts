import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { withTelemetry } from '../src/telemetry.js';

const context = {
  awsRequestId: 'req-1',
  functionName: 'energy-dev-alerter',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:energy-dev-alerter',
  memoryLimitInMB: '256',
} as Context;

/** Captures what Powertools writes to stdout (Logger's lines, Metrics' EMF documents) as parsed JSON. */
function captureStdout(): Record<string, unknown>[] {
  const lines: Record<string, unknown>[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
    return true;
  });
  return lines;
}

describe('Function: withTelemetry', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('puts the Lambda context in every log line of the invocation', async () => {
    // Prepare
    const lines = captureStdout();
    const logger = new Logger({ serviceName: 'energy-test' });

    // Act
    const result = await withTelemetry({ logger, context }, async () => {
      logger.info('working');
      return 42;
    });

    // Assess
    expect(result).toBe(42);
    expect(lines).toContainEqual(
      expect.objectContaining({
        message: 'working',
        function_request_id: 'req-1',
        function_name: 'energy-dev-alerter',
      }),
    );
  });

  it('flushes the stored metrics when the invocation throws, and rethrows', async () => {
    // Prepare
    const lines = captureStdout();
    const logger = new Logger({ serviceName: 'energy-test' });
    const metrics = new Metrics({ namespace: 'EnergyTest', serviceName: 'energy-test' });

    // Act
    const run = withTelemetry({ logger, metrics, context }, async () => {
      metrics.addMetric('FilesFailed', MetricUnit.Count, 1);
      throw new Error('write failed');
    });

    // Assess
    await expect(run).rejects.toThrow('write failed');
    expect(lines.some((line) => line.FilesFailed === 1 && '_aws' in line)).toBe(true);
  });
});
