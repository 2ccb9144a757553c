import type { ResourceBlock } from './types.js';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * 1-based line of a top-level block header such as `resource "aws_sqs_queue" "this" {`,
 * or undefined when the header is not found verbatim.
 *
 * @example
 * blockLine(source, 'resource', ['aws_sqs_queue', 'this']); // 12
 */
export function blockLine(source: string, keyword: string, labels: readonly string[]): number | undefined {
  const header = new RegExp(
    `^${escapeRegExp(keyword)}${labels.map((label) => `\\s+"${escapeRegExp(label)}"`).join('')}\\s*\\{`,
    'm',
  );
  const match = header.exec(source);
  if (match === null) return undefined;
  return source.slice(0, match.index).split('\n').length;
}

/**
 * 1-based line of the first `name =` argument or `name {` block at or after `fromLine`,
 * or `fromLine` itself when not found.
 */
export function argumentLine(source: string, fromLine: number | undefined, name: string): number | undefined {
  if (fromLine === undefined) return undefined;
  const lines = source.split('\n');
  const pattern = new RegExp(`^\\s*(${escapeRegExp(name)}\\s*(=|\\{)|dynamic\\s+"${escapeRegExp(name)}")`);
  for (let index = fromLine - 1; index < lines.length; index++) {
    if (pattern.test(lines[index] as string)) return index + 1;
  }
  return fromLine;
}

/** Line of a resource or data block's header in its source. */
export function resourceLine(source: string, block: ResourceBlock): number | undefined {
  return blockLine(source, block.mode === 'data' ? 'data' : 'resource', [block.type, block.name]);
}
