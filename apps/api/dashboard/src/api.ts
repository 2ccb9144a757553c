import { authorizationHeader, signedOut } from './auth.js';
import type { AnomalyRead } from './recentAnomalies.js';
import type { AlertEpisode, AnomalyRecord, OpenAlerts, Summary, TimeWindow, TopSites } from './types.js';

/** A request to the API failed: no answer, an error status, or a body of the wrong shape. */
class DashboardApiError extends Error {
  /** HTTP status, or 0 when no answer arrived. */
  readonly status: number;

  constructor(message: string, status: number, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DashboardApiError';
    this.status = status;
  }
}

// Relative URLs (no leading slash) resolve against the page's <base>, which index.html
// sets to the directory the page was served from: the dashboard then works at the root
// of a local server, behind an API Gateway stage path (`/prod/`) or a custom domain.
async function getJson(path: string, signal: AbortSignal): Promise<Record<string, unknown>> {
  let response: Response;
  try {
    response = await fetch(path, {
      signal,
      headers: { accept: 'application/json', ...(await authorizationHeader()) },
    });
  } catch (error) {
    if (signal.aborted) throw error;
    throw new DashboardApiError('the API cannot be reached', 0, { cause: error });
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (response.status === 401) signedOut();
  if (!response.ok) throw new DashboardApiError(describeFailure(response, body), response.status);
  if (!isRecord(body)) throw new DashboardApiError(`${path} did not answer a JSON object`, response.status);
  return body;
}

// Error bodies look like { error: { code, message, requestId } } (the Error schema).
function describeFailure(response: Response, body: unknown): string {
  const error = isRecord(body) && isRecord(body.error) ? body.error : undefined;
  const message =
    typeof error?.message === 'string' ? error.message : response.statusText || 'request failed';
  const requestId = typeof error?.requestId === 'string' ? ` (request id ${error.requestId})` : '';
  return `HTTP ${response.status}: ${message}${requestId}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function requireArrays(body: Record<string, unknown>, fields: readonly string[], path: string): void {
  for (const field of fields) {
    if (!Array.isArray(body[field])) {
      throw new DashboardApiError(`${path} answered without a "${field}" array`, 200);
    }
  }
}

/** Sites whose id starts with `prefix`, the first `limit` in natural order (`GET v1/sites?prefix=`). */
export async function fetchSites(prefix: string, limit: number, signal: AbortSignal): Promise<string[]> {
  const query = new URLSearchParams({ limit: String(limit) });
  if (prefix) query.set('prefix', prefix);
  const body = await getJson(`v1/sites?${query}`, signal);
  requireArrays(body, ['items'], 'v1/sites');
  return (body.items as { site_id: string }[]).map((item) => item.site_id);
}

/** The top sites by anomalies and by net energy over the window's days (`GET v1/summary/top`). */
export async function fetchTopSites(
  window: TimeWindow,
  limit: number,
  signal: AbortSignal,
): Promise<TopSites> {
  const query = new URLSearchParams({
    from: window.from.slice(0, 10),
    to: window.to.slice(0, 10),
    limit: String(limit),
  });
  const body = await getJson(`v1/summary/top?${query}`, signal);
  requireArrays(body, ['by_anomalies', 'by_net'], 'v1/summary/top');
  return body as TopSites;
}

/**
 * The fleet's (or one site's) timeline and totals of a window (`GET v1/summary`). The fleet
 * asks for a one-site page: the dashboard's per-site figures come from the top-sites route.
 */
export async function fetchSummary(
  window: TimeWindow,
  siteId: string,
  signal: AbortSignal,
): Promise<Summary> {
  const query = new URLSearchParams({ from: window.from, to: window.to, bucket: window.bucket, limit: '1' });
  if (siteId) query.set('site_id', siteId);
  const body = await getJson(`v1/summary?${query}`, signal);
  requireArrays(body, ['items', 'sites', 'timeline'], 'v1/summary');
  if (!isRecord(body.totals)) throw new DashboardApiError('v1/summary answered without "totals"', 200);
  return body as Summary;
}

/** The newest anomalies of one planned read (`GET v1/sites/{site_id}/anomalies?order=desc`). */
export async function fetchAnomalies(read: AnomalyRead, signal: AbortSignal): Promise<AnomalyRecord[]> {
  const query = new URLSearchParams({
    from: read.from,
    to: read.to,
    order: 'desc',
    limit: String(read.limit),
  });
  const path = `v1/sites/${encodeURIComponent(read.siteId)}/anomalies`;
  const body = await getJson(`${path}?${query}`, signal);
  requireArrays(body, ['items'], path);
  return body.items as AnomalyRecord[];
}

/** Episodes read per page of `GET v1/alerts`; a page may hold fewer (the state is a filter). */
const ALERT_PAGE_SIZE = 100;
/** Most pages one refresh reads: the panel's cost stays bounded whatever the fleet size. */
const MAX_ALERT_PAGES = 3;

/**
 * The open alerts of the fleet (or of one site), at least `wanted` when there are that many
 * within {@link MAX_ALERT_PAGES} pages (`GET v1/alerts?state=open`, following `next_cursor`).
 */
export async function fetchOpenAlerts(
  siteId: string,
  wanted: number,
  signal: AbortSignal,
): Promise<OpenAlerts> {
  const items: AlertEpisode[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < MAX_ALERT_PAGES; page++) {
    const query = new URLSearchParams({ state: 'open', limit: String(ALERT_PAGE_SIZE) });
    if (siteId) query.set('site_id', siteId);
    if (cursor) query.set('cursor', cursor);
    const body = await getJson(`v1/alerts?${query}`, signal);
    requireArrays(body, ['items'], 'v1/alerts');
    items.push(...(body.items as AlertEpisode[]));
    cursor = typeof body.next_cursor === 'string' ? body.next_cursor : null;
    if (cursor === null || items.length >= wanted) break;
  }
  return { items, more: cursor !== null || items.length > wanted };
}
