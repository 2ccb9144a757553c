import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { deterministicZip } from '../src/deterministicZip.js';

describe('Function: deterministicZip', () => {
  it('gives identical bytes for the same files in any insertion order', () => {
    // Prepare
    const a = new TextEncoder().encode('export const handler = 1;');
    const b = new TextEncoder().encode('{}');

    // Act
    const first = deterministicZip({ 'index.mjs': a, 'meta.json': b });
    const second = deterministicZip({ 'meta.json': b, 'index.mjs': a });

    // Assess
    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(true);
    expect(Object.keys(unzipSync(first))).toStrictEqual(['index.mjs', 'meta.json']);
  });

  it('changes when a file changes', () => {
    const one = deterministicZip({ 'index.mjs': new TextEncoder().encode('1') });
    const two = deterministicZip({ 'index.mjs': new TextEncoder().encode('2') });
    expect(Buffer.from(one).equals(Buffer.from(two))).toBe(false);
  });

  it('stores a Unix 0644 mode and a fixed 1980 timestamp', () => {
    const zip = Buffer.from(deterministicZip({ 'index.mjs': new TextEncoder().encode('x') }));
    // Central directory header: signature 0x02014b50; external attributes at offset 38.
    const central = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    expect(zip.readUInt32LE(central + 38) >>> 16).toBe(0o100644);
    // DOS date at offset 14: (year - 1980) << 9 | month << 5 | day = 0x21 for 1980-01-01.
    expect(zip.readUInt16LE(central + 14)).toBe(0x21);
  });
});
