import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCliOptions, UsageError } from '../src/cli/options.js';
import { formatProgress, s3RecordCount } from '../src/cli/progress.js';
import type { StackInfo } from '../src/cli/runLocalStack.js';
import { createStackClients, REPOSITORY_ROOT } from '../src/index.js';
import { fixtureBundle, HTTP_HANDLER, removeFixtures } from './helpers/fixtures.js';
import { alive, freePort, listening } from './helpers/processes.js';
import { eventually } from './helpers/sqs.js';

const LOGGING_PROCESSOR = `
export const handler = async (event) => {
  for (const record of event.Records) console.log('processor got ' + record.body);
  return { batchItemFailures: [] };
};`;
const LOGGING_GENERATOR = `
export const handler = async (event) => {
  console.log('generator tick ' + JSON.stringify(event));
  return { ok: true };
};`;

const LOGGING_SUMMARIZER = `
export const handler = async () => {
  console.log('summarizer run');
  return { ok: true };
};`;

const LOGGING_ALERTER = `
export const handler = async () => {
  console.log('alerter run');
  return { ok: true };
};`;

describe('CLI: make demo', () => {
  let root: string;
  let stateDir: string;
  let child: ChildProcess;
  let output = '';
  let emulatorPort: number;
  let apiPort: number;

  beforeAll(async () => {
    // Prepare: fixture bundles where the CLI looks for apps/<fn>/dist/<fn>.zip
    root = mkdtempSync(join(tmpdir(), 'energy-cli-'));
    stateDir = join(root, '.local');
    const fixtures = {
      processor: LOGGING_PROCESSOR,
      api: HTTP_HANDLER,
      generator: LOGGING_GENERATOR,
      summarizer: LOGGING_SUMMARIZER,
      alerter: LOGGING_ALERTER,
    };
    for (const [kind, source] of Object.entries(fixtures)) {
      mkdirSync(join(root, 'apps', kind, 'dist'), { recursive: true });
      writeFileSync(join(root, 'apps', kind, 'dist', `${kind}.zip`), readFileSync(fixtureBundle(source)));
    }
    emulatorPort = await freePort();
    apiPort = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      EMULATOR_PORT: String(emulatorPort),
      PORT: String(apiPort),
      RATE_SECONDS: '1',
      PROGRESS_SECONDS: '1',
      LOCAL_STACK_APPS_ROOT: root,
      LOCAL_STACK_STATE_DIR: stateDir,
    };
    delete env.AWS_ENDPOINT_URL;
    // Its own process group, like a job in a terminal: Ctrl-C reaches the whole group.
    child = spawn(process.execPath, ['--import', 'tsx', 'packages/local-stack/src/cli/main.ts', 'demo'], {
      cwd: REPOSITORY_ROOT,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    // stack.json is written just before the summary is printed: wait for both, or a loaded
    // machine can see the file while the summary's lines are still in the pipe.
    await eventually(
      async () =>
        existsSync(join(stateDir, 'stack.json')) && output.includes('Ctrl-C stops everything.')
          ? true
          : undefined,
      45_000,
      `stack.json and the printed summary (output so far: ${output})`,
    );
  });

  afterAll(() => {
    if (child?.pid && child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
    rmSync(root, { recursive: true, force: true });
    removeFixtures();
  });

  it('writes stack.json with the endpoint, every resource and the API URL, and prints them', () => {
    // Act
    const info = JSON.parse(readFileSync(join(stateDir, 'stack.json'), 'utf8')) as StackInfo;

    // Assess
    expect(info).toMatchObject({
      mode: 'demo',
      endpoint: `http://127.0.0.1:${emulatorPort}`,
      region: 'us-east-1',
      apiUrl: `http://127.0.0.1:${apiPort}`,
      emulator: { port: emulatorPort },
      env: { AWS_ENDPOINT_URL: `http://127.0.0.1:${emulatorPort}` },
    });
    expect(Object.keys(info.resources)).toEqual(
      expect.arrayContaining([
        'bucket',
        'queueUrl',
        'deadLetterQueueUrl',
        'topicArn',
        'alertInboxUrl',
        'readingsTable',
      ]),
    );
    expect(Object.keys(info.functions).sort()).toStrictEqual([
      'alerter',
      'api',
      'generator',
      'processor',
      'summarizer',
    ]);
    // The demo's alerter follows its 1 s tick: silent after 3 ticks, periods scaled from 5 minutes.
    expect(info.alerter).toMatchObject({
      schedule: 'energy-local-alerter-schedule',
      rateSeconds: 1,
      environment: {
        ALERT_INTERVAL_SECONDS: '1',
        ALERT_SILENT_AFTER_INTERVALS: '3',
        ALERT_QUIET_SECONDS: '36',
      },
    });
    expect(output).toContain('alerter         energy-local-alerter-schedule (every 1 s locally)');
    expect(output).toContain(`API             http://127.0.0.1:${apiPort}`);
    expect(output).toContain(info.resources.queueUrl);
    expect(output).toContain('sign in on the dashboard as demo / ');
  });

  it('serves the api, fires the generator and feeds new objects to the processor', async () => {
    // Prepare
    const info = JSON.parse(readFileSync(join(stateDir, 'stack.json'), 'utf8')) as StackInfo;
    const clients = createStackClients(info.endpoint, info.region);

    // Act: the API is behind the emulator pool's authorizer; sign in as the demo user stack.json names.
    expect(info.auth.mode).toBe('jwt');
    if (info.auth.mode !== 'jwt') return;
    expect((await fetch(`${info.apiUrl}/object`)).status).toBe(401);
    const cognito = new CognitoIdentityProviderClient({
      endpoint: info.endpoint,
      region: info.region,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    const signedIn = await cognito.send(
      new InitiateAuthCommand({
        ClientId: info.auth.clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: info.auth.user.username, PASSWORD: info.auth.user.password },
      }),
    );
    cognito.destroy();
    const response = await fetch(`${info.apiUrl}/object`, {
      headers: { authorization: `Bearer ${signedIn.AuthenticationResult?.AccessToken}` },
    });
    await clients.s3.send(
      new PutObjectCommand({ Bucket: info.resources.bucket, Key: 'site1/20250216T213043Z.json', Body: '{}' }),
    );
    const functionsLog = info.logs.functions ?? '';
    const log = await eventually(
      async () => {
        const text = readFileSync(functionsLog, 'utf8');
        return text.includes('site1/20250216T213043Z.json') || text.includes('site1%2F20250216T213043Z.json')
          ? text
          : undefined;
      },
      20_000,
      'the processor to log the new object',
    );
    clients.destroy();

    // Assess
    expect(await response.json()).toStrictEqual({ hello: 'world' });
    expect(log).toMatch(/generator tick \{"scheduledTime":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"\}/);
    await eventually(
      async () => (readFileSync(functionsLog, 'utf8').includes('alerter run') ? true : undefined),
      10_000,
      'the alerter to run on its local schedule',
    );
    await eventually(
      async () => (output.includes('files processed 1') ? true : undefined),
      10_000,
      'progress',
    );
  });

  it('stops everything on Ctrl-C: exit 0, no process, no listening port, no stack.json', async () => {
    // Prepare
    const info = JSON.parse(readFileSync(join(stateDir, 'stack.json'), 'utf8')) as StackInfo;
    const emulatorPid = info.emulator?.pid ?? 0;
    expect(await listening(emulatorPort)).toBe(true);
    expect(await listening(apiPort)).toBe(true);

    // Act
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    process.kill(-(child.pid ?? 0), 'SIGINT');
    const code = await exited;

    // Assess
    expect(code).toBe(0);
    expect(alive(emulatorPid)).toBe(false);
    expect(await listening(emulatorPort)).toBe(false);
    expect(await listening(apiPort)).toBe(false);
    expect(existsSync(join(stateDir, 'stack.json'))).toBe(false);
    expect(output).toContain('stopped:');
  });
});

describe('Function: parseCliOptions', () => {
  it('reads flags before environment variables before defaults', () => {
    const options = parseCliOptions(
      ['demo', '--sites', '20'],
      { SITES: '5', PORT: '8080', RATE_SECONDS: '2' },
      '/s',
    );
    expect(options).toMatchObject({
      mode: 'demo',
      sites: 20,
      apiPort: 8080,
      emulatorPort: 4566,
      rateSeconds: 2,
    });
  });

  it.each([
    [['start'], /unknown command/],
    [['stack', '--bogus', '1'], /unknown option --bogus/],
    [['demo', '--port', 'abc'], /PORT must be an integer/],
    [['demo', '--rate', '0'], /RATE_SECONDS must be an integer/],
    [['demo', '--auth', 'basic'], /AUTH must be jwt or none/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseCliOptions(argv, {}, '/s')).toThrow(UsageError);
    expect(() => parseCliOptions(argv, {}, '/s')).toThrow(message);
  });
});

describe('Function: s3RecordCount', () => {
  it('counts S3 object records and skips the s3:TestEvent', () => {
    const notification = JSON.stringify({ Records: [{ eventSource: 'aws:s3' }, { eventSource: 'aws:s3' }] });
    expect(s3RecordCount([notification, JSON.stringify({ Event: 's3:TestEvent' }), 'not json'])).toBe(2);
  });
});

describe('Function: formatProgress', () => {
  it('prints every counter on one line', () => {
    const line = formatProgress(
      {
        filesProcessed: 3,
        readingsStored: 30,
        rejected: 1,
        anomalies: 4,
        alerts: 4,
        deadLetters: 0,
        timeouts: 1,
        retried: 2,
      },
      75,
    );
    expect(line).toBe(
      '[01:15] files processed 3 | readings stored 30 | rejected 1 | anomalies 4 | alerts 4 | DLQ 0 | timeouts 1 | retried 2',
    );
  });
});
