import { DataStoreUnavailableError } from '../errors.js';
import { currentDataBudget } from './dataBudget.js';

/** Options handed to a data-store call: pass them to `client.send(command, options)`. */
export type CallOptions = {
  /** Fires when the request's data budget is spent; the SDK then aborts the call. */
  abortSignal?: AbortSignal;
};

function budgetSpent(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    const fail = () => reject(signal.reason);
    if (signal.aborted) fail();
    else signal.addEventListener('abort', fail, { once: true });
  });
}

/**
 * Runs one DynamoDB call and turns any failure into a {@link DataStoreUnavailableError}
 * (answered as 503). Inputs reaching DynamoDB are validated first, so a failure here is
 * the service's or the network's, never the client's. The call ends when the request's data
 * budget (see `withDataBudget`) is spent, even if the caller did not pass the signal on, so
 * the API answers 503 itself before its Lambda timeout turns the request into a bare 500.
 *
 * @example
 * const out = await callDataStore('Query readings', (options) => client.send(new QueryCommand(input), options));
 */
export async function callDataStore<T>(
  operation: string,
  call: (options: CallOptions) => Promise<T>,
): Promise<T> {
  const signal = currentDataBudget();
  try {
    if (!signal) return await call({});
    const pending = call({ abortSignal: signal });
    // The losing side of the race must not surface as an unhandled rejection.
    pending.catch(() => undefined);
    return await Promise.race([pending, budgetSpent(signal)]);
  } catch (error) {
    throw new DataStoreUnavailableError(operation, { cause: error });
  }
}
