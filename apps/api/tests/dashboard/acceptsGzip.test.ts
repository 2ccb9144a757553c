import { describe, expect, it } from 'vitest';
import { acceptsGzip } from '../../src/dashboardAssets/acceptsGzip.js';

describe('Function: acceptsGzip', () => {
  it.each([
    ['gzip, deflate, br, zstd', true],
    ['GZIP', true],
    ['br;q=1.0, gzip;q=0.5', true],
    ['gzip;q=0', false],
    ['gzip;q=0.0, *;q=1', false],
    ['*', true],
    ['*;q=0', false],
    ['br', false],
    ['identity', false],
    ['', false],
    [undefined, false],
  ])('%j → %s', (header, expected) => {
    expect(acceptsGzip(header)).toBe(expected);
  });
});
