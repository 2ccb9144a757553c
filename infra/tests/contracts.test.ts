import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectedActions } from '../tools/checkFunctionContracts.js';
import { FIXTURES_DIR } from '../tools/paths.js';
import { sdkCommands } from '../tools/sdkCommands.js';

// The contract checks on the applied stage are in deployedStage.test.ts; these cover how the
// SDK commands of an app are found and mapped to IAM actions, on a fixture app.
const HANDLER = join(FIXTURES_DIR, 'sdk-app', 'src', 'handler.ts');

describe('Function: sdkCommands', () => {
  it('collects the commands reachable from the handler, not type imports or unreachable files', async () => {
    // Act
    const uses = await sdkCommands(HANDLER);

    // Assess
    expect(uses.map(({ sdkPackage, command }) => `${sdkPackage}#${command}`)).toStrictEqual([
      '@aws-sdk/client-s3#GetObjectCommand',
      '@aws-sdk/lib-dynamodb#PutCommand',
    ]);
  });
});

describe('Function: expectedActions', () => {
  it('maps commands to actions and adds what the Lambda service needs', async () => {
    // Prepare
    const build = {
      app: 'sdk-app',
      dir: join(FIXTURES_DIR, 'sdk-app'),
      bundleName: 'sdk-app',
      zipPath: '',
      entry: HANDLER,
    };

    // Act
    const { required, supporting, unmapped } = await expectedActions(
      { tracingMode: 'Active', sqsEventSource: true },
      build,
    );

    // Assess
    expect([...required].sort()).toStrictEqual([
      'dynamodb:PutItem',
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      's3:GetObject',
      'sqs:DeleteMessage',
      'sqs:GetQueueAttributes',
      'sqs:ReceiveMessage',
      'xray:PutTelemetryRecords',
      'xray:PutTraceSegments',
    ]);
    expect([...supporting].sort()).toStrictEqual(['s3:GetObjectVersion', 's3:ListBucket']);
    expect(unmapped).toStrictEqual([]);
  });

  it("asks for the logs and the code's own actions only when the function neither traces nor polls a queue", async () => {
    // Prepare
    const build = {
      app: 'sdk-app',
      dir: join(FIXTURES_DIR, 'sdk-app'),
      bundleName: 'sdk-app',
      zipPath: '',
      entry: join(FIXTURES_DIR, 'sdk-app', 'src', 'cli.ts'),
    };

    // Act
    const { required } = await expectedActions({ tracingMode: 'PassThrough', sqsEventSource: false }, build);

    // Assess
    expect([...required].sort()).toStrictEqual([
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      'sqs:SendMessage',
    ]);
  });
});
