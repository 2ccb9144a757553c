import { createHmac, timingSafeEqual } from 'node:crypto';
import { InvalidCursorError } from './errors.js';

// A cursor is `v1.<payload>.<mac>`: payload = base64url(JSON of DynamoDB's
// LastEvaluatedKey), mac = base64url(HMAC-SHA256(secret, "v1|<scope>|<payload>")).
// The scope names the route and every parameter that selects the items (site,
// range, order), so a cursor replayed on another query fails the MAC check instead
// of handing DynamoDB a start key outside the query (a ValidationException, a 5xx).

const VERSION = 'v1';

/** A DynamoDB key as the document client returns it: attribute name to string value (all our keys are strings). */
export type CursorKey = Record<string, string>;

function mac(secret: string, scope: string, payload: string): Buffer {
  return createHmac('sha256', secret).update(`${VERSION}|${scope}|${payload}`).digest();
}

/**
 * Identifies the query a cursor belongs to, from the route and the parameters that select items.
 *
 * @example
 * cursorScope('site-readings', ['site1', '2025-02-16T00:00:00.000Z', '2025-02-16T23:59:59.999Z', 'asc']);
 */
export function cursorScope(route: string, parameters: readonly string[]): string {
  // JSON keeps the parts unambiguous whatever characters they contain.
  return JSON.stringify([route, ...parameters]);
}

/**
 * Encodes a DynamoDB `LastEvaluatedKey` as an opaque cursor bound to `scope`.
 *
 * @example
 * const cursor = encodeCursor({ site_id: 'site1', timestamp: '2025-02-16T21:30:43.000Z' }, scope, secret);
 */
export function encodeCursor(key: CursorKey, scope: string, secret: string): string {
  const payload = Buffer.from(JSON.stringify(key)).toString('base64url');
  return `${VERSION}.${payload}.${mac(secret, scope, payload).toString('base64url')}`;
}

/**
 * True when `text` is base64url exactly as {@link encodeCursor} writes it: the URL-safe
 * alphabet, no padding, and no stray bits in the last character. Node's decoder accepts
 * `+`, `/`, `=` and non-zero trailing bits too, so several spellings would decode (and sign)
 * alike; only the canonical one is accepted.
 */
function isCanonicalBase64url(text: string): boolean {
  return /^[A-Za-z0-9_-]+$/.test(text) && Buffer.from(text, 'base64url').toString('base64url') === text;
}

function isCursorKey(value: unknown): value is CursorKey {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const entries = Object.entries(value);
  return entries.length > 0 && entries.every(([, v]) => typeof v === 'string');
}

/**
 * Decodes a cursor issued by {@link encodeCursor} for the same scope and secret.
 *
 * @example
 * decodeCursor(cursor, scope, secret); // { site_id: 'site1', timestamp: '...' }
 * @throws {@link InvalidCursorError} when the cursor is malformed, tampered with, or was issued for another query.
 */
export function decodeCursor(cursor: string, scope: string, secret: string): CursorKey {
  const parts = cursor.split('.');
  const [version, payload, signature] = parts;
  if (parts.length !== 3 || version === undefined || payload === undefined || signature === undefined) {
    throw new InvalidCursorError('is malformed: pass back the next_cursor of a previous page unchanged');
  }
  if (version !== VERSION) throw new InvalidCursorError(`has unsupported version ${JSON.stringify(version)}`);
  if (!isCanonicalBase64url(payload) || !isCanonicalBase64url(signature)) {
    throw new InvalidCursorError(
      'is malformed: it must be unpadded base64url (A-Z a-z 0-9 - _), as issued; pass back the next_cursor unchanged',
    );
  }
  const expected = mac(secret, scope, payload);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new InvalidCursorError(
      'does not belong to this query: it was altered, or issued for another route, site, range or order',
    );
  }
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch (error) {
    // Only reachable with a valid MAC, i.e. a leaked secret or a bug; still the client's cursor at fault.
    throw new InvalidCursorError('is malformed: its payload is not JSON', { cause: error });
  }
  if (!isCursorKey(key)) throw new InvalidCursorError('is malformed: its payload is not a key');
  return key;
}
