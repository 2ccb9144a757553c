/** A version as numeric parts, such as [6, 66, 0]. */
type Version = number[];

function parseVersion(text: string): Version {
  const release = text.trim().replace(/^v/, '').split('-')[0] ?? '';
  return release.split('.').map((part) => Number(part));
}

function compare(a: Version, b: Version): number {
  for (let index = 0; index < Math.max(a.length, b.length); index++) {
    const difference = (a[index] ?? 0) - (b[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/**
 * Whether a version satisfies a Terraform version constraint string: comma-separated
 * `=`, `!=`, `>`, `>=`, `<`, `<=` and `~>` (pessimistic: `~> 6.66` allows 6.66 up to,
 * not including, 7.0; `~> 6.66.0` allows 6.66.x).
 *
 * @example
 * admits('~> 6.66', '6.66.0'); // true
 * admits('>= 5.0, < 6.0', '6.66.0'); // false
 */
export function admits(constraint: string, version: string): boolean {
  const wanted = parseVersion(version);
  return constraint.split(',').every((part) => {
    const match = /^\s*(=|!=|>=|<=|>|<|~>)?\s*([0-9][0-9A-Za-z.-]*)\s*$/.exec(part);
    if (match === null) throw new Error(`unsupported version constraint ${JSON.stringify(part)}`);
    const operator = match[1] ?? '=';
    const bound = parseVersion(match[2] as string);
    const order = compare(wanted, bound);
    switch (operator) {
      case '=':
        return order === 0;
      case '!=':
        return order !== 0;
      case '>':
        return order > 0;
      case '>=':
        return order >= 0;
      case '<':
        return order < 0;
      case '<=':
        return order <= 0;
      default: {
        // ~> x.y → >= x.y, < (x+1); ~> x.y.z → >= x.y.z, < x.(y+1)
        if (order < 0) return false;
        const upper = bound.slice(0, Math.max(1, bound.length - 1));
        upper[upper.length - 1] = (upper[upper.length - 1] ?? 0) + 1;
        return compare(wanted, upper) < 0;
      }
    }
  });
}
