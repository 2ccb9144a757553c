import { type DynamoDBClient, GetItemCommand, QueryCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import type { ItemProbe, WireItem } from '@energy/cost-meter';

/** Keeps the expression names and values a key condition still uses (DynamoDB refuses unused ones). */
function usedBy<T>(
  expression: string,
  entries: Record<string, T> | undefined,
): Record<string, T> | undefined {
  if (!entries) return undefined;
  const kept = Object.fromEntries(Object.entries(entries).filter(([token]) => expression.includes(token)));
  return Object.keys(kept).length > 0 ? kept : undefined;
}

/**
 * The cost meter's probe over an un-metered client: reads the whole item behind an update or
 * a projected read, and re-runs a projected or filtered Query/Scan page without projection and
 * filter, because DynamoDB bills the full items it read.
 */
export function dynamoProbe(client: DynamoDBClient): ItemProbe {
  return {
    getItem: async (table, key) =>
      (await client.send(new GetItemCommand({ TableName: table, Key: key, ConsistentRead: true }))).Item as
        | WireItem
        | undefined,
    readAll: async (operation, input) => {
      const condition = String(input.KeyConditionExpression ?? '');
      const common = {
        TableName: input.TableName as string,
        IndexName: input.IndexName as string | undefined,
        Limit: input.Limit as number | undefined,
        ExclusiveStartKey: input.ExclusiveStartKey as WireItem | undefined,
        ConsistentRead: input.ConsistentRead as boolean | undefined,
      };
      const names = usedBy(condition, input.ExpressionAttributeNames as Record<string, string> | undefined);
      const values = usedBy(condition, input.ExpressionAttributeValues as WireItem | undefined);
      const page =
        operation === 'Query'
          ? await client.send(
              new QueryCommand({
                ...common,
                KeyConditionExpression: condition,
                ScanIndexForward: input.ScanIndexForward as boolean | undefined,
                ...(names ? { ExpressionAttributeNames: names } : {}),
                ...(values ? { ExpressionAttributeValues: values } : {}),
              }),
            )
          : await client.send(new ScanCommand(common));
      return (page.Items ?? []) as WireItem[];
    },
  };
}
