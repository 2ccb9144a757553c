/**
 * Headers of the `/docs` page: a self-contained document (inline CSS, no script, links to
 * itself and `/openapi.json`), so the policy allows exactly that; never framed (clickjacking),
 * never sniffed as another type, and no referrer leaked to the links it holds.
 */
export const DOCS_PAGE_HEADERS = {
  'Content-Security-Policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
} as const;
