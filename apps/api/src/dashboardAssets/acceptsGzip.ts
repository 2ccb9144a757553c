/**
 * True when an `Accept-Encoding` header allows gzip: `gzip` or `*` listed with a
 * non-zero quality. Absent header: false (send identity, always acceptable).
 *
 * @example
 * acceptsGzip('gzip, deflate, br'); // true
 * acceptsGzip('br;q=1, gzip;q=0'); // false
 */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  let wildcard = false;
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.split(';').map((piece) => piece.trim().toLowerCase());
    const q = params.find((param) => param.startsWith('q='));
    const quality = q === undefined ? 1 : Number(q.slice(2));
    const accepted = Number.isFinite(quality) && quality > 0;
    // An explicit gzip entry wins over the wildcard, whichever order they come in.
    if (name === 'gzip') return accepted;
    if (name === '*') wildcard = accepted;
  }
  return wildcard;
}
