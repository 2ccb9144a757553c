import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cursorScope, decodeCursor, encodeCursor } from '../../src/cursor.js';
import { InvalidCursorError } from '../../src/errors.js';

const SECRET = 'unit-test-secret-0123456789abcdef0123';
const scope = cursorScope('site-readings', [
  'site1',
  '2025-02-16T00:00:00.000Z',
  '2025-02-16T23:59:59.999Z',
  'asc',
]);
const key = { site_id: 'site1', timestamp: '2025-02-16T21:30:43.000Z' };

function decodeError(cursor: string, withScope = scope, secret = SECRET): InvalidCursorError {
  try {
    decodeCursor(cursor, withScope, secret);
  } catch (error) {
    if (error instanceof InvalidCursorError) return error;
    throw error;
  }
  throw new Error('expected the cursor to be refused');
}

describe('Function: encodeCursor / decodeCursor', () => {
  it('round-trips a key', () => {
    // Prepare
    const cursor = encodeCursor(key, scope, SECRET);

    // Act
    const decoded = decodeCursor(cursor, scope, SECRET);

    // Assess
    expect(decoded).toStrictEqual(key);
  });

  it('is opaque: not the raw key JSON', () => {
    // Act
    const cursor = encodeCursor(key, scope, SECRET);

    // Assess
    expect(cursor).not.toContain('site1');
    expect(cursor).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
  });

  it('round-trips any string key (property)', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ minLength: 1 }), fc.string(), {
          minKeys: 1,
          maxKeys: 4,
          noNullPrototype: true,
        }),
        fc.array(fc.string(), { maxLength: 4 }),
        (anyKey, parameters) => {
          const anyScope = cursorScope('r', parameters);
          expect(decodeCursor(encodeCursor(anyKey, anyScope, SECRET), anyScope, SECRET)).toStrictEqual(
            anyKey,
          );
        },
      ),
    );
  });

  it.each([
    [
      'another site',
      cursorScope('site-readings', ['site2', '2025-02-16T00:00:00.000Z', '2025-02-16T23:59:59.999Z', 'asc']),
    ],
    [
      'another range',
      cursorScope('site-readings', ['site1', '2025-02-15T00:00:00.000Z', '2025-02-16T23:59:59.999Z', 'asc']),
    ],
    [
      'another order',
      cursorScope('site-readings', ['site1', '2025-02-16T00:00:00.000Z', '2025-02-16T23:59:59.999Z', 'desc']),
    ],
    [
      'another route',
      cursorScope('site-anomalies', ['site1', '2025-02-16T00:00:00.000Z', '2025-02-16T23:59:59.999Z', 'asc']),
    ],
  ])('refuses a cursor issued for %s', (_, otherScope) => {
    // Prepare
    const cursor = encodeCursor(key, otherScope, SECRET);

    // Act
    const error = decodeError(cursor);

    // Assess
    expect(error.parameter).toBe('cursor');
    expect(error.reason).toContain('does not belong to this query');
  });

  it('refuses a cursor signed with another secret', () => {
    // Prepare
    const cursor = encodeCursor(key, scope, 'another-secret-0123456789abcdef0123');

    // Act
    const error = decodeError(cursor);

    // Assess
    expect(error.reason).toContain('does not belong to this query');
  });

  it('refuses a cursor whose payload was altered', () => {
    // Prepare
    const [version, , mac] = encodeCursor(key, scope, SECRET).split('.');
    const forged = Buffer.from(
      JSON.stringify({ site_id: 'site1', timestamp: '2099-01-01T00:00:00.000Z' }),
    ).toString('base64url');

    // Act
    const error = decodeError(`${version}.${forged}.${mac}`);

    // Assess
    expect(error.code).toBe('invalid_cursor');
    expect(error.reason).toContain('does not belong to this query');
  });

  it('refuses a cursor whose signature was altered', () => {
    // Prepare
    const cursor = encodeCursor(key, scope, SECRET);
    const last = cursor.at(-1) === 'A' ? 'B' : 'A';

    // Act
    const error = decodeError(`${cursor.slice(0, -1)}${last}`);

    // Assess
    expect(error.reason).toContain('does not belong to this query');
  });

  it.each([
    ['garbage', 'abc'],
    ['empty', ''],
    ['too many parts', 'v1.a.b.c'],
    ['raw LastEvaluatedKey JSON', JSON.stringify(key)],
  ])('refuses a malformed cursor (%s)', (_, cursor) => {
    // Act
    const error = decodeError(cursor);

    // Assess
    expect(error.reason).toContain('is malformed');
  });

  it('refuses an unknown version', () => {
    // Prepare
    const cursor = encodeCursor(key, scope, SECRET).replace(/^v1\./, 'v9.');

    // Act
    const error = decodeError(cursor);

    // Assess
    expect(error.reason).toBe('has unsupported version "v9"');
  });

  it.each([
    ['a string', '"site1"'],
    ['an empty object', '{}'],
    ['a number value', '{"site_id":1}'],
    ['not JSON', '{site_id'],
  ])('refuses a correctly signed payload that is %s', (_, json) => {
    // Prepare: sign an arbitrary payload as a leaked secret would allow.
    const payload = Buffer.from(json).toString('base64url');
    const mac = createHmac('sha256', SECRET).update(`v1|${scope}|${payload}`).digest('base64url');

    // Act
    const error = decodeError(`v1.${payload}.${mac}`);

    // Assess
    expect(error.reason).toContain('is malformed');
  });

  it.each([
    ['a padded signature', (payload: string, mac: string) => `v1.${payload}.${mac}=`],
    ['a signature in the +/ alphabet', (payload: string, mac: string) => `v1.${payload}.${toStandard(mac)}`],
    ['a padded payload', (payload: string, mac: string) => `v1.${payload}==.${mac}`],
    ['a payload in the +/ alphabet', (payload: string, mac: string) => `v1.${toStandard(payload)}.${mac}`],
    [
      'a signature with stray trailing bits',
      (payload: string, mac: string) => `v1.${payload}.${strayBits(mac)}`,
    ],
  ])('refuses %s: only the canonical base64url spelling it issued is accepted', (_, respell) => {
    // Prepare: a key whose encodings contain '-' and '_' so the +/ spelling differs.
    const odd = { site_id: '\u00ff\u00fe\u00fb>?', timestamp: '2025-02-16T21:30:43.000Z' };
    const oddScope = cursorScope('site-readings', ['x']);
    let [, payload = '', mac = ''] = encodeCursor(odd, oddScope, SECRET).split('.');
    for (let n = 0; !/[-_]/.test(mac) && n < 50; n++) {
      [, payload = '', mac = ''] = encodeCursor(
        { ...odd, timestamp: `${odd.timestamp}${n}` },
        oddScope,
        SECRET,
      ).split('.');
    }
    const cursor = respell(payload, mac);
    expect(cursor).not.toBe(`v1.${payload}.${mac}`);

    // Act
    const error = decodeError(cursor, oddScope);

    // Assess
    expect(error.reason).toContain('unpadded base64url');
  });
});

/** The same bytes in the standard alphabet. */
function toStandard(base64url: string): string {
  return base64url.replaceAll('-', '+').replaceAll('_', '/');
}

/** The same bytes with non-zero unused bits in the last character (43 chars encode 32 bytes + 2 spare bits). */
function strayBits(base64url: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const last = alphabet.indexOf(base64url.at(-1) ?? 'A');
  return `${base64url.slice(0, -1)}${alphabet[last ^ 1]}`;
}
