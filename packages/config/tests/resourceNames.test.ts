import { describe, expect, it } from 'vitest';
import { resourceNames, STACK_SETTINGS } from '../src/index.js';

describe('Function: resourceNames', () => {
  it('derives every name from the prefix', () => {
    // Act
    const names = resourceNames('energy-dev');

    // Assess
    expect(Object.values(names).every((name) => name.startsWith('energy-dev-'))).toBe(true);
    expect(new Set(Object.values(names)).size).toBe(Object.keys(names).length);
  });

  it.each(['', 'E', 'Energy', 'energy_dev', 'energy-', `e${'x'.repeat(40)}`])(
    'rejects prefix %j',
    (prefix) => {
      expect(() => resourceNames(prefix)).toThrow(/prefix/);
    },
  );
});

describe('Constant: STACK_SETTINGS', () => {
  it('keeps the visibility timeout at least 6x the processor timeout plus the batching window', () => {
    const { queue, processor } = STACK_SETTINGS;
    expect(queue.visibilityTimeoutSeconds).toBeGreaterThanOrEqual(
      6 * processor.timeoutSeconds + processor.maximumBatchingWindowSeconds,
    );
  });
});
