import { SILENT_SITE_RULE } from '@energy/core';
import {
  describeReason,
  formatAge,
  formatCount,
  formatDecimal,
  formatEnergy,
  formatShare,
  formatTimestamp,
} from './format.js';
import type { Aggregate, AlertEpisode, AnomalyRecord } from './types.js';

/** What the page shows as a whole; CSS and the browser test read it from `#app[data-state]`. */
export type PageState = 'loading' | 'ready' | 'empty' | 'error';

/** Looks up an element the page template must contain. */
export function requireElement<T extends HTMLElement>(id: string, type: new () => T): T {
  const element = document.getElementById(id);
  if (!(element instanceof type)) throw new Error(`the page has no #${id} ${type.name}`);
  return element;
}

/** Fills the headline figures; dashes when nothing is loaded yet. */
export function renderTotals(totals: Aggregate | undefined): void {
  const set = (id: string, text: string) => {
    requireElement(id, HTMLElement).textContent = text;
  };
  set('kpi-generated', totals ? formatEnergy(totals.generated_kwh) : '–');
  set('kpi-consumed', totals ? formatEnergy(totals.consumed_kwh) : '–');
  set('kpi-net', totals ? formatEnergy(totals.net_kwh) : '–');
  set('kpi-readings', totals ? formatCount(totals.count) : '–');
  set('kpi-anomalies', totals ? formatCount(totals.anomalies) : '–');
  set('kpi-excluded', totals ? formatCount(totals.excluded) : '–');
  set(
    'kpi-anomaly-share',
    totals && totals.count > 0 ? `${formatShare(totals.anomalies, totals.count)} of readings` : '',
  );
}

function cell(text: string, className?: string): HTMLTableCellElement {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

function energyCell(kwh: number): HTMLTableCellElement {
  return cell(formatDecimal(kwh), kwh < 0 ? 'num negative' : 'num');
}

/** Renders the recent-anomalies table, or its placeholder when there is nothing to list. */
export function renderAnomalies(records: readonly AnomalyRecord[], placeholder: string, now: Date): void {
  const rows = requireElement('anomaly-rows', HTMLTableSectionElement);
  const empty = requireElement('anomaly-placeholder', HTMLParagraphElement);
  rows.replaceChildren(
    ...records.map((record) => {
      const tr = document.createElement('tr');
      const time = cell(formatTimestamp(record.timestamp));
      const age = document.createElement('span');
      age.className = 'age';
      age.textContent = formatAge(record.timestamp, now);
      time.append(' ', age);
      time.title = record.timestamp;
      const reasons = document.createElement('td');
      reasons.className = 'reasons';
      for (const code of record.anomaly_reasons) {
        const { label, detail } = describeReason(code);
        const badge = document.createElement('span');
        badge.className = 'badge';
        badge.textContent = label;
        badge.title = detail;
        badge.dataset.reason = code;
        reasons.append(badge);
      }
      tr.append(
        time,
        cell(record.site_id, 'site'),
        energyCell(record.energy_generated_kwh),
        energyCell(record.energy_consumed_kwh),
        energyCell(record.net_energy_kwh),
        reasons,
      );
      return tr;
    }),
  );
  empty.textContent = placeholder;
  empty.hidden = records.length > 0;
}

/** Shows the same message over every chart (loading, empty, error), or clears them. */
export function renderChartPlaceholders(message: string): void {
  for (const element of document.querySelectorAll<HTMLElement>('[data-placeholder]')) {
    element.textContent = message;
    element.hidden = message === '';
  }
}

/** Sets the page state and the status line next to the filters. */
export function renderStatus(state: PageState, text: string): void {
  requireElement('app', HTMLDivElement).dataset.state = state;
  renderStatusText(text);
}

/** Changes only the status line (e.g. `Updating…`), keeping the page state. */
export function renderStatusText(text: string): void {
  requireElement('status-text', HTMLSpanElement).textContent = text;
}

/** Shows an error banner above the content, or hides it with `undefined`. */
export function renderBanner(message: string | undefined): void {
  const banner = requireElement('error-banner', HTMLDivElement);
  banner.textContent = message ?? '';
  banner.hidden = message === undefined;
}

/** What the open-alerts panel shows; `#alerts-panel[data-state]` carries which. */
export type AlertsPanel =
  | { state: 'ready'; alerts: readonly AlertEpisode[]; hint: string }
  | { state: 'empty'; message: string; hint: string }
  | { state: 'error'; message: string; keepRows: boolean };

function badge(text: string, title: string, className: string): HTMLSpanElement {
  const element = document.createElement('span');
  element.className = className;
  element.textContent = text;
  element.title = title;
  return element;
}

function timeCell(timestamp: string, now: Date): HTMLTableCellElement {
  const td = cell(formatAge(timestamp, now));
  td.title = `${formatTimestamp(timestamp)} (${timestamp})`;
  return td;
}

/**
 * Renders the open-alerts panel: one row per alert (severity, site, rule, how long open, last
 * anomaly, count), or the placeholder of an empty or failed read. The rest of the page keeps
 * its state: alerts failing to load do not hide the charts.
 */
export function renderAlerts(panel: AlertsPanel, now: Date): void {
  const rows = requireElement('alert-rows', HTMLTableSectionElement);
  const placeholder = requireElement('alert-placeholder', HTMLParagraphElement);
  requireElement('alerts-panel', HTMLElement).dataset.state = panel.state;
  if (panel.state === 'error') {
    // The last rows stay when they are of the same filter: true a refresh ago, and the message says so.
    if (!panel.keepRows) rows.replaceChildren();
    placeholder.textContent = panel.message;
    placeholder.hidden = false;
    return;
  }
  requireElement('alerts-hint', HTMLParagraphElement).textContent = panel.hint;
  const alerts = panel.state === 'ready' ? panel.alerts : [];
  rows.replaceChildren(
    ...alerts.map((alert) => {
      const tr = document.createElement('tr');
      tr.dataset.alertId = alert.alert_id;
      const severity = document.createElement('td');
      severity.append(badge(alert.severity, alert.severity, `severity severity-${alert.severity}`));
      const rule = document.createElement('td');
      const { label, detail } = describeReason(alert.rule);
      rule.append(badge(label, detail, 'badge'));
      rule.firstElementChild?.setAttribute('data-reason', alert.rule);
      // A silence counts no anomalies and has no last anomalous reading.
      const silent = alert.rule === SILENT_SITE_RULE;
      tr.append(
        severity,
        cell(alert.site_id, 'site'),
        rule,
        timeCell(alert.opened_at, now),
        silent ? cell('–') : timeCell(alert.last_seen, now),
        cell(silent ? '–' : formatCount(alert.count), 'num'),
      );
      tr.cells[3]?.classList.add('open-for');
      return tr;
    }),
  );
  placeholder.textContent = panel.state === 'empty' ? panel.message : '';
  placeholder.hidden = panel.state !== 'empty';
}
