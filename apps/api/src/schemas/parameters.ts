import {
  ALERT_STATE,
  BUCKETS,
  DEFAULT_ANOMALY_RULES,
  InvalidTimestampError,
  normalizeBound,
  SILENT_SITE_RULE,
  SITE_ID,
  siteIdProblem,
} from '@energy/core';
import { z } from '@hono/zod-openapi';
import { API_LIMITS } from '../constants.js';
import { rangeOrderProblem } from '../rangeOrder.js';

// Query parameters arrive as strings, or as arrays when repeated: a repeated
// parameter is refused rather than silently picking one of the values.
const once = (issue: { input: unknown }) =>
  issue.input === undefined ? 'is required' : 'must be given once, not repeated';

const DATE_SHAPED = /^\d{4}-\d{2}-\d{2}(?:$|[Tt ])/;

function oneOf(values: readonly string[]) {
  return (issue: { input: unknown }) =>
    Array.isArray(issue.input)
      ? 'must be given once, not repeated'
      : `must be one of ${values.map((v) => `"${v}"`).join(', ')}, got ${JSON.stringify(issue.input)}`;
}

/** A `site_id`, checked by the same rule the ingest path applies (core's `siteIdProblem`). */
export function siteIdSchema(location: 'path' | 'query') {
  return z
    .string({ error: once })
    .superRefine((value, ctx) => {
      const problem = siteIdProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .openapi({
      param: { name: 'site_id', in: location },
      description: 'Site identifier: letters, digits, `_`, `-`, `.`; starts with a letter or digit.',
      pattern: SITE_ID.pattern.source,
      minLength: SITE_ID.minLength,
      maxLength: SITE_ID.maxLength,
      example: 'site1',
    });
}

/**
 * An inclusive time bound, normalised to the stored form `YYYY-MM-DDTHH:mm:ss.SSSZ`.
 * A date-only value covers the whole UTC day; absent stays `undefined` (the route applies its default).
 */
export function boundSchema(name: string, bound: 'start' | 'end', description: string) {
  return z
    .string({ error: once })
    .optional()
    .transform((value, ctx) => {
      if (value === undefined) return undefined;
      try {
        return normalizeBound(value, bound);
      } catch (error) {
        if (!(error instanceof InvalidTimestampError)) throw error;
        // Input that is not even shaped like a date gets told that a plain date works too.
        const hint = DATE_SHAPED.test(value) ? '' : ', or a date such as 2025-02-16';
        ctx.addIssue({ code: 'custom', message: `${error.message}${hint}` });
        return z.NEVER;
      }
    })
    .openapi({
      param: { name, in: 'query' },
      description: `${description} ISO-8601 with \`Z\` or an offset (\`2025-02-16T22:30:43+01:00\`), or a date (\`2025-02-16\`, the whole UTC day). Inclusive.`,
      example: bound === 'start' ? '2025-02-16' : '2025-02-17T12:00:00Z',
    });
}

/**
 * A page size: an integer within `limits`, `limits.default` when absent.
 *
 * @example
 * const limit = pageLimitSchema(API_LIMITS.summarySites);
 */
export function pageLimitSchema(limits: { default: number; min: number; max: number }) {
  return z
    .string({ error: once })
    .optional()
    .transform((value, ctx) => {
      if (value === undefined) return limits.default;
      const limit = /^\d{1,7}$/.test(value) ? Number(value) : Number.NaN;
      if (limit >= limits.min && limit <= limits.max) return limit;
      ctx.addIssue({
        code: 'custom',
        message: `must be an integer between ${limits.min} and ${limits.max}, got ${JSON.stringify(value)}`,
      });
      return z.NEVER;
    })
    .openapi({
      param: { name: 'limit', in: 'query' },
      description: `Most items in the page, ${limits.min}-${limits.max}; default ${limits.default}.`,
      example: String(limits.default),
    });
}

/** Page size of the readings routes: an integer within {@link API_LIMITS.pageSize}. */
export const limitSchema = pageLimitSchema(API_LIMITS.pageSize);

/** A site-id prefix to search the registry with (the site-id charset, up to 64 characters). */
export const prefixSchema = z
  .string({ error: once })
  .max(API_LIMITS.maxPrefixLength, { error: `must be at most ${API_LIMITS.maxPrefixLength} characters` })
  .regex(/^[A-Za-z0-9_.-]*$/, { error: 'may hold only letters, digits, `_`, `-` and `.`' })
  .optional()
  .openapi({
    param: { name: 'prefix', in: 'query' },
    description: 'Only sites whose id starts with this (case-sensitive).',
    example: 'site1',
  });

/** Opaque continuation token from a previous page's `next_cursor`. */
export const cursorSchema = z
  .string({ error: once })
  .max(API_LIMITS.maxCursorLength, { error: `must be at most ${API_LIMITS.maxCursorLength} characters` })
  .optional()
  .openapi({
    param: { name: 'cursor', in: 'query' },
    description:
      "The previous page's `next_cursor`, unchanged. Valid only with the same route, site, range and order.",
  });

/** Sort order of a site's readings by timestamp. */
export const orderSchema = z
  .enum(['asc', 'desc'], { error: oneOf(['asc', 'desc']) })
  .optional()
  .transform((value) => value ?? 'asc')
  .openapi({
    param: { name: 'order', in: 'query' },
    description: 'By timestamp: `asc` (oldest first, default) or `desc` (newest first).',
    example: 'desc',
  });

/** Bucket granularity of the summary. */
export const bucketSchema = z
  .enum(BUCKETS, { error: oneOf(BUCKETS) })
  .optional()
  .transform((value) => value ?? 'hour')
  .openapi({
    param: { name: 'bucket', in: 'query' },
    description: 'Time bucket of the aggregates: `hour` (default) or `day`.',
    example: 'hour',
  });

/** Rule codes an alert episode can have: the built-in anomaly rules and the silent-site rule. */
const ALERT_RULES: readonly [string, ...string[]] = [
  SILENT_SITE_RULE,
  ...DEFAULT_ANOMALY_RULES.map((rule) => rule.code),
];

/** The rule of the alert episodes to list; a misspelt code is refused rather than matching nothing. */
export const alertRuleSchema = z
  .enum(ALERT_RULES, { error: oneOf(ALERT_RULES) })
  .optional()
  .openapi({
    param: { name: 'rule', in: 'query' },
    description: `Only episodes of this rule: ${ALERT_RULES.map((rule) => `\`${rule}\``).join(', ')}.`,
    example: SILENT_SITE_RULE,
  });

const ALERT_STATES = Object.values(ALERT_STATE);

/** The state of the alert episodes to list. */
export const alertStateSchema = z
  .enum(ALERT_STATES, { error: oneOf(ALERT_STATES) })
  .optional()
  .openapi({
    param: { name: 'state', in: 'query' },
    description:
      'Only `open` episodes, or only `resolved` ones (kept for a while after they resolve); default both.',
    example: 'open',
  });

/**
 * A query-parameter object that refuses unknown parameters, naming the accepted ones:
 * a misspelt `form=` would otherwise silently mean "no lower bound".
 */
export function strictQuery<Shape extends z.ZodRawShape>(shape: Shape) {
  const accepted = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `is not a parameter of this route; it accepts ${accepted}`
        : undefined,
  });
}

/**
 * A query's check that its bound `fromName` is not after `toName` (both {@link boundSchema}s),
 * for `superRefine`: the issue is on `fromName`, with {@link rangeOrderProblem}'s reason.
 *
 * @example
 * strictQuery({ from: boundSchema(...), to: boundSchema(...) }).superRefine(orderedBounds('from', 'to'));
 */
export function orderedBounds<From extends string, To extends string>(fromName: From, toName: To) {
  return (query: { [K in From | To]?: string | undefined }, ctx: z.RefinementCtx): void => {
    const problem = rangeOrderProblem(query[fromName], query[toName], toName);
    if (problem) ctx.addIssue({ code: 'custom', path: [fromName], message: problem });
  };
}
