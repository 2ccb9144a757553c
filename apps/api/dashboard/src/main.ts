import { fetchAnomalies, fetchSites, fetchSummary } from './api.js';
import { signInIfNeeded } from './auth.js';
import { createCharts, type DashboardCharts, drawSiteCharts, drawTimeChart } from './charts.js';
import { formatClock, formatTimestamp } from './format.js';
import { newestAnomalies, planAnomalyReads } from './recentAnomalies.js';
import { timeSeriesOf, totalsOf } from './summaryView.js';
import { DEFAULT_RANGE, isRangePreset, RANGE_PRESETS, type RangePreset, windowFor } from './timeRange.js';
import {
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
/** Rows of the recent-anomalies table. */
const RECENT_ANOMALIES = 20;

/** What the filters select; mirrored in the URL (`?site=site3&range=7d`) so views can be shared. */
type Filters = {
  /** A site id, or `''` for every site. */
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
  readonly #siteSelect = requireElement('site-filter', HTMLSelectElement);
  readonly #rangeSelect = requireElement('range-filter', HTMLSelectElement);
  #filters = filtersFromUrl();
  #inFlight: AbortController | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #lastSuccess: Date | undefined;
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
    this.#setSiteOptions(this.#filters.site ? [this.#filters.site] : []);
    const onChange = () => {
      const range = this.#rangeSelect.value;
      this.#filters = { site: this.#siteSelect.value, range: isRangePreset(range) ? range : DEFAULT_RANGE };
      filtersToUrl(this.#filters);
      void this.refresh();
    };
    this.#siteSelect.addEventListener('change', onChange);
    this.#rangeSelect.addEventListener('change', onChange);
    requireElement('filters', HTMLFormElement).addEventListener('submit', (event) => event.preventDefault());
    // A hidden tab stops polling (no requests nobody sees) and catches up when shown again.
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') void this.refresh();
    });
    renderChartPlaceholders('Loading…');
    void this.refresh();
  }

  /** One round: sites and summary in parallel, then the few anomaly reads the summary points to. */
  async refresh(): Promise<void> {
    clearTimeout(this.#timer);
    this.#inFlight?.abort();
    const controller = new AbortController();
    this.#inFlight = controller;
    const { signal } = controller;
    const filters = this.#filters;
    const window = windowFor(filters.range, new Date());
    if (this.#lastSuccess) renderStatusText('Updating…');
    try {
      const [sites, summary] = await Promise.all([
        fetchSites(signal),
        fetchSummary(window, filters.site, signal),
      ]);
      this.#setSiteOptions(sites);
      const reads = planAnomalyReads(summary.items, window, RECENT_ANOMALIES);
      const anomalies = (await Promise.all(reads.map((read) => fetchAnomalies(read, signal)))).flat();
      if (signal.aborted) return;

      const totals = totalsOf(summary);
      const now = new Date();
      renderTotals(totals);
      drawSiteCharts(this.#charts, summary.sites);
      drawTimeChart(this.#charts, timeSeriesOf(summary, window), window.bucket);
      const scope = filters.site || 'all sites';
      requireElement('time-hint', HTMLParagraphElement).textContent =
        `${filters.site ? `Site ${filters.site}` : 'Summed across all sites'}, per ${window.bucket}`;
      requireElement('anomaly-hint', HTMLParagraphElement).textContent =
        `Newest ${RECENT_ANOMALIES} of ${scope} in the selected range`;
      renderAnomalies(newestAnomalies(anomalies, RECENT_ANOMALIES), 'No anomalies in this range.', now);
      const empty = totals.count === 0;
      renderChartPlaceholders(
        empty
          ? `No readings for ${scope} between ${formatTimestamp(window.from)} and ${formatTimestamp(window.to)}.`
          : '',
      );
      renderBanner(undefined);
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

  // Rebuilds the site options only when the list changed, so an open <select> is not disturbed.
  #setSiteOptions(sites: readonly string[]): void {
    const wanted = ['', ...sites];
    if (this.#filters.site && !sites.includes(this.#filters.site)) wanted.push(this.#filters.site);
    const current = [...this.#siteSelect.options].map((option) => option.value);
    if (current.join('\n') !== wanted.join('\n')) {
      this.#siteSelect.replaceChildren(
        ...wanted.map((site) => new Option(site === '' ? 'All sites' : site, site)),
      );
    }
    this.#siteSelect.value = this.#filters.site;
  }
}

// Signed out (auth on, no token): the sign-in screen only, no data call.
void signInIfNeeded().then((ready) => ready && new Dashboard().start());
