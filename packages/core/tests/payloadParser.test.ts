import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PayloadFormatError, PayloadParser, parsePayload } from '../src/index.js';
import { originalReading, readingArb } from './helpers/arbitraries.js';

const good = (site: string) => originalReading({ site_id: site });

/** Feeds the text in the given chunk sizes and collects everything. */
function parseInChunks(text: string, cuts: number[]) {
  const parser = new PayloadParser();
  const readings = [];
  const rejects = [];
  let at = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    const batch = parser.push(text.slice(at, cut));
    readings.push(...batch.readings);
    rejects.push(...batch.rejects);
    at = cut;
  }
  const batch = parser.push(text.slice(at));
  readings.push(...batch.readings);
  rejects.push(...batch.rejects);
  const tail = parser.end();
  readings.push(...tail.readings);
  rejects.push(...tail.rejects);
  return { format: parser.format, readings, rejects };
}

describe('Function: parsePayload', () => {
  it('reads the original one-reading pretty-printed file unchanged', () => {
    // Prepare
    const text = JSON.stringify(originalReading(), null, 4);

    // Act
    const result = parsePayload(text);

    // Assess
    expect(result.format).toBe('object');
    expect(result.rejects).toStrictEqual([]);
    expect(result.readings).toStrictEqual([
      {
        site_id: 'site1',
        timestamp: '2025-02-16T21:30:43.000Z',
        energy_generated_kwh: 52.1234,
        energy_consumed_kwh: 17.5,
      },
    ]);
  });

  it('reads a one-line single object', () => {
    const result = parsePayload(JSON.stringify(originalReading()));
    expect(result.format).toBe('object');
    expect(result.readings).toHaveLength(1);
  });

  it('reads an array, pretty-printed or not', () => {
    const records = [good('a'), good('b'), good('c')];
    expect(parsePayload(JSON.stringify(records)).readings.map((r) => r.site_id)).toStrictEqual([
      'a',
      'b',
      'c',
    ]);
    const pretty = parsePayload(JSON.stringify(records, null, 2));
    expect(pretty.format).toBe('array');
    expect(pretty.readings).toHaveLength(3);
  });

  it('reads NDJSON, skipping blank lines and CRLF endings', () => {
    const text = `${JSON.stringify(good('a'))}\r\n\r\n${JSON.stringify(good('b'))}\n`;
    const result = parsePayload(text);
    expect(result.format).toBe('ndjson');
    expect(result.readings.map((r) => r.site_id)).toStrictEqual(['a', 'b']);
  });

  it('keeps the good records of an array and rejects the bad ones by index', () => {
    // Prepare
    const text = JSON.stringify([good('a'), { ...good('b'), energy_generated_kwh: 'lots' }, 7, good('d')]);

    // Act
    const result = parsePayload(text);

    // Assess
    expect(result.readings.map((r) => r.site_id)).toStrictEqual(['a', 'd']);
    expect(result.rejects.map((r) => [r.position, r.field])).toStrictEqual([
      [{ index: 1 }, 'energy_generated_kwh'],
      [{ index: 2 }, '(record)'],
    ]);
    expect(result.rejects[0]?.reason).toBe('must be a number, got a string "lots"');
    expect(result.rejects[0]?.raw).toContain('"lots"');
  });

  it('rejects bad NDJSON lines by line number, syntax errors included', () => {
    const text = [
      JSON.stringify(good('a')),
      '{"site_id": "b", oops}',
      '',
      JSON.stringify({ ...good('c'), site_id: '' }),
    ].join('\n');
    const result = parsePayload(text);
    expect(result.readings.map((r) => r.site_id)).toStrictEqual(['a']);
    expect(result.rejects.map((r) => [r.position, r.field])).toStrictEqual([
      [{ line: 2 }, '(record)'],
      [{ line: 4 }, 'site_id'],
    ]);
    expect(result.rejects[0]?.reason).toMatch(/^is not valid JSON/);
  });

  it('is not fooled by brackets, braces and escaped quotes inside strings', () => {
    const tricky = { ...good('a'), note: 'a } ] [ { \\" tricky \\\\' };
    const text = JSON.stringify([tricky, good('b')]);
    expect(parsePayload(text).readings.map((r) => r.site_id)).toStrictEqual(['a', 'b']);
  });

  it.each([
    ['[{"a":1}}]', 'array'],
    ['[1,}]', 'array'],
    ['[}', 'array'],
    ['{\n"a":1}\n,{"b":2}', 'object'],
    ['{"site_id":"a"}\n]\n}', 'ndjson'],
  ])('turns stray closing brackets and commas into rejects instead of hanging: %j', (text, format) => {
    // Act
    const result = parsePayload(text);

    // Assess: it returned, and every stray character is accounted for as a reject.
    expect(result.format).toBe(format);
    expect(result.rejects.length).toBeGreaterThan(0);
  });

  it('accepts a byte-order mark', () => {
    expect(parsePayload(`\uFEFF${JSON.stringify([good('a')])}`).readings).toHaveLength(1);
  });

  it('reports a truncated array as one reject, without losing the complete records', () => {
    const text = JSON.stringify([good('a'), good('b')]).slice(0, -20);
    const result = parsePayload(text);
    expect(result.readings.map((r) => r.site_id)).toStrictEqual(['a']);
    expect(result.rejects.map((r) => r.reason)).toStrictEqual([
      'is truncated: the file ends inside this record',
    ]);
  });

  it('still reports an array that ends between records as not closed', () => {
    const text = `${JSON.stringify([good('a'), good('b')]).slice(0, -1)},`;
    const result = parsePayload(text);
    expect(result.readings).toHaveLength(2);
    expect(result.rejects.map((r) => r.reason)).toStrictEqual([
      'the JSON array is not closed: the file ends early',
    ]);
  });

  it.each([
    ['an array', JSON.stringify([good('a')], null, 2)],
    ['one object', JSON.stringify(good('a'), null, 2)],
    ['NDJSON', `${JSON.stringify(good('a'))}\n${JSON.stringify(good('b'))}\n`],
  ])('refuses UTF-16LE text (%s) whole instead of counting a reject per NUL', (_name, text) => {
    // Prepare: UTF-16LE bytes decoded as UTF-8 (valid UTF-8: every other character is NUL).
    const asUtf8 = new TextDecoder('utf-8').decode(Buffer.from(text, 'utf16le'));

    // Act / Assess
    expect(() => parsePayload(asUtf8)).toThrow(/UTF-16/);
  });

  it('hands out a fast-path run in pieces of at most maxRecords, in file order', () => {
    // Prepare: one chunk of 2,500 valid records (the fast path parses it in one go).
    const records = Array.from({ length: 2_500 }, (_, i) => good(`s${i}`));
    const text = JSON.stringify(records);
    const parser = new PayloadParser();

    // Act
    const first = parser.push(text, 1_000);
    const second = parser.push('', 1_000);
    const third = parser.push('', 1_000);
    const tail = parser.end();

    // Assess
    expect([first, second, third].map((batch) => batch.readings.length)).toStrictEqual([1_000, 1_000, 500]);
    expect(tail.readings).toStrictEqual([]);
    expect(parser.recordCount).toBe(2_500);
    expect([...first.readings, ...second.readings, ...third.readings]).toStrictEqual(
      parsePayload(text).readings,
    );
  });

  it('cuts a stream into segments of exactly N records, whatever the chunking', () => {
    // Prepare: 23 records, two of them bad, cut into 7-record segments.
    const records = Array.from({ length: 23 }, (_, i) =>
      i === 4 || i === 15 ? { site_id: 'bad#id' } : good(`s${i}`),
    );
    const text = JSON.stringify(records);
    const segmentsOf = (chunk: number) => {
      const parser = new PayloadParser();
      const segments: { readings: string[]; rejects: number }[] = [{ readings: [], rejects: 0 }];
      const take = (batch: { readings: { site_id: string }[]; rejects: unknown[] }) => {
        const current = segments.at(-1) as { readings: string[]; rejects: number };
        current.readings.push(...batch.readings.map((r) => r.site_id));
        current.rejects += batch.rejects.length;
      };
      const room = () =>
        7 - (parser.recordCount % 7 === 0 && parser.recordCount > 0 ? 7 : parser.recordCount % 7);
      for (let at = 0; at < text.length; at += chunk) {
        let piece = text.slice(at, at + chunk);
        for (;;) {
          const before = parser.recordCount;
          const limit = room() === 0 ? 7 : room();
          if (room() === 0) segments.push({ readings: [], rejects: 0 });
          take(parser.push(piece, limit));
          piece = '';
          if (parser.recordCount - before < limit) break;
        }
      }
      take(parser.end());
      return segments.filter((segment) => segment.readings.length + segment.rejects > 0);
    };

    // Act
    const small = segmentsOf(13);
    const large = segmentsOf(10_000);

    // Assess: the same segments, 7 records each (the last holds the rest).
    expect(small).toStrictEqual(large);
    expect(large.map((segment) => segment.readings.length + segment.rejects)).toStrictEqual([7, 7, 7, 2]);
    expect(large[0]?.readings).toStrictEqual(['s0', 's1', 's2', 's3', 's5', 's6']);
  });

  it('rejects content after the closing bracket', () => {
    const result = parsePayload(`${JSON.stringify([good('a')])}\ntrailing`);
    expect(result.readings).toHaveLength(1);
    expect(result.rejects[0]?.reason).toBe('unexpected content after the closing "]"');
  });

  it.each([
    ['', /empty/],
    ['   \n ', /empty/],
    ['site_id,timestamp\nsite1,2025', /not JSON: expected "\{" or "\["/],
    ['{ "site_id": "a",\n  "timestamp": ', /never closed/],
    ['\u0000\u0001binary', /not JSON/],
  ])('raises one clear error for a payload that is not JSON: %j', (text, message) => {
    expect(() => parsePayload(text)).toThrow(PayloadFormatError);
    expect(() => parsePayload(text)).toThrow(message);
  });

  it('gives the line of the error', () => {
    try {
      parsePayload('\n\nhello');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(PayloadFormatError);
      expect((error as PayloadFormatError).line).toBe(3);
    }
  });

  it('clips the raw text of a huge bad record', () => {
    const huge = { ...good('a'), site_id: 'x'.repeat(5000) };
    const result = parsePayload(JSON.stringify([huge]));
    expect(result.rejects[0]?.raw.length).toBeLessThanOrEqual(1001);
  });
});

describe('Class: PayloadParser', () => {
  const payloadArb = fc
    .tuple(
      fc.array(
        fc.oneof(
          readingArb.map((r) => r as unknown),
          fc.constant({ site_id: 7 }),
          fc.constant('junk'),
        ),
        {
          minLength: 1,
          maxLength: 15,
        },
      ),
      fc.constantFrom('array', 'array-pretty', 'ndjson'),
    )
    .map(([records, shape]) => {
      if (shape === 'ndjson') return records.map((r) => JSON.stringify(r)).join('\n');
      return JSON.stringify(records, null, shape === 'array-pretty' ? 2 : undefined);
    });

  it('gives the same result whatever the chunk boundaries', () => {
    fc.assert(
      fc.property(
        payloadArb.chain((text) =>
          fc.tuple(fc.constant(text), fc.array(fc.integer({ min: 0, max: text.length }), { maxLength: 12 })),
        ),
        ([text, cuts]) => {
          const whole = parsePayload(text);
          const chunked = parseInChunks(text, cuts);
          expect(chunked.format).toBe(whole.format);
          expect(chunked.readings).toStrictEqual(whole.readings);
          expect(chunked.rejects).toStrictEqual(whole.rejects);
        },
      ),
    );
  });

  it('accounts for every record: readings + rejects = records written', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            readingArb.map((r) => r as unknown),
            fc.constant(null),
          ),
          { minLength: 1, maxLength: 30 },
        ),
        (records) => {
          const result = parsePayload(JSON.stringify(records));
          expect(result.readings.length + result.rejects.length).toBe(records.length);
        },
      ),
    );
  });

  it('yields records before the payload ends, so memory stays bounded by the record size', () => {
    // Prepare
    const parser = new PayloadParser();
    const line = `${JSON.stringify(good('a'))}\n`;

    // Act
    parser.push(line);
    const second = parser.push(line.repeat(3));

    // Assess
    expect(second.readings.length).toBeGreaterThanOrEqual(3);
    expect(parser.recordCount).toBe(4);
  });

  it('always terminates on arbitrary JSON-like text, with a result or one PayloadFormatError', () => {
    const junkArb = fc.string({ unit: fc.constantFrom(...'{}[],:"\\\n ab1-.'), maxLength: 60 });
    fc.assert(
      fc.property(junkArb, fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 4 }), (text, cuts) => {
        try {
          const result = parseInChunks(
            text,
            cuts.filter((cut) => cut <= text.length),
          );
          expect(result.readings.length + result.rejects.length).toBeGreaterThanOrEqual(0);
        } catch (error) {
          expect(error).toBeInstanceOf(PayloadFormatError);
        }
      }),
      { numRuns: 2_000 },
    );
  });

  it('refuses input after end()', () => {
    const parser = new PayloadParser();
    parser.push('[]');
    parser.end();
    expect(() => parser.push('[]')).toThrow(/after end/);
  });
});
