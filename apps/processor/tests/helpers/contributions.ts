import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type ContributionHead, objectId } from '@energy/core';
import type { LocalStack } from '@energy/local-stack';

/** The contribution heads (per hour and segment) the processor wrote for one object on one day. */
export async function contributionHeads(
  stack: LocalStack,
  key: string,
  day: string,
): Promise<ContributionHead[]> {
  const object = objectId(stack.names.bucket, key);
  const heads: ContributionHead[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await stack.clients.documentClient.send(
      new QueryCommand({
        TableName: stack.names.summaryTable,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `FLEET#${day}` },
        ExclusiveStartKey: start,
      }),
    );
    heads.push(...((page.Items ?? []) as ContributionHead[]).filter((head) => head.object === object));
    start = page.LastEvaluatedKey;
  } while (start);
  return heads;
}

/** Readings an object contributed to the summary on one day (every hour, every segment). */
export async function contributedCount(stack: LocalStack, key: string, day: string): Promise<number> {
  return (await contributionHeads(stack, key, day)).reduce((sum, head) => sum + head.count, 0);
}
