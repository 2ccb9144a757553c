import { describe, expect, it } from 'vitest';
import { openAlertsHint, orderOpenAlerts } from '../../dashboard/src/openAlerts.js';
import type { AlertEpisode } from '../../dashboard/src/types.js';
import { alertRecord, alertView } from '../helpers/alerts.js';

const episode = (
  site: string,
  rule: string,
  openedAt: string,
  state: 'open' | 'resolved' = 'open',
): AlertEpisode => alertView(alertRecord({ site, rule, openedAt, state }));

describe('Function: orderOpenAlerts', () => {
  it('puts silent sites first, then the longest open, then by site and rule, and drops resolved ones', () => {
    // Prepare: in the API's key order.
    const alerts = [
      episode('site1', 'NEGATIVE_GENERATION', '2025-02-16T10:00:00.000Z'),
      episode('site10', 'NEGATIVE_CONSUMPTION', '2025-02-16T08:00:00.000Z'),
      episode('site10', 'NEGATIVE_GENERATION', '2025-02-16T08:00:00.000Z'),
      episode('site2', 'NEGATIVE_GENERATION', '2025-02-16T08:00:00.000Z'),
      episode('site3', 'SILENT_SITE', '2025-02-16T20:00:00.000Z'),
      episode('site4', 'NEGATIVE_GENERATION', '2025-02-15T00:00:00.000Z', 'resolved'),
    ];

    // Act
    const ordered = orderOpenAlerts(alerts, 10);

    // Assess
    expect(ordered.map((alert) => `${alert.site_id}/${alert.rule}`)).toStrictEqual([
      'site3/SILENT_SITE',
      'site2/NEGATIVE_GENERATION',
      'site10/NEGATIVE_CONSUMPTION',
      'site10/NEGATIVE_GENERATION',
      'site1/NEGATIVE_GENERATION',
    ]);
  });

  it('keeps at most the number wanted', () => {
    // Prepare
    const alerts = Array.from({ length: 8 }, (_, i) =>
      episode(`site${i}`, 'NEGATIVE_GENERATION', `2025-02-16T0${i}:00:00.000Z`),
    );

    // Act
    const ordered = orderOpenAlerts(alerts, 3);

    // Assess
    expect(ordered.map((alert) => alert.site_id)).toStrictEqual(['site0', 'site1', 'site2']);
  });
});

describe('Function: openAlertsHint', () => {
  it('says when the list is partial and how to see the rest', () => {
    expect(openAlertsHint(4, false, '')).toBe(
      'The whole fleet: 4 open, silent sites first, then the longest open',
    );
    expect(openAlertsHint(50, true, '')).toMatch(
      /^The whole fleet: the first 50 open by site id, .*choose a site/,
    );
    expect(openAlertsHint(2, false, 'site3')).toMatch(/^Site site3: 2 open/);
  });
});
