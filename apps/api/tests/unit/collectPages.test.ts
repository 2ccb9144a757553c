import { describe, expect, it } from 'vitest';
import { collectPages } from '../../src/adapters/collectPages.js';
import type { Page } from '../../src/adapters/types.js';
import type { CursorKey } from '../../src/cursor.js';
import { ResultTooLargeError } from '../../src/errors.js';

/** An in-memory table read `pageSize` items at a time, recording the calls made. */
function pagedSource(total: number, pageSize: number) {
  const calls: { startKey: CursorKey | undefined; limit: number; countOnly: boolean }[] = [];
  const fetchPage = async (
    startKey: CursorKey | undefined,
    limit: number,
    countOnly: boolean,
  ): Promise<Page<number>> => {
    calls.push({ startKey, limit, countOnly });
    const start = startKey ? Number(startKey.i) : 0;
    const end = Math.min(total, start + Math.min(limit, pageSize));
    const matched = Array.from({ length: end - start }, (_, k) => start + k);
    const items = countOnly ? [] : matched;
    const page = { items, scannedCount: matched.length, count: matched.length };
    return end < total ? { ...page, lastKey: { i: String(end) } } : page;
  };
  return { fetchPage, calls };
}

describe('Function: collectPages', () => {
  it('follows pages to the end', async () => {
    // Prepare: pages shorter than asked for, as DynamoDB's 1 MB limit gives.
    const source = pagedSource(25, 10);

    // Act
    const items = await collectPages(source.fetchPage, 100, 'GET /v1/readings');

    // Assess
    expect(items).toStrictEqual(Array.from({ length: 25 }, (_, i) => i));
    expect(source.calls).toStrictEqual([
      { startKey: undefined, limit: 101, countOnly: true },
      { startKey: { i: '10' }, limit: 91, countOnly: true },
      { startKey: { i: '20' }, limit: 81, countOnly: true },
      { startKey: undefined, limit: 101, countOnly: false },
      { startKey: { i: '10' }, limit: 91, countOnly: false },
      { startKey: { i: '20' }, limit: 81, countOnly: false },
    ]);
  });

  it('returns exactly `cap` items without error', async () => {
    // Act
    const items = await collectPages(pagedSource(100, 30).fetchPage, 100, 'GET /v1/readings');

    // Assess
    expect(items).toHaveLength(100);
  });

  it('refuses an oversized result by counting cap + 1 items, without transferring any, and names the paginated route', async () => {
    // Prepare
    const source = pagedSource(10_000, 40);

    // Act
    const outcome = collectPages(source.fetchPage, 100, 'GET /v1/readings');

    // Assess
    await expect(outcome).rejects.toThrow(new ResultTooLargeError(100, 'GET /v1/readings'));
    expect(source.calls.every((c) => c.countOnly)).toBe(true);
    expect(source.calls.reduce((n, c) => n + Math.min(c.limit, 40), 0)).toBe(101);
  });

  it('answers an empty source with one count and one read', async () => {
    // Prepare
    const source = pagedSource(0, 10);

    // Act
    const items = await collectPages(source.fetchPage, 100, 'x');

    // Assess
    expect(items).toStrictEqual([]);
    expect(source.calls.map((c) => c.countOnly)).toStrictEqual([true, false]);
  });
});
