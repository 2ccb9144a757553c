/**
 * Runs `task` over `items` with at most `concurrency` in flight and returns the results in
 * input order. After the first failure no new task starts; the ones in flight finish, then
 * the first error is thrown (so no write is left running behind the caller's back).
 *
 * @example
 * await mapWithConcurrency(chunks, 8, (chunk) => writeChunk(chunk));
 */
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  concurrency: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < items.length) {
      const index = next++;
      try {
        results[index] = await task(items[index] as T, index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, concurrency), items.length) }, worker));
  if (failure) throw failure.error;
  return results;
}
