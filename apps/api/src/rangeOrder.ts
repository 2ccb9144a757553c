/**
 * The rule every range of the API follows: its start must not be after its end. Bounds are
 * canonical timestamps (`YYYY-MM-DDTHH:mm:ss.SSSZ`), so string order is time order.
 *
 * @param toName the end's parameter name, for the reason (`to`, or `end_date` on `/fetchrecords`).
 * @returns the reason to give on the start's parameter, or `undefined` when either bound is
 * absent or they are in order.
 * @example
 * rangeOrderProblem('2025-02-17T00:00:00.000Z', '2025-02-16T23:59:59.999Z', 'to');
 * // 'must not be after to (2025-02-16T23:59:59.999Z)'
 */
export function rangeOrderProblem(
  from: string | undefined,
  to: string | undefined,
  toName: string,
): string | undefined {
  return from !== undefined && to !== undefined && from > to
    ? `must not be after ${toName} (${to})`
    : undefined;
}
