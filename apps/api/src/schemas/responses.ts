import { ALERT_STATE } from '@energy/core';
import { z } from '@hono/zod-openapi';

/** Body of every error answer. */
export const ErrorSchema = z
  .object({
    error: z.object({
      code: z
        .string()
        .openapi({ description: 'Stable machine-readable code.', example: 'invalid_parameter' }),
      message: z.string().openapi({
        description: 'What went wrong, for people.',
        example: 'limit must be an integer between 1 and 1000, got "0"',
      }),
      parameter: z
        .string()
        .optional()
        .openapi({ description: 'The request parameter at fault.', example: 'limit' }),
      reason: z.string().optional().openapi({
        description: 'Why the parameter is invalid.',
        example: 'must be an integer between 1 and 1000, got "0"',
      }),
      requestId: z.string().openapi({
        description: 'Request id to quote when reporting a problem; also in the `x-request-id` header.',
      }),
    }),
  })
  .openapi('Error');

/** The original API's flat record, kept for its clients. */
export const FlatRecordSchema = z
  .object({
    site_id: z.string().openapi({ example: 'site1' }),
    timestamp: z
      .string()
      .openapi({ description: 'UTC, `YYYY-MM-DDTHH:mm:ss.SSSZ`.', example: '2025-02-16T21:30:43.000Z' }),
    energy_generated_kwh: z.number().openapi({ example: 52.3109 }),
    energy_consumed_kwh: z.number().openapi({ example: 12.03 }),
    net_energy_kwh: z.number().openapi({
      description: "Generated minus consumed, exact at the inputs' precision.",
      example: 40.2809,
    }),
    anomaly: z
      .boolean()
      .openapi({ description: 'True when an anomaly rule matched (e.g. a negative reading).' }),
  })
  .openapi('FlatRecord');

/** A stored reading with the reasons it was flagged. */
const ReadingSchema = FlatRecordSchema.extend({
  anomaly_reasons: z.array(z.string()).openapi({
    description: 'Codes of the anomaly rules that matched, empty when none.',
    example: ['negative_generated'],
  }),
}).openapi('Reading');

/** One page of readings. */
export const ReadingPageSchema = z
  .object({
    items: z.array(ReadingSchema),
    next_cursor: z.string().nullable().openapi({
      description:
        'Pass as `cursor` to get the next page; `null` on the last page. A full page may be followed by an empty last page.',
    }),
  })
  .openapi('ReadingPage');

/** A page of known sites. */
export const SitesSchema = z
  .object({
    items: z.array(z.object({ site_id: z.string().openapi({ example: 'site1' }) })).openapi({
      description: 'Sites that have reported a reading, in natural order (`site2` before `site10`).',
    }),
    total: z.number().int().openapi({ description: 'Sites matching the prefix (all pages).' }),
    next_cursor: z
      .string()
      .nullable()
      .openapi({ description: 'Pass as `cursor` for the next page; `null` on the last.' }),
  })
  .openapi('Sites');

const totals = {
  generated_kwh: z
    .number()
    .openapi({ description: 'Energy generated, kWh, of the readings without a faulty value.' }),
  consumed_kwh: z
    .number()
    .openapi({ description: 'Energy consumed, kWh, of the readings without a faulty value.' }),
  net_kwh: z
    .number()
    .openapi({ description: 'Generated minus consumed, kWh, of the readings without a faulty value.' }),
  count: z.number().int().openapi({ description: 'Readings.' }),
  anomalies: z.number().int().openapi({ description: 'Anomalous readings.' }),
  excluded: z.number().int().openapi({
    description:
      'Readings whose energy is left out of the sums because a meter value is faulty (negative); counted in `count`.',
  }),
};

const TotalsSchema = z.object(totals).openapi('Totals');
const SiteTotalsSchema = z.object({ site_id: z.string(), ...totals }).openapi('SiteTotals');

/** The fleet's (or one site's) timeline and totals, and a page of per-site totals. */
export const SummarySchema = z
  .object({
    bucket: z.enum(['hour', 'day']),
    from: z.string().openapi({ description: 'Normalised lower bound (inclusive).' }),
    to: z.string().openapi({ description: 'Normalised upper bound (inclusive).' }),
    totals: TotalsSchema.openapi({
      description: 'Totals over the range: the fleet, or the site with `site_id`.',
    }),
    timeline: z.array(z.object({ bucket: z.string(), ...totals })).openapi({
      description:
        'Per bucket with readings, in time order: the fleet (live, from the per-file contributions; the open hour included), or the site with `site_id`.',
    }),
    items: z
      .array(
        z.object({
          site_id: z.string(),
          bucket: z.string().openapi({ example: '2025-02-16T21' }),
          ...totals,
        }),
      )
      .openapi({
        description:
          "Per site of the page and bucket with readings, by site then bucket (the summarizer's rollups).",
      }),
    sites: z.array(SiteTotalsSchema).openapi({
      description:
        'Totals over the range per site of the page, in natural order; zero when a site has no readings.',
    }),
    next_cursor: z
      .string()
      .nullable()
      .openapi({ description: 'Cursor of the next page of sites; `null` on the last.' }),
  })
  .openapi('Summary');

/** The top sites over a range of days. */
export const TopSitesSchema = z
  .object({
    from: z.string().openapi({ description: 'First day (inclusive), `YYYY-MM-DD`.' }),
    to: z.string().openapi({ description: 'Last day (inclusive), `YYYY-MM-DD`.' }),
    sites: z.number().int().openapi({ description: 'Sites with readings in the range.' }),
    by_anomalies: z.array(SiteTotalsSchema).openapi({ description: 'Most anomalous readings first.' }),
    by_net: z.array(SiteTotalsSchema).openapi({ description: 'Highest net energy first.' }),
  })
  .openapi('TopSites');

/** Liveness answer. */
export const HealthSchema = z.object({ status: z.literal('ok') }).openapi('Health');

const canonical = (description: string) =>
  z.string().openapi({ description: `${description} UTC, \`YYYY-MM-DDTHH:mm:ss.SSSZ\`.` });

/** One alert episode of a (site, rule), as the alerter keeps it. */
const AlertSchema = z
  .object({
    alert_id: z.string().openapi({
      description:
        'Stable id of the episode (the same readings give the same id); the SNS messages of the episode carry it too.',
      example: '9f1c2b3a4d5e6f70',
    }),
    site_id: z.string().openapi({ example: 'site1' }),
    rule: z.string().openapi({
      description: 'The anomaly rule code, or `SILENT_SITE` for a site that stopped reporting.',
      example: 'NEGATIVE_GENERATION',
    }),
    severity: z.enum(['critical', 'warning']).openapi({
      description: '`critical` for a silent site, `warning` for a faulty meter value.',
    }),
    state: z.enum(Object.values(ALERT_STATE)),
    opened_at: canonical('When the episode opened: the first anomalous reading, or when silence began.'),
    first_seen: canonical('Earliest anomalous reading of the episode.'),
    last_seen: canonical('Latest anomalous reading, as of the last state change.'),
    count: z.number().int().openapi({
      description:
        'Anomalous readings counted, as of the last state change (0 for silence); the digest carries live counts.',
    }),
    resolved_at: canonical('When the episode resolved (resolved episodes only).').optional(),
    sample_values: z
      .array(
        z.object({
          timestamp: z.string(),
          energy_generated_kwh: z.number(),
          energy_consumed_kwh: z.number(),
        }),
      )
      .openapi({ description: 'A few readings that broke the rule.' }),
    source_keys: z.array(z.string()).openapi({ description: 'A few S3 keys of the files they came from.' }),
    updated_at: canonical('Last change of the record.'),
  })
  .openapi('Alert');

/** One page of alert episodes. */
export const AlertPageSchema = z
  .object({
    items: z.array(AlertSchema).openapi({
      description: 'Episodes by site id (byte order: `site10` before `site2`), then rule, then opening time.',
    }),
    next_cursor: z.string().nullable().openapi({
      description:
        'Pass as `cursor` for the next page; `null` on the last. A filtered page may hold fewer items than `limit`, even none, and still have a next page.',
    }),
  })
  .openapi('AlertPage');
