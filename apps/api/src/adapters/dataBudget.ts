import { AsyncLocalStorage } from 'node:async_hooks';

// The budget of the request being served, found by `callDataStore` without threading it
// through every store method: one AbortSignal per request, carried by async context.
const budget = new AsyncLocalStorage<AbortSignal>();

/**
 * Runs `work` (one request) with `ms` milliseconds for all its data-store calls together.
 *
 * @example
 * app.use('*', (c, next) => withDataBudget(API_TIMEOUTS.dataBudgetMs, next));
 */
export function withDataBudget<T>(ms: number, work: () => Promise<T>): Promise<T> {
  return budget.run(AbortSignal.timeout(ms), work);
}

/** The signal that fires when the current request's data budget is spent; undefined outside a request. */
export function currentDataBudget(): AbortSignal | undefined {
  return budget.getStore();
}
