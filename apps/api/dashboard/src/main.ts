import { fetchAnomalies, fetchOpenAlerts, fetchSites, fetchSummary, fetchTopSites } from './api.js';
import { signInIfNeeded } from './auth.js';
import { createCharts, type DashboardCharts, drawSiteCharts, drawTimeChart } from './charts.js';
import { formatClock, formatTimestamp } from './format.js';
import { openAlertsHint, orderOpenAlerts } from './openAlerts.js';
import { type AnomalyRead, newestAnomalies, planAnomalyReads } from './recentAnomalies.js';
import { timeSeriesOf } from './summaryView.js';
import { DEFAULT_RANGE, isRangePreset, RANGE_PRESETS, type RangePreset, windowFor } from './timeRange.js';
import {
  renderAlerts,
  renderAnomalies,
  renderBanner,
  renderChartPlaceholders,
  renderStatus,
  renderStatusText,
  renderTotals,
  requireElement,
} from './view.js';

/** Pause between the end of one refresh and the start of the next, ms. */
const REFRESH_INTERVAL_MS = 10_000;
/** Rows of the open-alerts panel. */
const OPEN_ALERTS = 50;
/** Rows of the recent-anomalies table. */
const RECENT_ANOMALIES = 20;
/** Sites ranked on each per-site chart: readable whatever the fleet size. */
const TOP_SITES = 10;
/** Most anomalous sites whose newest anomalies fill the fleet's table. */
const TABLE_SITES = 5;
/** Suggestions the site search offers at once. */
const SITE_SUGGESTIONS = 20;
/** Pause after a keystroke before the site search asks the API, ms. */
const SEARCH_DELAY_MS = 200;

/** What the filters select; mirrored in the URL (`?site=site3&range=7d`) so views can be shared. */
type Filters = {
  /** A site id, or `''` for the whole fleet. */
  site: string;
  /** Time range. */
  range: RangePreset;
};

declare global {
  interface Window {
    /** The live charts, for the browser test and for poking around in devtools. */
    energyDashboard?: { charts: DashboardCharts };
  }
}

function filtersFromUrl(): Filters {
  const params = new URLSearchParams(location.search);
  const range = params.get('range');
  return { site: params.get('site') ?? '', range: isRangePreset(range) ? range : DEFAULT_RANGE };
}

function filtersToUrl(filters: Filters): void {
  const params = new URLSearchParams();
  if (filters.site) params.set('site', filters.site);
  if (filters.range !== DEFAULT_RANGE) params.set('range', filters.range);
  const query = params.toString();
  history.replaceState(null, '', query ? `?${query}` : location.pathname);
}

/** Fetches, draws and re-fetches every {@link REFRESH_INTERVAL_MS} while the tab is visible. */
class Dashboard {
  readonly #charts: DashboardCharts;
  readonly #siteInput = requireElement('site-filter', HTMLInputElement);
  readonly #siteOptions = requireElement('site-options', HTMLDataListElement);
  #searchTimer: ReturnType<typeof setTimeout> | undefined;
  #search: AbortController | undefined;
  readonly #rangeSelect = requireElement('range-filter', HTMLSelectElement);
  #filters = filtersFromUrl();
  #inFlight: AbortController | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #lastSuccess: Date | undefined;
  #alertsLoaded: { at: Date; site: string } | undefined;
  #refreshes = 0;

  constructor() {
    this.#charts = createCharts({
      siteEnergy: requireElement('chart-site-energy', HTMLCanvasElement),
      siteAnomalies: requireElement('chart-site-anomalies', HTMLCanvasElement),
      overTime: requireElement('chart-over-time', HTMLCanvasElement),
    });
    window.energyDashboard = { charts: this.#charts };
  }

  start(): void {
    for (const [value, preset] of Object.entries(RANGE_PRESETS))
      this.#rangeSelect.add(new Option(preset.label, value));
    this.#rangeSelect.value = this.#filters.range;
    this.#siteInput.value = this.#filters.site;
    const onChange = () => {
      const range = this.#rangeSelect.value;
      this.#filters = {
        site: this.#siteInput.value.trim(),
        range: isRangePreset(range) ? range : DEFAULT_RANGE,
      };
      filtersToUrl(this.#filters);
      void this.refresh();
    };
    // The fleet may hold 10,000 sites: the search asks the registry for a few matches as one types.
    this.#siteInput.addEventListener('input', () => {
      clearTimeout(this.#searchTimer);
      this.#searchTimer = setTimeout(() => void this.#suggest(this.#siteInput.value.trim()), SEARCH_DELAY_MS);
    });
    this.#siteInput.addEventListener('change', onChange);
    this.#rangeSelect.addEventListener('change', onChange);
    requireElement('filters', HTMLFormElement).addEventListener('submit', (event) => event.preventDefault());
    // A hidden tab stops polling (no requests nobody sees) and catches up when shown again.
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') void this.refresh();
    });
    renderChartPlaceholders('Loading…');
    void this.refresh();
  }

  /** One round: summary and top sites in parallel, then the few anomaly reads they point to. */
  async refresh(): Promise<void> {
    clearTimeout(this.#timer);
    this.#inFlight?.abort();
    const controller = new AbortController();
    this.#inFlight = controller;
    const { signal } = controller;
    const filters = this.#filters;
    const window = windowFor(filters.range, new Date());
    if (this.#lastSuccess) renderStatusText('Updating…');
    // The alerts load beside the charts and fail on their own: an outage of one shows in its place.
    const alertsDone = this.#loadAlerts(filters.site, signal);
    try {
      const [summary, top] = await Promise.all([
        fetchSummary(window, filters.site, signal),
        filters.site ? Promise.resolve(undefined) : fetchTopSites(window, TOP_SITES, signal),
      ]);
      // A chosen site: its own anomalies, planned from its buckets. The fleet: the newest of the
      // most anomalous sites (a handful of reads, not one per site).
      const reads: AnomalyRead[] = top
        ? top.by_anomalies
            .filter((site) => site.anomalies > 0)
            .slice(0, TABLE_SITES)
            .map((site) => ({
              siteId: site.site_id,
              from: window.from,
              to: window.to,
              limit: RECENT_ANOMALIES,
            }))
        : planAnomalyReads(summary.items, window, RECENT_ANOMALIES);
      const anomalies = (await Promise.all(reads.map((read) => fetchAnomalies(read, signal)))).flat();
      if (signal.aborted) return;

      const totals = summary.totals;
      const now = new Date();
      renderTotals(totals);
      drawSiteCharts(this.#charts, top?.by_net ?? summary.sites, top?.by_anomalies ?? summary.sites);
      const ranked = top
        ? `Top ${TOP_SITES} of ${top.sites.toLocaleString('en-GB')} sites, ${top.from} to ${top.to}`
        : `Site ${filters.site}`;
      requireElement('energy-hint', HTMLParagraphElement).textContent =
        `${ranked}: generated and consumed kWh`;
      requireElement('anomalies-hint', HTMLParagraphElement).textContent =
        `${ranked}: readings with a faulty-meter value`;
      drawTimeChart(this.#charts, timeSeriesOf(summary, window), window.bucket);
      const scope = filters.site || 'all sites';
      requireElement('time-hint', HTMLParagraphElement).textContent =
        `${filters.site ? `Site ${filters.site}` : 'The whole fleet'}, per ${window.bucket}; ${totals.excluded.toLocaleString('en-GB')} readings with a faulty value left out of the energy`;
      requireElement('anomaly-hint', HTMLParagraphElement).textContent = filters.site
        ? `Newest ${RECENT_ANOMALIES} of ${scope} in the selected range`
        : `Newest ${RECENT_ANOMALIES} of the ${TABLE_SITES} most anomalous sites in the selected range`;
      renderAnomalies(newestAnomalies(anomalies, RECENT_ANOMALIES), 'No anomalies in this range.', now);
      const empty = totals.count === 0;
      renderChartPlaceholders(
        empty
          ? `No readings for ${scope} between ${formatTimestamp(window.from)} and ${formatTimestamp(window.to)}.`
          : '',
      );
      renderBanner(undefined);
      await alertsDone;
      if (signal.aborted) return;
      this.#lastSuccess = now;
      renderStatus(empty ? 'empty' : 'ready', `Live · updated ${formatClock(now)}`);
      this.#refreshes += 1;
      requireElement('app', HTMLDivElement).dataset.refreshes = String(this.#refreshes);
    } catch (error) {
      if (signal.aborted) return;
      const reason = error instanceof Error ? error.message : String(error);
      const since = this.#lastSuccess ? ` Showing data from ${formatClock(this.#lastSuccess)}.` : '';
      renderBanner(`Could not refresh the dashboard: ${reason}.${since} Retrying in 10 seconds.`);
      if (!this.#lastSuccess) renderChartPlaceholders('Could not load data; retrying in 10 seconds.');
      renderStatus('error', 'Offline · retrying');
    } finally {
      if (this.#inFlight === controller) {
        this.#inFlight = undefined;
        if (document.visibilityState === 'visible') {
          this.#timer = setTimeout(() => void this.refresh(), REFRESH_INTERVAL_MS);
        }
      }
    }
  }

  /** Reads and renders the open alerts of the fleet or of the chosen site; never rejects. */
  async #loadAlerts(site: string, signal: AbortSignal): Promise<void> {
    try {
      const open = await fetchOpenAlerts(site, OPEN_ALERTS, signal);
      if (signal.aborted) return;
      const alerts = orderOpenAlerts(open.items, OPEN_ALERTS);
      const now = new Date();
      const hint = openAlertsHint(alerts.length, open.more, site);
      renderAlerts(
        alerts.length > 0
          ? { state: 'ready', alerts, hint }
          : { state: 'empty', message: `No open alerts for ${site ? `site ${site}` : 'the fleet'}.`, hint },
        now,
      );
      this.#alertsLoaded = { at: now, site };
    } catch (error) {
      if (signal.aborted) return;
      const reason = error instanceof Error ? error.message : String(error);
      const keepRows = this.#alertsLoaded?.site === site;
      const since =
        keepRows && this.#alertsLoaded ? ` Showing the alerts of ${formatClock(this.#alertsLoaded.at)}.` : '';
      renderAlerts(
        {
          state: 'error',
          message: `Could not load the alerts: ${reason}.${since} Retrying in 10 seconds.`,
          keepRows,
        },
        new Date(),
      );
    }
  }

  /** Offers the first sites whose id starts with what was typed (one small registry read). */
  async #suggest(prefix: string): Promise<void> {
    this.#search?.abort();
    const controller = new AbortController();
    this.#search = controller;
    try {
      const sites = await fetchSites(prefix, SITE_SUGGESTIONS, controller.signal);
      if (controller.signal.aborted) return;
      this.#siteOptions.replaceChildren(...sites.map((site) => new Option(site, site)));
    } catch {
      // Suggestions are a convenience: a failed search leaves the last ones; the status line reports outages.
    }
  }
}

// Signed out (auth on, no token): the sign-in screen only, no data call.
void signInIfNeeded().then((ready) => ready && new Dashboard().start());
