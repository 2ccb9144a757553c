import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCliOptions } from '../src/cli/options.js';
import { type RunningLocalStack, runLocalStack } from '../src/cli/runLocalStack.js';
import { REPOSITORY_ROOT } from '../src/index.js';

// make stack with AUTH=jwt (the default) and the real api bundle: the dashboard's sign-in, done
// with plain HTTP as the browser does it (authorize → stand-in form → code → auth/token → API).
let running: RunningLocalStack;
let stateDir: string;

beforeAll(async () => {
  if (!existsSync(join(REPOSITORY_ROOT, 'apps', 'api', 'dist', 'api.zip')))
    throw new Error('apps/api/dist/api.zip missing; run `make build` first');
  stateDir = mkdtempSync(join(tmpdir(), 'energy-signin-'));
  const env = {
    // 0: the OS picks both ports as they bind. A port reserved ahead (listen, close, reuse) can
    // be taken meanwhile by any outgoing connection of a parallel test (EADDRINUSE in CI).
    EMULATOR_PORT: '0',
    PORT: '0',
    PROGRESS_SECONDS: '60',
  };
  running = await runLocalStack(parseCliOptions(['stack'], env, stateDir), () => {});
});

afterAll(async () => {
  await running?.stop();
  rmSync(stateDir, { recursive: true, force: true });
});

describe('make stack: sign-in of the dashboard against the emulator user pool', () => {
  it('refuses data without a token, keeps /health and the sign-in settings open', async () => {
    const api = running.info.apiUrl as string;
    const refused = await fetch(`${api}/v1/sites`);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toStrictEqual({
      message: 'Unauthorized',
      reason: 'no bearer token in the Authorization header',
    });
    expect((await fetch(`${api}/health`)).status).toBe(200);
    expect((await fetch(`${api}/openapi.json`)).status).toBe(401);
    const config = (await (await fetch(`${api}/auth/config.json`)).json()) as Record<string, unknown>;
    expect(config).toMatchObject({
      mode: 'jwt',
      clientId: running.info.auth.mode === 'jwt' && running.info.auth.clientId,
    });
  });

  it('signs in with authorization code + PKCE through the stand-in, then reads data and refreshes', async () => {
    // Prepare
    const api = running.info.apiUrl as string;
    const config = (await (await fetch(`${api}/auth/config.json`)).json()) as {
      clientId: string;
      authorizeUrl: string;
    };
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const params = {
      response_type: 'code',
      client_id: config.clientId,
      redirect_uri: `${api}/`,
      state: 'abc',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      scope: 'openid',
    };

    // Act: the sign-in page, the form post, the redirect back, the exchange through the API.
    const page = await fetch(`${config.authorizeUrl}?${new URLSearchParams(params)}`);
    expect(await page.text()).toContain('<form method="post" action="login">');
    const login = (password: string) =>
      fetch(new URL('login', config.authorizeUrl), {
        method: 'POST',
        redirect: 'manual',
        body: new URLSearchParams({ ...params, username: 'demo', password }),
      });
    expect(await (await login('wrong')).text()).toContain('Incorrect username or password');
    const redirect = await login('Demo-pass-1234');
    const back = new URL(redirect.headers.get('location') ?? '');
    const exchange = (form: Record<string, string>) =>
      fetch(`${api}/auth/token`, { method: 'POST', body: new URLSearchParams(form) }).then(async (r) => ({
        status: r.status,
        body: (await r.json()) as Record<string, string>,
      }));
    const code = back.searchParams.get('code') ?? '';
    const wrongVerifier = await exchange({
      grant_type: 'authorization_code',
      code,
      code_verifier: 'x',
      redirect_uri: `${api}/`,
    });
    // A code is used once, whatever the outcome: sign in again for the real exchange.
    const again = new URL((await login('Demo-pass-1234')).headers.get('location') ?? '');
    const tokens = await exchange({
      grant_type: 'authorization_code',
      code: again.searchParams.get('code') ?? '',
      code_verifier: verifier,
      redirect_uri: `${api}/`,
    });
    const data = await fetch(`${api}/v1/sites`, {
      headers: { authorization: `Bearer ${tokens.body.access_token}` },
    });
    const refreshed = await exchange({
      grant_type: 'refresh_token',
      refresh_token: tokens.body.refresh_token ?? '',
    });
    const afterRefresh = await fetch(`${api}/v1/sites`, {
      headers: { authorization: `Bearer ${refreshed.body.access_token}` },
    });

    // Assess
    expect(redirect.status).toBe(302);
    expect(`${back.origin}${back.pathname}`).toBe(`${api}/`);
    expect(back.searchParams.get('state')).toBe('abc');
    expect(wrongVerifier).toStrictEqual({ status: 400, body: { error: 'invalid_grant' } });
    expect(tokens.status).toBe(200);
    expect(data.status).toBe(200);
    expect(await data.json()).toStrictEqual({ items: [], total: 0, next_cursor: null });
    expect(refreshed.status).toBe(200);
    expect(afterRefresh.status).toBe(200);
  });

  it('refuses a redirect URI that is not the dashboard', async () => {
    const api = running.info.apiUrl as string;
    const config = (await (await fetch(`${api}/auth/config.json`)).json()) as {
      clientId: string;
      authorizeUrl: string;
    };
    const page = await fetch(
      `${config.authorizeUrl}?${new URLSearchParams({ response_type: 'code', client_id: config.clientId, redirect_uri: 'https://evil.example.com/', code_challenge: 'x', code_challenge_method: 'S256' })}`,
    );
    expect(page.status).toBe(400);
    expect(await page.text()).toContain('redirect_uri is not a callback URL');
  });
});
