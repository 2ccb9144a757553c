import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCliOptions } from '../src/cli/options.js';
import { readProgress } from '../src/cli/progress.js';
import { type RunningLocalStack, runLocalStack } from '../src/cli/runLocalStack.js';
import { drainAlertInbox, type InboxMessage, REPOSITORY_ROOT } from '../src/index.js';
import { eventually } from './helpers/sqs.js';

// Issue 11's "done when" on the local stack: `make demo` with the built bundles, 10 sites at
// the generator's default fault model (each value faulty with p = 0.2, 36 % of readings
// anomalous), the alerter once per tick with its periods scaled to the tick. The demo sends
// a handful of state changes — at most one `opened` per (site, rule) — not one message per
// anomalous reading; when the generator stops, every site is reported silent, and when it
// resumes, every silence resolves. What is counted is what an SQS queue subscribed to the
// alert topic received (the local stack's inbox, raw delivery off: envelope and attributes).

const FUNCTIONS = ['generator', 'processor', 'alerter'] as const;
const SITES = 10;
const RATE_SECONDS = 3;
/** Ticks of phase 1: long enough that nearly every (site, rule) has had an anomaly (1 − 0.8^15 ≈ 96 %). */
const TICKS = 15;

/** A String message attribute's value. */
const value = (message: InboxMessage | undefined, name: string) => message?.attributes[name]?.Value;

describe('make demo: alert state changes, silent sites (on the local stack)', () => {
  let stateDir: string;
  let running: RunningLocalStack;
  const lines: string[] = [];
  const received: InboxMessage[] = [];

  /** Receives (and deletes) everything waiting on the alert inbox; returns all received so far. */
  const drain = async (): Promise<InboxMessage[]> => {
    received.push(...(await drainAlertInbox(running.stack.clients.sqs, running.stack.alertInboxUrl)));
    return received;
  };
  /** Alert messages received from index `from` on, of one rule (or the anomaly rules) and event. */
  const alerts = (rule: string | 'anomaly', event: string, from = 0) =>
    received
      .slice(from)
      .filter(
        (m) =>
          m.attributes.kind?.Value === 'alert' &&
          (rule === 'anomaly'
            ? m.attributes.rule?.Value !== 'SILENT_SITE'
            : m.attributes.rule?.Value === rule) &&
          m.body.event === event,
      );
  const sitesWith = (rule: string, event: string, from: number) =>
    new Set(alerts(rule, event, from).map((m) => m.attributes.site_id?.Value));
  const context = () =>
    `output: ${lines.slice(-20).join('\n')}\nmessages: ${received.map((m) => m.subject).join('\n')}\nfunctions log: ${readLog(running)}`;

  beforeAll(async () => {
    const missing = FUNCTIONS.filter(
      (fn) => !existsSync(join(REPOSITORY_ROOT, 'apps', fn, 'dist', `${fn}.zip`)),
    );
    if (missing.length > 0)
      throw new Error(`bundles missing: ${missing.join(', ')}; run \`make build\` first`);
    stateDir = mkdtempSync(join(tmpdir(), 'energy-alerts-demo-'));
    const env = {
      // 0: the OS picks both ports as they bind (as demo.e2e.test.ts: no port reserved ahead).
      EMULATOR_PORT: '0',
      PORT: '0',
      SITES: String(SITES),
      RATE_SECONDS: String(RATE_SECONDS),
      PROGRESS_SECONDS: '5',
      AUTH: 'none',
    };
    running = await runLocalStack(parseCliOptions(['demo'], env, stateDir), (line) => lines.push(line));
  });

  afterAll(async () => {
    await running?.stop();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('sends at most one opened message per (site, rule), far fewer than the anomalous readings', async () => {
    // Act: 15 ticks of 10 sites, then two alerter runs past the settle time.
    await eventually(
      async () => ((await readProgress(running.stack)).readingsStored >= TICKS * SITES ? true : undefined),
      TICKS * RATE_SECONDS * 1_000 + 60_000,
      `${TICKS * SITES} stored readings (${context()})`,
    );
    await new Promise((resolve) => setTimeout(resolve, 3 * RATE_SECONDS * 1_000));
    const { anomalies } = await readProgress(running.stack);
    await drain();

    // Assess: no per-reading feed by default; each state change once, with its attributes.
    const opened = alerts('anomaly', 'opened');
    expect(received.filter((m) => m.attributes.kind?.Value === 'reading')).toStrictEqual([]);
    expect(new Set(received.map((m) => m.attributes.kind?.Value))).toStrictEqual(
      new Set(received.some((m) => m.attributes.kind?.Value === 'digest') ? ['alert', 'digest'] : ['alert']),
    );
    expect(opened.length).toBeGreaterThan(0);
    expect(opened.length).toBeLessThanOrEqual(SITES * 2);
    const episodes = opened.map((m) => `${m.attributes.site_id?.Value} ${m.attributes.rule?.Value}`);
    expect(new Set(episodes).size).toBe(episodes.length);
    for (const message of opened) {
      expect(value(message, 'state')).toBe('open');
      expect(value(message, 'severity')).toBe('warning');
      expect(['NEGATIVE_GENERATION', 'NEGATIVE_CONSUMPTION']).toContain(message.attributes.rule?.Value);
      expect(message.subject).toBe(
        `[warning] ${message.attributes.site_id?.Value} ${message.attributes.rule?.Value} opened`,
      );
      expect(message.body).toMatchObject({ site_id: message.attributes.site_id?.Value, event: 'opened' });
    }
    // Before: one message per anomalous reading (36 % of them). Now: at most one per (site, rule).
    expect(anomalies).toBeGreaterThan(opened.length);
    // The figure for the closing note, in the test log.
    console.info(
      `alerts on make demo: ${opened.length} opened messages for ${anomalies} anomalous readings (${TICKS}+ ticks of ${SITES} sites)`,
    );
  }, 240_000);

  it('reports every site silent when the generator stops, and resolves each when it resumes', async () => {
    // Prepare: a loaded machine may have reported a site silent already; count from here.
    await drain();
    const from = received.length;

    // Act: stop the generator; wait for every site's SILENT_SITE to open.
    await running.runtime.schedule?.stop();
    await eventually(
      async () => {
        await drain();
        return sitesWith('SILENT_SITE', 'opened', from).size >= SITES ? true : undefined;
      },
      90_000,
      `${SITES} sites reported silent (${context()})`,
    );
    const silent = alerts('SILENT_SITE', 'opened', from);

    // Act: resume; wait for every silence to resolve.
    running.runtime.schedule?.start();
    await eventually(
      async () => {
        await drain();
        return sitesWith('SILENT_SITE', 'resolved', from).size >= SITES ? true : undefined;
      },
      90_000,
      `${SITES} silent sites resolved (${context()})`,
    );

    // Assess: one critical opened and one resolved per site, the same episode (alert_id).
    const resolved = alerts('SILENT_SITE', 'resolved', from);
    expect(silent).toHaveLength(SITES);
    expect(resolved).toHaveLength(SITES);
    for (const message of silent) {
      expect([value(message, 'state'), value(message, 'severity')]).toStrictEqual(['open', 'critical']);
      const end = resolved.find((m) => m.attributes.site_id?.Value === message.attributes.site_id?.Value);
      expect([value(end, 'state'), value(end, 'severity')]).toStrictEqual(['resolved', 'critical']);
      expect(end?.body.alert_id).toBe(message.body.alert_id);
      expect(String(end?.body.resolved_at) > String(message.body.opened_at)).toBe(true);
    }
  }, 240_000);
});

function readLog(running: RunningLocalStack | undefined): string {
  const file = running?.info.logs.functions;
  return file && existsSync(file) ? readFileSync(file, 'utf8').slice(-3_000) : '';
}
