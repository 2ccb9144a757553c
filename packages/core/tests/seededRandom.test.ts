import { describe, expect, it } from 'vitest';
import { hashSeed, mulberry32 } from '../src/index.js';

describe('Function: mulberry32', () => {
  it('gives the same sequence for the same seed, in [0, 1)', () => {
    // Act
    const a = Array.from({ length: 1000 }, mulberry32(hashSeed('seed')));
    const b = Array.from({ length: 1000 }, mulberry32(hashSeed('seed')));

    // Assess
    expect(a).toStrictEqual(b);
    expect(a.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(new Set(a).size).toBe(1000);
  });

  it('differs between seeds and spreads evenly enough for a simulation', () => {
    const values = Array.from({ length: 10_000 }, mulberry32(hashSeed('other')));
    const mean = values.reduce((sum, x) => sum + x, 0) / values.length;
    expect(values[0]).not.toBe(mulberry32(hashSeed('seed'))());
    expect(mean).toBeGreaterThan(0.48);
    expect(mean).toBeLessThan(0.52);
  });
});

describe('Function: hashSeed', () => {
  it('is the 32-bit FNV-1a hash', () => {
    // Published FNV-1a test vectors.
    expect(hashSeed('')).toBe(0x811c9dc5);
    expect(hashSeed('a')).toBe(0xe40c292c);
    expect(hashSeed('foobar')).toBe(0xbf9cf968);
  });
});
