import { describe, expect, it } from 'vitest';
import { TIME_SETTINGS } from '../../src/constants.js';
import { DeadlineExceededError } from '../../src/errors.js';
import { Deadline } from '../../src/ingest/Deadline.js';
import { ReadingBudget } from '../../src/ingest/ReadingBudget.js';

describe('Class: Deadline', () => {
  it('keeps the full margins in a 30 s invocation and scales them down in a short one', () => {
    // Act
    const long = Deadline.of({ getRemainingTimeInMillis: () => 30_000 });
    const short = Deadline.of({ getRemainingTimeInMillis: () => 5_000 });

    // Assess
    expect([long.stopMarginMs, long.hardMarginMs]).toStrictEqual([
      TIME_SETTINGS.stopMarginMs,
      TIME_SETTINGS.hardMarginMs,
    ]);
    expect([short.stopMarginMs, short.hardMarginMs]).toStrictEqual([1_000, 1_000]);
  });

  it('says stop when the expected work would end inside the stop margin', () => {
    // Prepare
    let remaining = 30_000;
    const deadline = Deadline.of({ getRemainingTimeInMillis: () => remaining });

    // Act / Assess
    expect(deadline.shouldStop()).toBe(false);
    expect(deadline.shouldStop(24_000)).toBe(false);
    expect(deadline.shouldStop(25_001)).toBe(true);
    remaining = 4_999;
    expect(deadline.shouldStop()).toBe(true);
    expect(Deadline.none().shouldStop(1e12)).toBe(false);
  });

  it('rejects at the hard margin, and never once the invocation ended', async () => {
    // Prepare
    const ends = Date.now() + 1_050;
    const deadline = Deadline.of({ getRemainingTimeInMillis: () => ends - Date.now() });
    const ended = new AbortController();
    ended.abort();

    // Act
    const expiry = deadline.expiry(new AbortController().signal);
    const cancelled = deadline.expiry(ended.signal);
    const settled = await Promise.race([
      cancelled.then(
        () => 'settled',
        () => 'settled',
      ),
      expiry.catch((error) => error),
    ]);

    // Assess
    expect(settled).toBeInstanceOf(DeadlineExceededError);
  });
});

describe('Class: ReadingBudget', () => {
  it('serves shares first come, first served, and never more than its capacity at once', async () => {
    // Prepare
    const budget = new ReadingBudget(10);
    const order: string[] = [];

    // Act
    const a = await budget.acquire(6);
    const b = budget.acquire(6).then((share) => order.push(`b${share}`));
    const c = budget.acquire(3).then((share) => order.push(`c${share}`));
    await Promise.resolve();
    const waitingBeforeRelease = [...order];
    budget.release(a);
    await Promise.all([b, c]);

    // Assess: c (3) would have fit beside a, but waited its turn behind b.
    expect(waitingBeforeRelease).toStrictEqual([]);
    expect(order).toStrictEqual(['b6', 'c3']);
    // A share larger than the capacity is capped at it (once the others gave theirs back).
    budget.release(6);
    budget.release(3);
    expect(await budget.acquire(50)).toBe(10);
  });
});
