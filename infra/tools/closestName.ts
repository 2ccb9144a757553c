function distance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0] as number;
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j] as number;
      previous[j] = Math.min(
        above + 1,
        (previous[j - 1] as number) + 1,
        diagonal + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      diagonal = above;
    }
  }
  return previous[b.length] as number;
}

/**
 * The candidate nearest to `name` by edit distance, if it is close enough to be a
 * likely typo (at most a third of the name's length): for "did you mean" hints.
 *
 * @example
 * closestName('visibility_timeout', ['visibility_timeout_seconds', 'name']); // 'visibility_timeout_seconds'
 */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    // A missing or extra suffix (`visibility_timeout` for `visibility_timeout_seconds`) counts as close.
    const affix = candidate.startsWith(name) || name.startsWith(candidate);
    const d = affix ? 1 : distance(name, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(2, Math.ceil(name.length / 3)) ? best : undefined;
}
