import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import {
  type LocalApiAuth,
  type LocalRuntime,
  type LocalStack,
  startLocalApiAuth,
  startLocalRuntime,
  startLocalStack,
} from '@energy/local-stack';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Chromium, launchChromium } from './helpers/launchChromium.js';

// The dashboard behind the JWT authorizer, as make stack runs it (AUTH=jwt): the emulator's
// Cognito pool issues the tokens, the local stand-in plays the hosted sign-in page.
/** Sites of the one generator run (its readings are what the signed-in page must show). */
const SITES = 3;

describe('Dashboard sign-in (browser, on the local stack with api_auth = jwt)', () => {
  let stack: LocalStack;
  let auth: LocalApiAuth;
  let runtime: LocalRuntime;
  let browser: Chromium;
  let page: Page;
  const dataCalls: { url: string; authorization: string | undefined }[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    stack = await startLocalStack({
      endpoint: null,
      settings: { processor: { maximumBatchingWindowSeconds: 1 } },
    });
    auth = await startLocalApiAuth(stack, 'jwt');
    // The generator is fired once below (a one-hour rate does not fire again during the test).
    runtime = await startLocalRuntime(stack, {
      ...auth.runtimeOptions,
      generator: true,
      rateSeconds: 3_600,
      siteCount: SITES,
      logLevel: 'WARN',
      apiPort: 0,
      waitTimeSeconds: 1,
    });
    auth.addCallbackUrl(runtime.http?.url as string);
    // Its readings go S3 → SQS → processor → DynamoDB, so the signed-in page has data.
    const run = await runtime.functions.generator?.invoke<{ count: number }>({
      scheduledTime: new Date().toISOString(),
    });
    expect(run?.count).toBe(SITES);
    const deadline = Date.now() + 30_000;
    for (;;) {
      const scan = await stack.clients.documentClient.send(
        new ScanCommand({ TableName: stack.resources.readingsTable, Select: 'COUNT' }),
      );
      if ((scan.Count ?? 0) >= SITES) break;
      if (Date.now() > deadline) throw new Error('the readings were not stored within 30 s');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    browser = await launchChromium();
    page = await browser.context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('request', (request) => {
      if (/\/(v1|fetch)/.test(new URL(request.url()).pathname))
        dataCalls.push({ url: request.url(), authorization: request.headers().authorization });
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await runtime?.stop();
    await auth?.stop();
    await stack?.stop();
  }, 30_000);

  it('shows a signed-out visitor the sign-in screen and makes no data call', async () => {
    await page.goto(`${runtime.http?.url}/`);
    await page.waitForSelector('#sign-in-button', { timeout: 15_000 });
    expect(await page.isHidden('#app')).toBe(true);
    expect(await page.textContent('#sign-in-message')).toContain('Sign in');
    expect(dataCalls).toStrictEqual([]);
    // The data routes need a token, the alerts included (GET /v1/{proxy+} of routes.json).
    expect((await fetch(`${runtime.http?.url}/v1/alerts?state=open`)).status).toBe(401);
  });

  it('signs in through the sign-in page, then shows the data with a bearer token', async () => {
    // Act
    await page.click('#sign-in-button');
    await page.waitForSelector('input[name="username"]', { timeout: 15_000 });
    await page.fill('input[name="username"]', 'demo');
    await page.fill('input[name="password"]', 'Demo-pass-1234');
    await page.click('button[type="submit"]');
    await page.waitForFunction(
      () => Number(document.getElementById('app')?.dataset.refreshes ?? 0) > 0,
      undefined,
      {
        timeout: 20_000,
      },
    );

    // Assess
    expect(new URL(page.url()).searchParams.get('code')).toBeNull();
    expect(await page.isVisible('#app')).toBe(true);
    expect(await page.isVisible('#sign-in')).toBe(false);
    expect(await page.textContent('#kpi-readings')).toBe(String(SITES));
    expect(dataCalls.length).toBeGreaterThan(0);
    for (const call of dataCalls) expect(call.authorization).toMatch(/^Bearer eyJ/);
    expect(dataCalls.some((call) => new URL(call.url).pathname === '/v1/alerts')).toBe(true);
    expect(pageErrors).toStrictEqual([]);
  });

  it('returns to the sign-in screen when the API refuses the token', async () => {
    await page.evaluate(() => {
      const key = 'energy-dashboard.tokens';
      const tokens = JSON.parse(sessionStorage.getItem(key) ?? '{}');
      sessionStorage.setItem(key, JSON.stringify({ ...tokens, accessToken: 'not-a.jwt' }));
    });
    await page.selectOption('#range-filter', '7d');
    await page.waitForSelector('#sign-in-button', { state: 'visible', timeout: 15_000 });
    expect(await page.isHidden('#app')).toBe(true);
  });
});
