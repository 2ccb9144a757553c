/** A value {@link hclLiteral} cannot write as an HCL literal (undefined, a function, NaN, ...). */
export class UnrenderableValueError extends Error {
  public constructor(what: string) {
    super(
      `cannot render ${what} as an HCL literal (strings, finite numbers, booleans, null, lists and maps only)`,
    );
    this.name = 'UnrenderableValueError';
  }
}

// A map key written bare; anything else is quoted (`{ "s3:x" = 1 }`).
const BARE_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

// HCL's string escapes (\b and \f are JSON's, not HCL's: those go as \u).
const ESCAPES: Readonly<Record<string, string>> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

/**
 * `value` as a quoted HCL string, with `$${` and `%%{` so no template is opened (the
 * replacements are functions: in a replacement string, `$$` would mean one `$`).
 */
function hclString(value: string): string {
  const escaped = value.replace(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is escaped.
    /["\\\u0000-\u001f\u007f]/g,
    (char) => ESCAPES[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return `"${escaped.replaceAll('${', () => '$${').replaceAll('%{', () => '%%{')}"`;
}

/**
 * `value` written as a one-line HCL literal, in the form `terraform fmt` leaves alone: a
 * string quoted (templates escaped), a number as JavaScript prints it, `true`/`false`, `null`,
 * a list as `["a", "b"]`, a plain object as a map `{ key = value }`.
 *
 * @throws {UnrenderableValueError} for anything else.
 * @example
 * hclLiteral(['s3:ObjectCreated:*']); // '["s3:ObjectCreated:*"]'
 */
export function hclLiteral(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return hclString(value);
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new UnrenderableValueError(`the number ${value}`);
    return String(value);
  }
  if (Array.isArray(value)) return `[${value.map(hclLiteral).join(', ')}]`;
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const entries = Object.entries(value).map(
      ([key, item]) => `${BARE_KEY.test(key) ? key : hclString(key)} = ${hclLiteral(item)}`,
    );
    return entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`;
  }
  throw new UnrenderableValueError(
    typeof value === 'object' ? 'an object that is not a plain map' : typeof value,
  );
}
