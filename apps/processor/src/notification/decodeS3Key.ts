/**
 * Decodes an object key as S3 event notifications carry it: form-URL-encoded, so a space
 * arrives as `+` and other characters (a literal `+` included) as %-escapes.
 *
 * @example
 * decodeS3Key('my+file%C3%A9.json'); // 'my fileé.json'
 * @throws URIError when the key holds a malformed %-escape.
 */
export function decodeS3Key(encodedKey: string): string {
  // `+` first: a literal plus arrives as %2B and must survive as `+`.
  return decodeURIComponent(encodedKey.replace(/\+/g, ' '));
}
