/** Which requests a toxic applies to. */
type ToxicSelector = {
  /** Tested against the request head (request line and headers), all of them when several; absent: every request. */
  match?: RegExp | readonly RegExp[];
  /** Applies to one matching request in `every` (1st, `every+1`th, ...); default 1, all of them. */
  every?: number;
  /** Skips this many matching requests before the first hit; default 0. */
  offset?: number;
  /** Stops after this many hits; default unlimited. */
  limit?: number;
};

/**
 * A fault, as toxiproxy calls them.
 * - `latency`: the request is forwarded `ms` later (a slow network or a slow service).
 * - `reset` `before`: the client's connection is reset before the upstream sees the request
 *   (an unreachable service: retrying is safe).
 * - `reset` `after`: the request reaches the upstream, which acts on it, and the connection
 *   is reset when its answer starts (a lost response: the client cannot know it succeeded).
 * - `stall` `before` / `after`: nothing more is forwarded to the upstream / from it, and the
 *   connection stays open (a hung service): only the client's own timeout ends the call.
 */
export type Toxic = ToxicSelector &
  (
    | { kind: 'latency'; ms: number }
    | { kind: 'reset'; when: 'before' | 'after' }
    | { kind: 'stall'; when: 'before' | 'after' }
  );

/** Counters of a proxy. */
export type FaultProxyStats = {
  /** Client connections accepted. */
  connections: number;
  /** Request heads seen. */
  requests: number;
  /** Requests delayed. */
  delayed: number;
  /** Connections reset before the upstream saw the request. */
  resetBefore: number;
  /** Connections reset after the upstream answered. */
  resetAfter: number;
  /** Requests stalled (either way). */
  stalled: number;
};
