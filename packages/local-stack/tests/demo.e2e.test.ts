import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { baseClientConfig } from '@energy/aws-clients/endpoint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCliOptions } from '../src/cli/options.js';
import { readProgress } from '../src/cli/progress.js';
import { type RunningLocalStack, runLocalStack } from '../src/cli/runLocalStack.js';
import { REPOSITORY_ROOT } from '../src/index.js';
import { listening } from './helpers/processes.js';
import { eventually } from './helpers/sqs.js';

// The real bundles, as `make demo` runs them (turbo builds them before this package's tests).
const FUNCTIONS = ['generator', 'processor', 'api'] as const;

describe('make demo with the built bundles', () => {
  let stateDir: string;
  let running: RunningLocalStack;
  const lines: string[] = [];

  beforeAll(async () => {
    const missing = FUNCTIONS.filter(
      (fn) => !existsSync(join(REPOSITORY_ROOT, 'apps', fn, 'dist', `${fn}.zip`)),
    );
    if (missing.length > 0)
      throw new Error(`bundles missing: ${missing.join(', ')}; run \`make build\` first`);
    stateDir = mkdtempSync(join(tmpdir(), 'energy-demo-'));
    const env = {
      // 0: the OS picks both ports as they bind. A port reserved ahead (listen, close, reuse) can
      // be taken meanwhile by any outgoing connection of a parallel test (EADDRINUSE in CI).
      EMULATOR_PORT: '0',
      PORT: '0',
      SITES: '3',
      RATE_SECONDS: '2',
      PROGRESS_SECONDS: '1',
    };
    running = await runLocalStack(parseCliOptions(['demo'], env, stateDir), (line) => lines.push(line));
  });

  afterAll(async () => {
    await running?.stop();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('stores generated readings within a minute and serves them over the API', async () => {
    // Act
    const progress = await eventually(
      async () => {
        const current = await readProgress(running.stack);
        return current.readingsStored >= 3 ? current : undefined;
      },
      60_000,
      `stored readings (output: ${lines.join('\n')}; functions log: ${readLog(running)})`,
    );
    const health = await fetch(`${running.info.apiUrl}/health`);
    // The demo's API is behind the emulator pool's authorizer (AUTH=jwt): sign in as the demo user.
    const auth = running.info.auth;
    if (auth.mode !== 'jwt') throw new Error('make demo should default to AUTH=jwt');
    const cognito = new CognitoIdentityProviderClient({ ...baseClientConfig(running.stack.env()) });
    const signedIn = await cognito.send(
      new InitiateAuthCommand({
        ClientId: auth.clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: auth.user.username, PASSWORD: auth.user.password },
      }),
    );
    cognito.destroy();
    const unauthenticated = await fetch(`${running.info.apiUrl}/fetchrecords?site_id=site1`);
    const records = await fetch(`${running.info.apiUrl}/fetchrecords?site_id=site1`, {
      headers: { authorization: `Bearer ${signedIn.AuthenticationResult?.AccessToken}` },
    });

    // Assess
    expect(progress.deadLetters).toBe(0);
    expect(health.status).toBe(200);
    expect(unauthenticated.status).toBe(401);
    expect(records.status).toBe(200);
    await eventually(async () => (running.firstReadingSeconds() === undefined ? undefined : true), 10_000);
    expect(lines.some((line) => line.startsWith('first reading stored'))).toBe(true);
  });

  it('leaves no port open once stopped', async () => {
    // Prepare
    const ports = [running.info.emulator?.port ?? 0, Number(new URL(running.info.apiUrl ?? '').port)];

    // Act
    await running.stop();

    // Assess
    for (const port of ports) expect(await listening(port)).toBe(false);
    expect(existsSync(join(stateDir, 'stack.json'))).toBe(false);
  });
});

function readLog(running: RunningLocalStack | undefined): string {
  const file = running?.info.logs.functions;
  return file && existsSync(file) ? readFileSync(file, 'utf8').slice(-4_000) : '';
}
