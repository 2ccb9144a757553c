import { PayloadFormatError } from './errors.js';
import type { FieldIssue, ParseResult, PayloadFormat, Reading, RecordPosition, Reject } from './types.js';
import { type ValidationOptions, validateReading } from './validateReading.js';

/** Longest source text kept in a reject, so that a quarantine file stays readable. */
const MAX_REJECT_RAW_LENGTH = 1_000;

/** Readings and rejects found in one slice of a payload. */
export type PayloadBatch = {
  /** Valid readings, in file order. */
  readings: Reading[];
  /** Invalid records, in file order. */
  rejects: Reject[];
};

type Mode = 'detect' | 'array' | 'array-closed' | 'ndjson' | 'sequence';

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const NEWLINE = 0x0a;

function isWhitespace(code: number): boolean {
  return code === 0x20 || code === NEWLINE || code === 0x0d || code === 0x09 || code === 0xfeff;
}

/** Index just past the closing quote of the string opening at `start`, or -1 if the text ends first. */
function stringEnd(text: string, start: number): number {
  let quote = text.indexOf('"', start + 1);
  while (quote !== -1) {
    let backslashes = 0;
    for (let i = quote - 1; text.charCodeAt(i) === BACKSLASH; i--) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    quote = text.indexOf('"', quote + 1);
  }
  return -1;
}

/**
 * Index just past the JSON value starting at `start` (an object, array, string or
 * bare primitive), or -1 if the text ends before the value does. Only structure is
 * tracked here; JSON.parse judges the value's syntax afterwards.
 */
function valueEnd(text: string, start: number, atEnd: boolean): number {
  const first = text.charCodeAt(start);
  if (first === QUOTE) return stringEnd(text, start);
  if (first !== OPEN_BRACE && first !== OPEN_BRACKET) {
    // A stray closing bracket or comma where a value should start is a one-character bad
    // record: the scan must always move forward, or a malformed file would loop forever.
    if (first === COMMA || first === CLOSE_BRACKET || first === CLOSE_BRACE) return start + 1;
    let i = start;
    while (i < text.length) {
      const code = text.charCodeAt(i);
      if (code === COMMA || code === CLOSE_BRACKET || code === CLOSE_BRACE || isWhitespace(code)) return i;
      i++;
    }
    return atEnd ? i : -1;
  }
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === QUOTE) {
      const end = stringEnd(text, i);
      if (end === -1) return -1;
      i = end - 1;
    } else if (code === OPEN_BRACE || code === OPEN_BRACKET) depth++;
    else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  let at = text.indexOf('\n', from);
  while (at !== -1 && at < to) {
    count++;
    at = text.indexOf('\n', at + 1);
  }
  return count;
}

function clip(raw: string): string {
  return raw.length > MAX_REJECT_RAW_LENGTH ? `${raw.slice(0, MAX_REJECT_RAW_LENGTH)}…` : raw;
}

function makeReject(position: RecordPosition, issues: FieldIssue[], raw: string): Reject {
  const [first] = issues as [FieldIssue, ...FieldIssue[]];
  return { position, field: first.field, reason: first.reason, issues, raw: clip(raw) };
}

/**
 * Fast path for array elements: the readings of every complete element from
 * `start` up to the buffer's last `}`, decoded by one `JSON.parse` instead of a
 * character scan plus one `JSON.parse` per element (the scan, in JavaScript, cost
 * several times the parse). It succeeds only when that text is a valid list of
 * JSON values that are all valid readings — and then its elements are exactly
 * those the scan would find. Otherwise (a record cut at the buffer's end, a bad
 * record, a `}` inside a string) it returns `undefined` and the caller takes the
 * per-element path, which gives each reject its position and source text.
 */
function readingRun(
  text: string,
  start: number,
  options: ValidationOptions,
): { readings: Reading[]; end: number } | undefined {
  const last = text.lastIndexOf('}');
  if (last <= start) return undefined;
  let values: unknown[];
  try {
    values = JSON.parse(`[${text.slice(start, last + 1)}]`) as unknown[];
  } catch {
    return undefined;
  }
  const readings: Reading[] = [];
  for (const value of values) {
    const result = validateReading(value, options);
    if (!result.ok) return undefined;
    readings.push(result.reading);
  }
  return { readings, end: last + 1 };
}

/**
 * Incremental parser for one file's payload. It detects the shape from the
 * first bytes — a single (pretty-printed) object, a JSON array of readings, or
 * NDJSON — and yields readings and rejects as soon as each record is complete,
 * so a large file can be processed as a stream with memory bounded by the
 * largest record, not the file. One bad record becomes a {@link Reject}; only a
 * payload that is not JSON at all raises {@link PayloadFormatError}.
 *
 * `push(chunk, maxRecords)` completes at most `maxRecords` records and keeps the rest buffered
 * (push `''` to continue), so a caller can cut a file into segments of exactly N records,
 * the same on every read of the same bytes.
 *
 * @example
 * const parser = new PayloadParser();
 * for await (const chunk of body) handle(parser.push(chunk));
 * handle(parser.end());
 */
export class PayloadParser {
  #buffer = '';
  #mode: Mode = 'detect';
  #format: PayloadFormat | undefined;
  /** 1-based line number of the first character of the buffer. */
  #line = 1;
  #index = 0;
  #records = 0;
  #ended = false;
  /** Readings parsed by the fast path beyond a push's `maxRecords`, emitted (and counted) first next time. */
  #ready: Reading[] = [];
  readonly #validation: ValidationOptions;

  /** @param options validation settings (the physical bound per reading). */
  public constructor(options: ValidationOptions = {}) {
    this.#validation = options;
  }

  /** The detected payload shape, once known. */
  public get format(): PayloadFormat | undefined {
    return this.#format;
  }

  /** Number of records (valid or not) seen so far. */
  public get recordCount(): number {
    return this.#records;
  }

  /** Feeds the next chunk of text and returns the records it completed, at most `maxRecords`. */
  public push(chunk: string, maxRecords = Number.POSITIVE_INFINITY): PayloadBatch {
    if (this.#ended) throw new Error('PayloadParser.push called after end()');
    this.#buffer += chunk;
    return this.#drain(false, maxRecords);
  }

  /** Signals the end of the payload and returns the last records. */
  public end(): PayloadBatch {
    this.#ended = true;
    const batch = this.#drain(true, Number.POSITIVE_INFINITY);
    if (this.#mode === 'detect')
      throw new PayloadFormatError('payload is empty: expected a JSON object, array or NDJSON', this.#line);
    if (this.#mode === 'array') {
      batch.rejects.push(
        makeReject(
          { index: this.#index },
          [{ field: '(file)', reason: 'the JSON array is not closed: the file ends early' }],
          '',
        ),
      );
    }
    return batch;
  }

  #drain(atEnd: boolean, maxRecords: number): PayloadBatch {
    const batch: PayloadBatch = { readings: [], rejects: [] };
    const stopAt = this.#records + maxRecords;
    if (this.#ready.length > 0) {
      const take = this.#ready.splice(0, Math.min(this.#ready.length, maxRecords));
      for (const reading of take) batch.readings.push(reading);
      this.#records += take.length;
      if (this.#records >= stopAt) return batch;
    }
    const text = this.#buffer;
    let at = 0;
    // One fast-path attempt per drain: after a miss, retrying at every element would be quadratic.
    let runTried = false;
    let lineAt = 0;
    let line = this.#line;
    const lineOf = (index: number): number => {
      line += countNewlines(text, lineAt, index);
      lineAt = index;
      return line;
    };
    const record = (raw: string, position: RecordPosition): void => {
      this.#records++;
      let value: unknown;
      try {
        value = JSON.parse(raw);
      } catch (error) {
        batch.rejects.push(
          makeReject(
            position,
            [{ field: '(record)', reason: `is not valid JSON: ${(error as Error).message}` }],
            raw,
          ),
        );
        return;
      }
      const result = validateReading(value, this.#validation);
      if (result.ok) batch.readings.push(result.reading);
      else batch.rejects.push(makeReject(position, result.issues, raw));
    };

    for (;;) {
      if (this.#records >= stopAt) break;
      while (at < text.length && isWhitespace(text.charCodeAt(at))) at++;
      if (at >= text.length) break;
      const code = text.charCodeAt(at);

      if (this.#mode === 'detect') {
        // UTF-16 text read as UTF-8 puts a NUL beside every ASCII character: refuse the file
        // whole, or each stray NUL would count as a rejected record.
        if (at + 1 >= text.length && !atEnd) break;
        if (code === 0 || text.charCodeAt(at + 1) === 0) {
          throw new PayloadFormatError(
            'payload is not JSON: NUL characters among the first ones, as in UTF-16 text or binary data; save the file as UTF-8',
            lineOf(at),
          );
        }
        if (code === OPEN_BRACKET) {
          this.#mode = 'array';
          this.#format = 'array';
          at++;
          continue;
        }
        // NDJSON when the first line is a complete JSON value by itself; otherwise one
        // (pretty-printed) object, or several concatenated, read by structure.
        const newline = text.indexOf('\n', at);
        if (newline === -1 && !atEnd) break;
        const firstLine = text.slice(at, newline === -1 ? text.length : newline).trim();
        let firstLineIsJson = false;
        try {
          JSON.parse(firstLine);
          firstLineIsJson = true;
        } catch {
          // Not a whole value on one line: a pretty-printed object, or not JSON at all.
        }
        if (!firstLineIsJson && code !== OPEN_BRACE) {
          throw new PayloadFormatError(
            `payload is not JSON: expected "{" or "[" but found ${JSON.stringify(text.slice(at, at + 20))}`,
            lineOf(at),
          );
        }
        this.#mode = firstLineIsJson && newline !== -1 ? 'ndjson' : 'sequence';
        this.#format = this.#mode === 'ndjson' ? 'ndjson' : 'object';
        continue;
      }

      if (this.#mode === 'ndjson') {
        const newline = text.indexOf('\n', at);
        if (newline === -1 && !atEnd) break;
        const end = newline === -1 ? text.length : newline;
        record(text.slice(at, end).trim(), { line: lineOf(at) });
        at = end;
        continue;
      }

      if (this.#mode === 'array-closed') {
        const newline = text.indexOf('\n', at);
        const end = newline === -1 ? text.length : newline;
        this.#records++;
        batch.rejects.push(
          makeReject(
            { index: this.#index++ },
            [{ field: '(file)', reason: 'unexpected content after the closing "]"' }],
            text.slice(at, end),
          ),
        );
        at = end;
        continue;
      }

      if (this.#mode === 'array') {
        if (code === CLOSE_BRACKET) {
          this.#mode = 'array-closed';
          at++;
          continue;
        }
        if (code === COMMA) {
          at++;
          continue;
        }
        if (!runTried) {
          runTried = true;
          const run = readingRun(text, at, this.#validation);
          if (run) {
            // Beyond this push's limit, the readings wait in #ready: parsed once, emitted in order later.
            const room = stopAt - this.#records;
            const now = run.readings.length > room ? run.readings.slice(0, room) : run.readings;
            if (now !== run.readings) this.#ready = run.readings.slice(room);
            for (const reading of now) batch.readings.push(reading);
            this.#records += now.length;
            this.#index += run.readings.length;
            at = run.end;
            continue;
          }
        }
      }

      // An array element, or a value of a sequence of (pretty-printed) objects.
      const end = valueEnd(text, at, atEnd);
      if (end === -1) {
        if (!atEnd) break;
        const position = this.#mode === 'array' ? { index: this.#index++ } : { line: lineOf(at) };
        if (this.#mode === 'sequence' && this.#records === 0) {
          throw new PayloadFormatError('payload is not JSON: the first object is never closed', lineOf(at));
        }
        this.#records++;
        batch.rejects.push(
          makeReject(
            position,
            [{ field: '(record)', reason: 'is truncated: the file ends inside this record' }],
            text.slice(at),
          ),
        );
        at = text.length;
        // The truncation is the array's only fault: end() must not count "not closed" as a second reject.
        if (this.#mode === 'array') this.#mode = 'array-closed';
        break;
      }
      if (this.#mode === 'array') record(text.slice(at, end), { index: this.#index++ });
      else record(text.slice(at, end), { line: lineOf(at) });
      at = end;
    }

    this.#line = lineOf(at);
    this.#buffer = text.slice(at);
    return batch;
  }
}

/**
 * Parses a whole payload held in memory. Prefer {@link PayloadParser} for large files.
 *
 * @example
 * parsePayload('{"site_id":"site1","timestamp":"2025-02-16T21:30:43Z","energy_generated_kwh":5,"energy_consumed_kwh":2}');
 * // { format: 'object', readings: [ ... ], rejects: [] }
 * @throws {@link PayloadFormatError} when the payload is empty or not JSON at all.
 */
export function parsePayload(text: string, options: ValidationOptions = {}): ParseResult {
  const parser = new PayloadParser(options);
  const head = parser.push(text);
  const tail = parser.end();
  return {
    format: parser.format ?? 'object',
    readings: head.readings.concat(tail.readings),
    rejects: head.rejects.concat(tail.rejects),
  };
}
