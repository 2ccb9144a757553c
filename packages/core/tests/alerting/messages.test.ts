import { describe, expect, it } from 'vitest';
import {
  type AlertChange,
  AlertMachine,
  alertMessage,
  alertRecordOf,
  digestMessage,
  emptyDigestChanges,
  noteDigestChange,
  stormMessage,
} from '../../src/index.js';
import { DEFAULTS } from './settings.js';

const T0 = Date.UTC(2025, 2, 10, 12);

function opened(siteId = 'site-0042'): AlertChange {
  const machine = new AlertMachine(DEFAULTS);
  const [change] = machine.fold(
    [{ siteId, timeMs: T0, count: 1, anomalies: { NEGATIVE_GENERATION: 1 }, sourceKey: 'k.json' }],
    false,
  );
  return change as AlertChange;
}

describe('alertRecordOf / alertMessage', () => {
  it('makes the record and a readable message with filterable attributes', () => {
    const record = alertRecordOf(
      opened(),
      {
        samples: [
          { timestamp: '2025-03-10T12:00:00.000Z', energy_generated_kwh: -1, energy_consumed_kwh: 2 },
        ],
        sourceKeys: ['k.json'],
      },
      '2025-03-10T12:10:00.000Z',
    );
    expect(record).toMatchObject({
      pk: 'ALERTS',
      sk: 'site-0042#NEGATIVE_GENERATION#2025-03-10T12:00:00.000Z',
      state: 'open',
      severity: 'warning',
      count: 1,
    });
    expect(record.alert_id).toMatch(/^[0-9a-f]{16}$/);
    const message = alertMessage(record, 'opened');
    expect(message.subject).toBe('[warning] site-0042 NEGATIVE_GENERATION opened');
    expect(message.attributes).toStrictEqual({
      kind: 'alert',
      site_id: 'site-0042',
      rule: 'NEGATIVE_GENERATION',
      state: 'open',
      severity: 'warning',
    });
    expect(JSON.parse(message.body)).toMatchObject({
      alert_id: record.alert_id,
      sample_values: [{ energy_generated_kwh: -1 }],
      source_keys: ['k.json'],
    });
  });

  it('keeps the subject within 100 characters for the longest site ids', () => {
    const record = alertRecordOf(opened('s'.repeat(64)), { samples: [], sourceKeys: [] }, 'x');
    expect(alertMessage(record, 'opened').subject.length).toBeLessThanOrEqual(100);
    // A longer subject is cut, in ASCII (SNS refuses other characters in subjects).
    const long = alertRecordOf(
      { ...opened('s'.repeat(64)), rule: 'R'.repeat(40) },
      { samples: [], sourceKeys: [] },
      'x',
    );
    const subject = alertMessage(long, 'renotified').subject;
    expect(subject).toHaveLength(100);
    expect(subject).toMatch(/^[\x20-\x7e]+\.\.\.$/);
  });

  it('gives a resolved record a resolved_at and a TTL', () => {
    const machine = new AlertMachine(DEFAULTS);
    machine.fold(
      [{ siteId: 's1', timeMs: T0, count: 1, anomalies: { NEGATIVE_GENERATION: 1 }, sourceKey: 'k' }],
      false,
    );
    const changes = machine.fold(
      Array.from({ length: 36 }, (_, i) => ({
        siteId: 's1',
        timeMs: T0 + (i + 1) * 300_000,
        count: 1,
        anomalies: {},
        sourceKey: 'k',
      })),
      false,
    );
    const record = alertRecordOf(changes[0] as AlertChange, { samples: [], sourceKeys: [] }, 'x');
    expect(record.state).toBe('resolved');
    expect(record.resolved_at).toBe('2025-03-10T15:00:00.000Z');
    expect(record.expires_at).toBe(Date.parse('2025-03-10T15:00:00.000Z') / 1000 + 7 * 86_400);
  });
});

describe('digestMessage', () => {
  it('is nothing when nothing is open and nothing changed', () => {
    expect(digestMessage(new Map(), emptyDigestChanges(), 'x')).toBeUndefined();
  });

  it('lists open alerts with live counts and the changes since the last digest', () => {
    const machine = new AlertMachine(DEFAULTS);
    const changes = emptyDigestChanges();
    for (const change of machine.fold(
      [
        { siteId: 's1', timeMs: T0, count: 1, anomalies: { NEGATIVE_GENERATION: 1 }, sourceKey: 'k' },
        {
          siteId: 's1',
          timeMs: T0 + 300_000,
          count: 1,
          anomalies: { NEGATIVE_GENERATION: 1 },
          sourceKey: 'k',
        },
      ],
      false,
    ))
      noteDigestChange(changes, change);
    const message = digestMessage(machine.state, changes, '2025-03-10T13:00:00.000Z');
    expect(message?.subject).toBe('[digest] 1 open alert, 1 change');
    expect(message?.attributes).toStrictEqual({ kind: 'digest' });
    const body = JSON.parse(message?.body ?? '{}');
    expect(body.open).toStrictEqual([
      {
        site_id: 's1',
        rule: 'NEGATIVE_GENERATION',
        opened_at: '2025-03-10T12:00:00.000Z',
        last_seen: '2025-03-10T12:05:00.000Z',
        count: 2,
      },
    ]);
    expect(body.changes.recent).toStrictEqual(['s1 NEGATIVE_GENERATION opened 2025-03-10T12:00:00.000Z']);
  });
});

describe('stormMessage', () => {
  it("counts a run's changes by event and rule, lists the first by time and keeps the subject within SNS limits", () => {
    // Prepare: 130 openings of two rules, and 3 resolutions
    const changes: AlertChange[] = Array.from({ length: 133 }, (_, i) => ({
      ...opened(`site-${String(i).padStart(4, '0')}`),
      ...(i >= 100 && i < 130 && { rule: 'NEGATIVE_CONSUMPTION' }),
      ...(i >= 130 && { event: 'resolved' as const }),
      atMs: T0 + (133 - i) * 1_000,
    }));

    // Act
    const message = stormMessage(changes, '2025-03-10T12:05:00.000Z');

    // Assess
    const body = JSON.parse(message.body);
    expect(message.attributes).toStrictEqual({ kind: 'storm' });
    expect(message.subject).toBe(
      '[storm] 133 alert changes: 100 opened NEGATIVE_GENERATION, 30 opened NEGATIVE_CONSUMPTION, 3 reso...',
    );
    expect(message.subject.length).toBeLessThanOrEqual(100);
    expect(body.by_event_and_rule).toStrictEqual({
      opened: { NEGATIVE_GENERATION: 100, NEGATIVE_CONSUMPTION: 30 },
      resolved: { NEGATIVE_GENERATION: 3 },
    });
    expect(body.listed).toHaveLength(50);
    expect(body.listed[0]).toBe('site-0132 NEGATIVE_GENERATION resolved 2025-03-10T12:00:01.000Z');
    expect(body.not_listed).toBe(83);
  });
});
