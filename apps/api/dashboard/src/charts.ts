import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type TooltipItem,
} from 'chart.js';
import { formatBucket, formatCount, formatKwh, formatShare } from './format.js';
import type { TimeSeries } from './summaryView.js';
import type { Aggregate, Bucket } from './types.js';

// Registering only what the three charts use keeps Chart.js's share of the bundle small.
Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
);
Chart.defaults.font.family = getComputedStyle(document.documentElement).fontFamily;
Chart.defaults.color = '#475569';
Chart.defaults.borderColor = '#e2e8f0';
Chart.defaults.animation = { duration: 300 };
Chart.defaults.maintainAspectRatio = false;
Chart.defaults.plugins.legend.labels.boxWidth = 12;

/** Series colours; the stylesheet's KPI accents use the same values. */
const SERIES_COLORS = {
  generated: '#16a34a',
  consumed: '#f59e0b',
  net: '#2563eb',
  anomalies: '#dc2626',
} as const;

/** The dashboard's three charts. */
export type DashboardCharts = {
  /** Generated vs consumed of the top sites by net energy, or of the chosen site (grouped bars). */
  siteEnergy: Chart<'bar', number[], string>;
  /** Anomalies of the top sites by anomalies, or of the chosen site (bars). */
  siteAnomalies: Chart<'bar', number[], string>;
  /** Generated, consumed and net energy per bucket (lines). */
  overTime: Chart<'line', (number | null)[], string>;
};

function kwhLabel(label: string | undefined, value: number | null): string {
  return `${label}: ${value === null ? 'no readings' : formatKwh(value)}`;
}

/** Creates the three charts, empty, on their canvases. */
export function createCharts(canvases: {
  siteEnergy: HTMLCanvasElement;
  siteAnomalies: HTMLCanvasElement;
  overTime: HTMLCanvasElement;
}): DashboardCharts {
  const siteEnergy = new Chart<'bar', number[], string>(canvases.siteEnergy, {
    type: 'bar',
    data: {
      labels: [],
      datasets: [
        { label: 'Generated', data: [], backgroundColor: SERIES_COLORS.generated, borderRadius: 3 },
        { label: 'Consumed', data: [], backgroundColor: SERIES_COLORS.consumed, borderRadius: 3 },
      ],
    },
    options: {
      plugins: {
        tooltip: {
          callbacks: { label: (item: TooltipItem<'bar'>) => kwhLabel(item.dataset.label, item.parsed.y) },
        },
        legend: { position: 'top', align: 'end' },
      },
      scales: {
        y: { beginAtZero: true, title: { display: true, text: 'kWh' } },
        x: { grid: { display: false } },
      },
    },
  });
  const siteAnomalies = new Chart<'bar', number[], string>(canvases.siteAnomalies, {
    type: 'bar',
    data: {
      labels: [],
      datasets: [{ label: 'Anomalies', data: [], backgroundColor: SERIES_COLORS.anomalies, borderRadius: 3 }],
    },
    options: {
      plugins: { legend: { display: false } },
      scales: {
        y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'readings' } },
        x: { grid: { display: false } },
      },
    },
  });
  const overTime = new Chart<'line', (number | null)[], string>(canvases.overTime, {
    type: 'line',
    data: {
      labels: [],
      datasets: [
        line('Generated', SERIES_COLORS.generated),
        line('Consumed', SERIES_COLORS.consumed),
        { ...line('Net', SERIES_COLORS.net), fill: 'origin', backgroundColor: 'rgba(37, 99, 235, 0.08)' },
      ],
    },
    options: {
      interaction: { mode: 'index', intersect: false },
      plugins: {
        tooltip: {
          callbacks: { label: (item: TooltipItem<'line'>) => kwhLabel(item.dataset.label, item.parsed.y) },
        },
        legend: { position: 'top', align: 'end' },
      },
      scales: {
        y: { title: { display: true, text: 'kWh' } },
        x: { grid: { display: false }, ticks: { maxRotation: 0, autoSkipPadding: 16 } },
      },
    },
  });
  return { siteEnergy, siteAnomalies, overTime };
}

function line(label: string, color: string) {
  return {
    label,
    data: [] as (number | null)[],
    borderColor: color,
    backgroundColor: color,
    borderWidth: 2,
    pointRadius: 2,
    pointHoverRadius: 4,
    tension: 0.25,
    // A bucket without readings is a gap, not a drop to zero.
    spanGaps: false,
  };
}

/** One site's totals, as the per-site charts draw them. */
export type SiteBar = Aggregate & {
  /** The site. */
  site_id: string;
};

/**
 * Draws the two per-site charts: energy of the sites ranked by net energy, anomalies of the
 * sites ranked by anomalies (a few bars each, however large the fleet).
 */
export function drawSiteCharts(
  charts: DashboardCharts,
  byNet: readonly SiteBar[],
  byAnomalies: readonly SiteBar[],
): void {
  const [generated, consumed] = charts.siteEnergy.data.datasets;
  charts.siteEnergy.data.labels = byNet.map((site) => site.site_id);
  if (generated) generated.data = byNet.map((site) => site.generated_kwh);
  if (consumed) consumed.data = byNet.map((site) => site.consumed_kwh);
  charts.siteEnergy.update();

  const sites = byAnomalies;
  const [anomalies] = charts.siteAnomalies.data.datasets;
  charts.siteAnomalies.data.labels = sites.map((site) => site.site_id);
  if (anomalies) anomalies.data = sites.map((site) => site.anomalies);
  const tooltip = charts.siteAnomalies.options.plugins?.tooltip;
  if (tooltip) {
    tooltip.callbacks = {
      ...tooltip.callbacks,
      label: (item) => {
        const site = sites[item.dataIndex];
        return site
          ? `${formatCount(site.anomalies)} of ${formatCount(site.count)} readings (${formatShare(site.anomalies, site.count)})`
          : '';
      },
    };
  }
  charts.siteAnomalies.update();
}

/** Draws the time series on the "energy over time" chart. */
export function drawTimeChart(charts: DashboardCharts, series: TimeSeries, bucket: Bucket): void {
  charts.overTime.data.labels = series.buckets.map((value) => formatBucket(value, bucket));
  const [generated, consumed, net] = charts.overTime.data.datasets;
  if (generated) generated.data = series.generated;
  if (consumed) consumed.data = series.consumed;
  if (net) net.data = series.net;
  // Points help when there are few buckets and clutter when there are many.
  const pointRadius = series.buckets.length > 48 ? 0 : 2;
  for (const dataset of charts.overTime.data.datasets) dataset.pointRadius = pointRadius;
  charts.overTime.update();
}
