import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';

/** An API Gateway HTTP API (payload 2.0) event for a GET, as the service sends it. */
export function httpApiEvent(
  path: string,
  options: { method?: string; rawQueryString?: string; requestId?: string } = {},
): APIGatewayProxyEventV2 {
  const method = options.method ?? 'GET';
  const rawQueryString = options.rawQueryString ?? '';
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString,
    headers: { host: 'abc123.execute-api.us-east-1.amazonaws.com', accept: 'application/json' },
    queryStringParameters: rawQueryString
      ? Object.fromEntries(new URLSearchParams(rawQueryString).entries())
      : undefined,
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'abc123',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
      requestId: options.requestId ?? 'JOjL9gGaIAMEV1Q=',
      routeKey: '$default',
      stage: '$default',
      time: '17/Feb/2025:10:00:00 +0000',
      timeEpoch: 1_739_786_400_000,
    },
    isBase64Encoded: false,
  };
}

/** A Lambda context good enough for the Powertools logger. */
export function lambdaContext(): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'energy-test-api',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:energy-test-api',
    memoryLimitInMB: '512',
    awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
    logGroupName: '/aws/lambda/energy-test-api',
    logStreamName: '2025/02/17/[$LATEST]abc',
    getRemainingTimeInMillis: () => 10_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
