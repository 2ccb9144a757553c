import { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type AppDependencies, createApp } from '../../src/app.js';
import type { ApiApp } from '../../src/http/types.js';
import type { Tables } from './dynamo.js';

/** Cursor secret of the test apps. */
const TEST_CURSOR_SECRET = 'test-cursor-secret-0123456789abcdef';

/** A logger that prints nothing; tests spy on it when they assert on logging. */
export function silentLogger(): Logger {
  return new Logger({ serviceName: 'energy-api-test', logLevel: 'SILENT' });
}

/** The API app over a client and tables, with a silent logger unless given. */
export function testApp(
  client: DynamoDBDocumentClient,
  tables: Tables,
  overrides: Partial<Omit<AppDependencies, 'client'>> = {},
): ApiApp {
  return createApp({
    client,
    environment: { ...tables, cursorSecret: TEST_CURSOR_SECRET },
    logger: silentLogger(),
    ...overrides,
  });
}

/** GETs a path and returns the status and the parsed JSON body. */
export async function getJson<T = unknown>(
  app: ApiApp,
  path: string,
): Promise<{ status: number; body: T; headers: Headers }> {
  const res = await app.request(path);
  return { status: res.status, body: (await res.json()) as T, headers: res.headers };
}

export type { ErrorBody } from '../../src/http/errorAnswer.js';
