/**
 * A counting semaphore of records shared by every message of one invocation: a file takes its
 * share when it opens a segment and gives it back when the segment closes, so the readings and
 * rejects held in memory stay bounded across the whole batch, not only per file. Each holder
 * takes one share at a time, all at once, so no two holders can wait on each other.
 *
 * @example
 * const taken = await budget.acquire(5_000);
 * try { await ingestSegment(); } finally { budget.release(taken); }
 */
export class ReadingBudget {
  /** Records that may be held at once. */
  public readonly capacity: number;
  #available: number;
  readonly #waiting: { records: number; resolve: () => void }[] = [];

  public constructor(capacity: number) {
    this.capacity = capacity;
    this.#available = capacity;
  }

  /** Waits (first come, first served) until `records` (at most the capacity) are free; resolves with the share taken. */
  public async acquire(records: number): Promise<number> {
    const share = Math.max(1, Math.min(records, this.capacity));
    if (this.#waiting.length === 0 && this.#available >= share) {
      this.#available -= share;
      return share;
    }
    await new Promise<void>((resolve) => this.#waiting.push({ records: share, resolve }));
    return share;
  }

  /** Gives back a share taken by {@link ReadingBudget.acquire}. */
  public release(share: number): void {
    this.#available += share;
    for (let next = this.#waiting[0]; next && this.#available >= next.records; next = this.#waiting[0]) {
      this.#waiting.shift();
      this.#available -= next.records;
      next.resolve();
    }
  }
}
