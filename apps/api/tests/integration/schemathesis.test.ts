import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  type LocalRuntime,
  type LocalStack,
  REPOSITORY_ROOT,
  startLocalRuntime,
  startLocalStack,
} from '@energy/local-stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertRecord } from '../helpers/alerts.js';
import { batchPut, seed } from '../helpers/dynamo.js';
import { readingSeries } from '../helpers/readings.js';

// schemathesis (pinned in tools/python, installed into the project venv by `make venv`)
// generates requests from /openapi.json and checks every answer: no 5xx, and the body
// matches the documented schema for its status. It runs against the built api zip behind the
// local HTTP API, as deployed, first on a quiet table and then on one of 20,000 readings.
// Examples per operation are bounded so that each run stays within a minute or two.

const SCHEMATHESIS = join(REPOSITORY_ROOT, '.venv', 'bin', 'schemathesis');
const MAX_EXAMPLES = 25;
const SEED = 20261201;

type Run = { code: number | null; output: string };

function schemathesis(baseUrl: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      SCHEMATHESIS,
      [
        'run',
        `${baseUrl}/openapi.json`,
        '--checks',
        'not_a_server_error,response_schema_conformance,content_type_conformance',
        '--max-examples',
        String(MAX_EXAMPLES),
        '--seed',
        String(SEED),
        '--phases',
        'examples,coverage,fuzzing',
        '--workers',
        '1',
        '--generation-database',
        'none',
        '--request-timeout',
        '30',
        '--no-color',
      ],
      { env: { ...process.env, SCHEMATHESIS_HOOKS: '' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

let stack: LocalStack;
let runtime: LocalRuntime;
let url: string;

beforeAll(async () => {
  expect(existsSync(SCHEMATHESIS), `${SCHEMATHESIS} is missing: run make venv`).toBe(true);
  stack = await startLocalStack({ endpoint: null });
  await seed(
    stack.clients.documentClient,
    { readingsTable: stack.names.readingsTable, summaryTable: stack.names.summaryTable },
    readingSeries({ site: 'site1', count: 30, anomalyEvery: 3 }),
  );
  // Alert episodes of each kind, so /v1/alerts answers items that its schema must describe.
  await batchPut(stack.clients.documentClient, stack.names.summaryTable, [
    alertRecord({ site: 'site1', rule: 'NEGATIVE_GENERATION', openedAt: '2025-02-16T00:03:00.000Z' }),
    alertRecord({
      site: 'site1',
      rule: 'SILENT_SITE',
      openedAt: '2025-02-16T03:00:00.000Z',
      state: 'resolved',
      expiresAt: 4_102_444_800,
    }),
  ]);
  runtime = await startLocalRuntime(stack, {
    processor: false,
    generator: false,
    apiPort: 0,
    logLevel: 'ERROR',
  });
  url = runtime.http?.url ?? '';
});

afterAll(async () => {
  await runtime?.stop();
  await stack?.stop();
});

describe('schemathesis against /openapi.json', () => {
  it('finds no 5xx and no schema violation on a quiet table', async () => {
    // Act
    const run = await schemathesis(url);

    // Assess
    expect(run.output).toMatch(/test cases/i);
    expect(run.code, run.output.slice(-4000)).toBe(0);
  }, 240_000);

  it('finds no 5xx and no schema violation with the table at 20,000 readings', async () => {
    // Prepare: 20 sites × 1,000 readings, written with BatchWriteItem.
    const readings = Array.from({ length: 20 }, (_, site) =>
      readingSeries({ site: `load${site}`, count: 1000, anomalyEvery: 7 }),
    ).flat();
    await batchPut(stack.clients.documentClient, stack.names.readingsTable, readings);

    // Act
    const run = await schemathesis(url);

    // Assess
    expect(run.output).toMatch(/test cases/i);
    expect(run.code, run.output.slice(-4000)).toBe(0);
  }, 300_000);
});
