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
export const ReadingSchema = FlatRecordSchema.extend({
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

/** Known sites. */
export const SitesSchema = z
  .object({
    items: z
      .array(z.object({ site_id: z.string().openapi({ example: 'site1' }) }))
      .openapi({ description: 'Every site that has reported a reading, in natural order.' }),
  })
  .openapi('Sites');

const totals = {
  generated_kwh: z.number().openapi({ description: 'Energy generated, kWh.' }),
  consumed_kwh: z.number().openapi({ description: 'Energy consumed, kWh.' }),
  net_kwh: z.number().openapi({ description: 'Generated minus consumed, kWh.' }),
  count: z.number().int().openapi({ description: 'Readings.' }),
  anomalies: z.number().int().openapi({ description: 'Anomalous readings.' }),
};

/** Totals of the summary, per site and per bucket. */
export const SummarySchema = z
  .object({
    bucket: z.enum(['hour', 'day']),
    from: z.string().openapi({ description: 'Normalised lower bound (inclusive).' }),
    to: z.string().openapi({ description: 'Normalised upper bound (inclusive).' }),
    items: z
      .array(
        z.object({
          site_id: z.string(),
          bucket: z.string().openapi({ example: '2025-02-16T21' }),
          ...totals,
        }),
      )
      .openapi({ description: 'One entry per site and bucket that has readings, by site then bucket.' }),
    sites: z.array(z.object({ site_id: z.string(), ...totals })).openapi({
      description: 'Totals over the range per site; every requested site, zero when it has no readings.',
    }),
    timeline: z
      .array(z.object({ bucket: z.string(), ...totals }))
      .openapi({ description: 'Totals across the sites per bucket that has readings, in time order.' }),
  })
  .openapi('Summary');

/** Liveness answer. */
export const HealthSchema = z.object({ status: z.literal('ok') }).openapi('Health');
