import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatNumber, machineStamp, median, percentile, writeBenchSection } from '../src/index.js';

describe('Function: median', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe('Function: percentile', () => {
  it('uses the nearest rank', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile([7], 99)).toBe(7);
  });
});

describe('Function: formatNumber', () => {
  it('groups thousands and fixes the decimals', () => {
    expect(formatNumber(1234567.891, 2)).toBe('1,234,567.89');
    expect(formatNumber(12.5)).toBe('13');
  });
});

describe('Function: machineStamp', () => {
  it('names cores, memory and Node, and the load only when asked', () => {
    expect(machineStamp()).toMatch(/\d+ cores · [\d.]+ GiB · Node v\d+/);
    expect(machineStamp()).not.toContain('load average');
    expect(machineStamp({ withLoad: true })).toMatch(/load average [\d.]+ at start$/);
  });
});

describe('Function: writeBenchSection', () => {
  it('replaces only its own section and keeps the others byte for byte', () => {
    // Prepare
    const file = join(mkdtempSync(join(tmpdir(), 'bench-kit-')), 'benchmarks.md');
    writeFileSync(
      file,
      '# Benchmarks\n\n<!-- bench:a:start -->\nold a\n<!-- bench:a:end -->\n\n<!-- bench:b:start -->\nb ✓\n<!-- bench:b:end -->\n',
    );

    // Act
    writeBenchSection('a', 'new a', file);
    writeBenchSection('c', 'c', file);

    // Assess
    expect(readFileSync(file, 'utf8')).toBe(
      '# Benchmarks\n\n<!-- bench:a:start -->\nnew a\n<!-- bench:a:end -->\n\n<!-- bench:b:start -->\nb ✓\n<!-- bench:b:end -->\n\n<!-- bench:c:start -->\nc\n<!-- bench:c:end -->\n',
    );
  });
});
