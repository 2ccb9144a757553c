import type { Finding } from './types.js';

/**
 * Findings in reading order (file, then line), so that reports and test expectations
 * do not depend on the order hcl2json lists blocks and arguments in.
 *
 * @example
 * sortFindings(findings)[0]?.line; // the first problem in the first file
 */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0));
}
