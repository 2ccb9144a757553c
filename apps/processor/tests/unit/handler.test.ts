// aws-sdk-client-mock here because the emulator never throttles: this checks the handler's
// wiring (partial batch response) for a throttled read next to a good and a gone file.
// The same paths run against the emulator in tests/integration.
import {
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { lambdaContext, s3NotificationBody, s3TestEventBody, sqsRecord } from '../helpers/factories.js';

const s3Mock = mockClient(S3Client);
const ddbMock = mockClient(DynamoDBDocumentClient);
const snsMock = mockClient(SNSClient);

beforeAll(() => {
  vi.stubEnv('READINGS_TABLE', 'test-readings');
  vi.stubEnv('SUMMARY_TABLE', 'test-summary');
  vi.stubEnv('ALERT_TOPIC_ARN', 'arn:aws:sns:us-east-1:123456789012:test-alerts');
  vi.stubEnv('QUARANTINE_PREFIX', 'quarantine/');
  vi.stubEnv('MAX_FILE_BYTES', '1000000');
  vi.stubEnv('POWERTOOLS_SERVICE_NAME', 'processor');
  vi.stubEnv('POWERTOOLS_METRICS_NAMESPACE', 'EnergyTest');
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
  vi.stubEnv('AWS_REGION', 'us-east-1');
});

afterAll(() => {
  vi.unstubAllEnvs();
  s3Mock.restore();
  ddbMock.restore();
  snsMock.restore();
});

describe('Function: handler', () => {
  it('reports only the throttled message as failed; acknowledges the test event and a file that is gone', async () => {
    // Prepare
    const { handler } = await import('../../src/handler.js');
    s3Mock
      .on(GetObjectCommand, { Key: 'readings/throttled.json' })
      .rejects(
        new S3ServiceException({
          name: 'SlowDown',
          $fault: 'server',
          message: 'Please reduce your request rate.',
          $metadata: { httpStatusCode: 503 },
        }),
      )
      .on(GetObjectCommand, { Key: 'readings/gone.json' })
      .rejects(new NoSuchKey({ message: 'The specified key does not exist.', $metadata: {} }))
      .on(PutObjectCommand)
      .resolves({});
    const event = {
      Records: [
        sqsRecord(s3TestEventBody(), 'test-event'),
        sqsRecord(s3NotificationBody([{ key: 'readings/throttled.json' }]), 'throttled'),
        sqsRecord(s3NotificationBody([{ key: 'readings/gone.json' }]), 'gone'),
      ],
    };

    // Act
    const response = await handler(event, lambdaContext());

    // Assess
    expect(response).toStrictEqual({ batchItemFailures: [{ itemIdentifier: 'throttled' }] });
    const quarantined = s3Mock.commandCalls(PutObjectCommand).map((call) => call.args[0].input.Key);
    expect(quarantined).toStrictEqual(['quarantine/readings/gone.json@0/error.json']);
    const document = JSON.parse(String(s3Mock.commandCalls(PutObjectCommand)[0]?.args[0].input.Body));
    expect(document.reason).toBe('OBJECT_NOT_FOUND');
    expect(ddbMock.calls().length).toBe(0);
  });
});
