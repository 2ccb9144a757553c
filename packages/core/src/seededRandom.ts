// Seeded randomness for simulations and benchmarks: pure and deterministic, so the same seed
// gives the same readings on every machine (the generator retries a tick byte for byte).

/**
 * 32-bit FNV-1a hash of a string: turns a seed text into PRNG state.
 *
 * @example
 * hashSeed('energy-telemetry|2025-02-16T21:30:00Z|site1'); // a 32-bit unsigned integer
 */
export function hashSeed(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * Mulberry32: a small, fast, seedable PRNG with a full 2^32 period, plenty for simulated
 * meters. Returns a function yielding uniform numbers in [0, 1).
 *
 * @example
 * const random = mulberry32(hashSeed('seed'));
 * random(); // 0.…
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
