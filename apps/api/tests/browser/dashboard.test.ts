import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { AlertRecord } from '@energy/core';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertRecord } from '../helpers/alerts.js';
import { batchPut } from '../helpers/dynamo.js';
import { type ChartsSnapshot, snapshotCharts } from './helpers/inspectCharts.js';
import { type Chromium, launchChromium } from './helpers/launchChromium.js';
import type { SeededStack } from './helpers/seedFleetDirect.js';
import { seedFleetDirect } from './helpers/seedFleetDirect.js';
import { type StageProxy, startStageProxy } from './helpers/startStageProxy.js';

/** Where the screenshot is kept (gitignored; a CI job keeps it as an artifact). */
const SCREENSHOT = resolve(import.meta.dirname, '../../test-results/dashboard.png');

/** 25 hourly ticks of 1,000 sites: a day of history, newest now, all inside the default 24-hour range. */
const SEED = { sites: 1_000, ticks: 25, intervalMinutes: 60 } as const;
/** Bars per per-site chart: the top sites, however large the fleet. */
const TOP = 10;

/** Alert episodes as the alerter writes them, opened this long before the test starts. */
const HOUR = 3_600_000;
const ALERTS = [
  { site: 'site3', rule: 'NEGATIVE_GENERATION', openedMsAgo: 5 * HOUR + 60_000, count: 42 },
  { site: 'site7', rule: 'SILENT_SITE', openedMsAgo: 2 * HOUR + 60_000 },
  { site: 'site12', rule: 'NEGATIVE_CONSUMPTION', openedMsAgo: 30 * 60_000 + 1_000, count: 4 },
  // Resolved: not an open alert, so not in the panel.
  { site: 'site3', rule: 'NEGATIVE_CONSUMPTION', openedMsAgo: 9 * HOUR, state: 'resolved' as const },
];

/** What the API answers when DynamoDB is down, for `route.fulfill`. */
function unavailable(requestId: string) {
  const error = {
    code: 'service_unavailable',
    message: 'the data store is unavailable; retry later',
    requestId,
  };
  return { status: 503, contentType: 'application/json', body: JSON.stringify({ error }) };
}

/** The panel's rows as the page shows them. */
function alertRows(page: Page) {
  return page.$$eval('#alert-rows tr', (trs) =>
    trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')),
  );
}

/** The anomaly reason codes the core rules emit. */
const REASON_CODES = ['NEGATIVE_GENERATION', 'NEGATIVE_CONSUMPTION'];

describe('Dashboard (browser, on the local stack)', () => {
  let seeded: SeededStack;
  let browser: Chromium;
  let page: Page;
  let proxy: StageProxy;
  const consoleErrors: string[] = [];
  const requested: string[] = [];
  const seededAlerts: AlertRecord[] = [];

  beforeAll(async () => {
    // Both start at once; whichever succeeded is kept so that afterAll stops it if the other failed.
    const [stack, chromium] = await Promise.allSettled([seedFleetDirect(SEED), launchChromium()]);
    if (stack.status === 'fulfilled') seeded = stack.value;
    if (chromium.status === 'fulfilled') browser = chromium.value;
    if (stack.status === 'rejected') throw stack.reason;
    if (chromium.status === 'rejected') throw chromium.reason;
    const now = Date.now();
    seededAlerts.push(
      ...ALERTS.map((alert) =>
        alertRecord({ ...alert, openedAt: new Date(now - alert.openedMsAgo).toISOString() }),
      ),
    );
    await batchPut(seeded.stack.clients.documentClient, seeded.stack.names.summaryTable, seededAlerts);
    page = await browser.context.newPage();
    // Anything the page logs as an error, throws, or fails to load is a defect.
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => consoleErrors.push(`uncaught: ${error.message}`));
    page.on('request', (request) => requested.push(request.url()));
    page.on('requestfailed', (request) => {
      consoleErrors.push(`request failed: ${request.url()} ${request.failure()?.errorText}`);
    });
  }, 240_000);

  afterAll(async () => {
    await proxy?.close();
    await browser?.close();
    await seeded?.stop();
  }, 30_000);

  /** Waits for the next successful refresh after `before` and for every series to be painted. */
  async function waitForRefresh(before: number): Promise<ChartsSnapshot> {
    await page.waitForFunction(
      (count) => Number(document.getElementById('app')?.dataset.refreshes ?? 0) > count,
      before,
      { timeout: 15_000 },
    );
    return waitForPaint();
  }

  /** Polls until every series with a value shows on its canvas and the charts stop changing. */
  async function waitForPaint(): Promise<ChartsSnapshot> {
    // Chart.js animates for 300 ms: poll until every series with a value shows on its
    // canvas and two snapshots in a row agree (the animation is over).
    const deadline = Date.now() + 5_000;
    let previous = '';
    for (;;) {
      const snapshot = await page.evaluate(snapshotCharts);
      const painted = Object.values(snapshot).every((chart) =>
        chart.datasets.every((dataset) => dataset.paintedPixels > 0 || dataset.data.every((value) => !value)),
      );
      const current = JSON.stringify(snapshot);
      if ((painted && current === previous) || Date.now() > deadline) return snapshot;
      previous = current;
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  }

  const refreshes = () => page.evaluate(() => Number(document.getElementById('app')?.dataset.refreshes ?? 0));

  it('draws every chart from the seeded data, lists anomalies with reasons, and keeps a screenshot', async () => {
    // Act
    await page.goto(`${seeded.apiUrl}/`);
    const charts = await waitForRefresh(0);
    await mkdir(join(SCREENSHOT, '..'), { recursive: true });
    // A fullPage screenshot resizes the viewport, which makes Chart.js clear and redraw its
    // canvases mid-capture (blank charts in the artifact): grow the viewport first, let the
    // charts settle, then capture it as it is.
    const viewport = page.viewportSize();
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    if (viewport) await page.setViewportSize({ width: viewport.width, height });
    await waitForPaint();
    await page.screenshot({ path: SCREENSHOT });
    if (viewport) await page.setViewportSize(viewport);

    // Assess: the per-site charts rank ten of the 1,000 sites, not one bar per site.
    expect(charts.siteEnergy?.labels).toHaveLength(TOP);
    expect(charts.siteAnomalies?.labels).toHaveLength(TOP);
    const anomalyCounts = (charts.siteAnomalies?.datasets[0]?.data ?? []).map((value) => value ?? 0);
    expect(anomalyCounts).toStrictEqual([...anomalyCounts].sort((a, b) => b - a));
    // Every dataset of every chart has data and was painted.
    for (const [name, chart] of Object.entries(charts)) {
      for (const dataset of chart.datasets) {
        expect(
          dataset.data.some((value) => value !== null && value !== 0),
          `${name}/${dataset.label} has data`,
        ).toBe(true);
        expect(dataset.paintedPixels, `${name}/${dataset.label} is drawn`).toBeGreaterThan(50);
      }
    }
    // The anomaly bars add up to the anomalous readings the pipeline stored.
    const anomalyBars = (charts.siteAnomalies?.datasets[0]?.data ?? []).reduce<number>(
      (a, b) => a + (b ?? 0),
      0,
    );
    expect(anomalyBars).toBeGreaterThan(0);
    expect(anomalyBars).toBeLessThanOrEqual(seeded.injected);
    // 24 hours per hour: the hour 24 h ago through the current one.
    expect(charts.overTime?.labels).toHaveLength(25);
    expect(await page.textContent('#kpi-readings')).toBe(seeded.readings.toLocaleString('en-GB'));
    // Faulty readings are counted and shown, their energy left out.
    const excluded = Number((await page.textContent('#kpi-excluded'))?.replace(/,/g, ''));
    expect(excluded).toBeGreaterThan(0);
    expect(excluded).toBeLessThan(seeded.readings);
    expect(await page.getAttribute('#app', 'data-state')).toBe('ready');

    // The table lists the 20 newest anomalies, newest first, each with a known reason.
    const rows = await page.$$eval('#anomaly-rows tr', (trs) =>
      trs.map((tr) => ({
        time: tr.querySelector('td')?.getAttribute('title') ?? '',
        reasons: [...tr.querySelectorAll<HTMLElement>('.badge')].map((badge) => ({
          code: badge.dataset.reason ?? '',
          text: badge.textContent ?? '',
        })),
      })),
    );
    expect(rows).toHaveLength(20);
    expect(rows.map((row) => row.time)).toStrictEqual([...rows.map((row) => row.time)].sort().reverse());
    for (const row of rows) {
      expect(row.reasons.length).toBeGreaterThan(0);
      for (const reason of row.reasons) {
        expect(REASON_CODES).toContain(reason.code);
        expect(reason.text).toMatch(/^Negative (generation|consumption)$/);
      }
    }

    // The open alerts: the silent site first (critical), then the longest open; the resolved one is not listed.
    expect(await page.getAttribute('#alerts-panel', 'data-state')).toBe('ready');
    expect(await alertRows(page)).toStrictEqual([
      ['critical', 'site7', 'Silent site', '2 h ago', '–', '–'],
      ['warning', 'site3', 'Negative generation', '5 h ago', '4 h ago', '42'],
      ['warning', 'site12', 'Negative consumption', '30 min ago', '20 min ago', '4'],
    ]);
    expect(await page.isHidden('#alert-placeholder')).toBe(true);
    expect(await page.textContent('#alerts-hint')).toBe(
      'The whole fleet: 3 open, silent sites first, then the longest open',
    );
    expect(requested.some((url) => new URL(url).pathname === '/v1/alerts')).toBe(true);

    expect(consoleErrors).toStrictEqual([]);
  });

  it('suggests sites from the registry as one types, and drills down into the chosen one', async () => {
    // Prepare
    const before = await refreshes();

    // Act: type a prefix, wait for the suggestions, then choose a site.
    await page.fill('#site-filter', 'site12');
    await page.waitForFunction(
      () => document.querySelectorAll('#site-options option').length > 0,
      undefined,
      {
        timeout: 10_000,
      },
    );
    const suggestions = await page.$$eval('#site-options option', (options) =>
      options.map((option) => (option as HTMLOptionElement).value),
    );
    await page.fill('#site-filter', 'site3');
    await page.locator('#site-filter').blur();
    const charts = await waitForRefresh(before);

    // Assess
    expect(suggestions.length).toBeGreaterThan(1);
    expect(suggestions.every((site) => site.startsWith('site12'))).toBe(true);
    expect(charts.siteEnergy?.labels).toStrictEqual(['site3']);
    expect(charts.siteAnomalies?.labels).toStrictEqual(['site3']);
    expect(charts.siteEnergy?.datasets.map((dataset) => dataset.data.length)).toStrictEqual([1, 1]);
    const sitesInTable = await page.$$eval('#anomaly-rows td.site', (cells) =>
      cells.map((cell) => cell.textContent),
    );
    expect(sitesInTable.length).toBeGreaterThan(0);
    expect(new Set(sitesInTable)).toStrictEqual(new Set(['site3']));
    expect(new URL(page.url()).searchParams.get('site')).toBe('site3');
    expect((await alertRows(page)).map((row) => row.slice(1, 3))).toStrictEqual([
      ['site3', 'Negative generation'],
    ]);
    expect(consoleErrors).toStrictEqual([]);
  });

  it('switches the time chart to a week of hours when the range filter changes', async () => {
    // Prepare
    const before = await refreshes();

    // Act
    await page.selectOption('#range-filter', '7d');
    const charts = await waitForRefresh(before);

    // Assess
    expect(charts.overTime?.labels).toHaveLength(7 * 24 + 1);
    expect(charts.siteEnergy?.labels).toStrictEqual(['site3']);
    expect(consoleErrors).toStrictEqual([]);
  });

  it('says so, instead of drawing empty charts, for a site without readings', async () => {
    // Act
    await page.goto(`${seeded.apiUrl}/?site=site99999`);
    await page.waitForSelector('#app[data-state="empty"]', { timeout: 15_000 });

    // Assess
    const placeholders = await page.$$eval('.chart-box [data-placeholder]', (elements) =>
      elements.map((element) => ({
        hidden: (element as HTMLElement).hidden,
        text: element.textContent ?? '',
      })),
    );
    expect(placeholders).toHaveLength(3);
    for (const placeholder of placeholders) {
      expect(placeholder.hidden).toBe(false);
      expect(placeholder.text).toMatch(/^No readings for site99999 between /);
    }
    expect(await page.textContent('#anomaly-placeholder')).toBe('No anomalies in this range.');
    await page.waitForSelector('#alerts-panel[data-state="empty"]', { timeout: 15_000 });
    expect(await page.textContent('#alert-placeholder')).toBe('No open alerts for site site99999.');
    expect(await alertRows(page)).toStrictEqual([]);
    expect(consoleErrors).toStrictEqual([]);
  });

  it('works behind an API Gateway stage path, with or without the trailing slash', async () => {
    // Prepare
    proxy = await startStageProxy(seeded.apiUrl, 'prod');

    for (const pageUrl of [proxy.url, `${proxy.url}/`]) {
      requested.length = 0;

      // Act
      await page.goto(pageUrl);
      const charts = await waitForRefresh(0);

      // Assess: everything the page loaded (script, stylesheet, API calls) went through the stage.
      expect(charts.siteEnergy?.labels).toHaveLength(TOP);
      expect(requested.length).toBeGreaterThan(3);
      expect(requested.filter((url) => !url.startsWith(`${proxy.url}`))).toStrictEqual([]);
      expect(requested.some((url) => url.startsWith(`${proxy.url}/v1/summary/top?`))).toBe(true);
    }
    expect(consoleErrors).toStrictEqual([]);
  });

  it('shows an API failure, keeps the last data on screen, and recovers on the next refresh', async () => {
    // Prepare: the summary answers what the API answers when DynamoDB is down. Simulated in the
    // browser because stopping the emulator would end the suite's stack (and a shared one).
    const errorsBefore = consoleErrors.length;
    await page.route('**/v1/summary?*', (route) => route.fulfill(unavailable('req-42')));

    // Act
    await page.selectOption('#range-filter', '6h');
    await page.waitForSelector('#app[data-state="error"]', { timeout: 15_000 });

    // Assess
    expect(await page.textContent('#error-banner')).toMatch(
      /^Could not refresh the dashboard: HTTP 503: the data store is unavailable; retry later \(request id req-42\)\. Showing data from .+\. Retrying in 10 seconds\.$/,
    );
    expect((await page.evaluate(snapshotCharts)).siteEnergy?.labels).toHaveLength(TOP);
    expect(await page.textContent('#status-text')).toBe('Offline · retrying');
    // Chrome reports the failed request itself; nothing else may be logged.
    expect(consoleErrors.slice(errorsBefore).filter((error) => !/status of 503/.test(error))).toStrictEqual(
      [],
    );

    // Act: the API is back.
    await page.unroute('**/v1/summary?*');
    const before = await refreshes();
    await page.selectOption('#range-filter', '24h');
    await waitForRefresh(before);

    // Assess
    expect(await page.getAttribute('#app', 'data-state')).toBe('ready');
    expect(await page.isHidden('#error-banner')).toBe(true);
  });

  it('shows an alerts failure in the panel only, keeps its rows, and recovers', async () => {
    // Prepare: /v1/alerts answers what the API answers when DynamoDB is down; the rest works.
    const errorsBefore = consoleErrors.length;
    await page.goto(`${seeded.apiUrl}/`);
    await waitForRefresh(0);
    expect(await page.getAttribute('#alerts-panel', 'data-state')).toBe('ready');
    await page.route('**/v1/alerts?*', (route) => route.fulfill(unavailable('req-43')));

    // Act: the next refresh.
    const before = await refreshes();
    await page.selectOption('#range-filter', '6h');
    await waitForRefresh(before);

    // Assess
    expect(await page.getAttribute('#alerts-panel', 'data-state')).toBe('error');
    expect(await page.textContent('#alert-placeholder')).toMatch(
      /^Could not load the alerts: HTTP 503: the data store is unavailable; retry later \(request id req-43\)\. Showing the alerts of .+\. Retrying in 10 seconds\.$/,
    );
    expect(await alertRows(page)).toHaveLength(3);
    expect(await page.getAttribute('#app', 'data-state')).toBe('ready');
    expect(await page.isHidden('#error-banner')).toBe(true);
    expect(consoleErrors.slice(errorsBefore).filter((error) => !/status of 503/.test(error))).toStrictEqual(
      [],
    );

    // Act: the API is back.
    await page.unroute('**/v1/alerts?*');
    const again = await refreshes();
    await page.selectOption('#range-filter', '24h');
    await waitForRefresh(again);

    // Assess
    expect(await page.getAttribute('#alerts-panel', 'data-state')).toBe('ready');
    expect(await page.isHidden('#alert-placeholder')).toBe(true);
    expect(await alertRows(page)).toHaveLength(3);
  });

  it('reads at most 3 pages of alerts per refresh however many episodes the fleet has', async () => {
    // Prepare: 250 resolved episodes that sort first (site1000… < site12 < site3) fill the first two
    // pages of 100 with nothing open, and 300 open ones follow.
    const hourAgo = new Date(Date.now() - HOUR).toISOString();
    const more = [
      ...Array.from({ length: 250 }, (_, i) =>
        alertRecord({
          site: `site${1000 + i}`,
          rule: 'NEGATIVE_GENERATION',
          openedAt: hourAgo,
          state: 'resolved',
        }),
      ),
      ...Array.from({ length: 300 }, (_, i) =>
        alertRecord({ site: `site${500 + i}`, rule: 'NEGATIVE_GENERATION', openedAt: hourAgo }),
      ),
    ];
    await batchPut(seeded.stack.clients.documentClient, seeded.stack.names.summaryTable, more);
    // What 3 Queries of 100 read in key order, and the open ones among them.
    const read = [...seededAlerts, ...more].sort((a, b) => (a.sk < b.sk ? -1 : 1)).slice(0, 300);
    const open = read.filter((alert) => alert.state === 'open');
    requested.length = 0;
    const errorsBefore = consoleErrors.length;

    // Act
    await page.goto(`${seeded.apiUrl}/`);
    await waitForRefresh(0);

    // Assess
    const alertCalls = requested.filter((url) => new URL(url).pathname === '/v1/alerts');
    expect(alertCalls).toHaveLength(3);
    expect(open.length).toBeGreaterThan(0);
    expect(open.length).toBeLessThan(50);
    const rows = await alertRows(page);
    expect(rows.map((row) => row[1]).sort()).toStrictEqual(open.map((alert) => alert.site_id).sort());
    expect(await page.textContent('#alerts-hint')).toMatch(
      new RegExp(`^The whole fleet: the first ${open.length} open by site id, .*choose a site`),
    );
    expect(consoleErrors.slice(errorsBefore)).toStrictEqual([]);
  });
});
