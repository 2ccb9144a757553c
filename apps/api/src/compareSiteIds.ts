/**
 * Orders site ids naturally: numeric runs compare as numbers, so `site2` comes before `site10`.
 *
 * @example
 * ['site10', 'site2'].sort(compareSiteIds); // ['site2', 'site10']
 */
export function compareSiteIds(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}
