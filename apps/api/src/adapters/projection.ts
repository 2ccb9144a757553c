import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';

/**
 * A projection of top-level attributes, every name through a placeholder (several, such as
 * `count`, `state` and `hour`, are reserved words). Merge `names` into the request's
 * `ExpressionAttributeNames`.
 *
 * @example
 * const { names, ProjectionExpression } = projection(['sk', 'count']); // '#a0, #a1'
 */
export function projection(attributes: readonly string[]): Pick<QueryCommandInput, 'ProjectionExpression'> & {
  names: Record<string, string>;
} {
  const names = Object.fromEntries(attributes.map((name, i) => [`#a${i}`, name]));
  return { ProjectionExpression: Object.keys(names).join(', '), names };
}
