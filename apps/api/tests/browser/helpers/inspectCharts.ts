/** What a chart holds and how much of each series' colour its canvas shows. */
type ChartSnapshot = {
  /** Category labels (sites or time buckets). */
  labels: string[];
  /** Datasets: label, values, and the number of canvas pixels painted in the series colour. */
  datasets: { label: string; data: (number | null)[]; paintedPixels: number }[];
};

/** Snapshot of the three charts, by name (`siteEnergy`, `siteAnomalies`, `overTime`). */
export type ChartsSnapshot = Record<string, ChartSnapshot>;

/**
 * Runs in the page (passed to `page.evaluate`): reads the live Chart.js instances the
 * dashboard exposes on `window.energyDashboard` and counts, on each canvas, the pixels
 * drawn in each dataset's colour. Data in a chart proves the page fetched it; painted
 * pixels prove Chart.js drew it. Self-contained: it is serialised into the browser.
 */
export function snapshotCharts(): ChartsSnapshot {
  type LiveChart = {
    canvas: HTMLCanvasElement;
    data: {
      labels: string[];
      datasets: { label: string; data: (number | null)[]; borderColor?: string; backgroundColor?: string }[];
    };
    options: { type?: string };
    config: { type: string };
  };
  const live = (window as unknown as { energyDashboard?: { charts: Record<string, LiveChart> } })
    .energyDashboard;
  if (!live) throw new Error('window.energyDashboard is not set: the dashboard script did not start');
  const result: ChartsSnapshot = {};
  for (const [name, chart] of Object.entries(live.charts)) {
    const { width, height } = chart.canvas;
    const pixels =
      chart.canvas.getContext('2d')?.getImageData(0, 0, width, height).data ?? new Uint8ClampedArray();
    result[name] = {
      labels: [...chart.data.labels],
      datasets: chart.data.datasets.map((dataset) => {
        const colour = chart.config.type === 'line' ? dataset.borderColor : dataset.backgroundColor;
        const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(String(colour));
        let paintedPixels = 0;
        if (hex) {
          const [r, g, b] = [hex[1], hex[2], hex[3]].map((part) => Number.parseInt(String(part), 16));
          for (let i = 0; i < pixels.length; i += 4) {
            const distance =
              Math.abs((pixels[i] ?? 0) - (r ?? 0)) +
              Math.abs((pixels[i + 1] ?? 0) - (g ?? 0)) +
              Math.abs((pixels[i + 2] ?? 0) - (b ?? 0));
            if (distance < 40 && (pixels[i + 3] ?? 0) > 200) paintedPixels += 1;
          }
        }
        return { label: dataset.label, data: [...dataset.data], paintedPixels };
      }),
    };
  }
  return result;
}
