import { DataStoreUnavailableError } from '../errors.js';

/**
 * Runs one DynamoDB call and turns any failure into a {@link DataStoreUnavailableError}
 * (answered as 503). Inputs reaching DynamoDB are validated first, so a failure here is
 * the service's or the network's, never the client's.
 *
 * @example
 * const out = await callDataStore('Query readings', () => client.send(new QueryCommand(input)));
 */
export async function callDataStore<T>(operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw new DataStoreUnavailableError(operation, { cause: error });
  }
}
