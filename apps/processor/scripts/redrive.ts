import { parseArgs } from 'node:util';
import { GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import { createSqsClient } from '@energy/aws-clients/sqs';
import { resourceNames } from '@energy/config';
import { redriveDeadLetters } from '../src/redrive/redriveDeadLetters.js';

// `make redrive` runs this: node --import tsx apps/processor/scripts/redrive.ts --prefix energy-local
// The endpoint comes from AWS_ENDPOINT_URL (the emulator) or the SDK's usual resolution (AWS).

const USAGE = `usage: redrive (--prefix <prefix> | --dlq-url <url> --queue-url <url>) [--max <n>] [--timeout <seconds>]

Moves the messages of the ingest dead-letter queue back to the ingest queue and reports how many
moved. --prefix derives both queue names from the deployment prefix (e.g. energy-local).`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      prefix: { type: 'string' },
      'dlq-url': { type: 'string' },
      'queue-url': { type: 'string' },
      max: { type: 'string' },
      timeout: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const sqs = createSqsClient();
  let deadLetterQueueUrl = values['dlq-url'];
  let queueUrl = values['queue-url'];
  if (values.prefix) {
    const names = resourceNames(values.prefix);
    deadLetterQueueUrl ??= (await sqs.send(new GetQueueUrlCommand({ QueueName: names.deadLetterQueue })))
      .QueueUrl;
    queueUrl ??= (await sqs.send(new GetQueueUrlCommand({ QueueName: names.queue }))).QueueUrl;
  }
  if (!deadLetterQueueUrl || !queueUrl) {
    console.error(USAGE);
    return 2;
  }
  const maxMessages = values.max === undefined ? undefined : Number(values.max);
  const timeoutSeconds = values.timeout === undefined ? undefined : Number(values.timeout);
  for (const [flag, value] of [
    ['--max', maxMessages],
    ['--timeout', timeoutSeconds],
  ] as const) {
    if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
      console.error(`${flag} must be a positive integer`);
      return 2;
    }
  }
  const result = await redriveDeadLetters({
    sqs,
    deadLetterQueueUrl,
    queueUrl,
    ...(maxMessages === undefined ? {} : { maxMessages }),
    ...(timeoutSeconds === undefined ? {} : { timeoutMs: timeoutSeconds * 1000 }),
  });
  console.log(
    `redrive: moved ${result.moved} message(s) from ${deadLetterQueueUrl} to ${queueUrl} ` +
      `(${result.method}, ${result.status}${result.failed > 0 ? `, ${result.failed} not moved` : ''})`,
  );
  return result.failed > 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(
      `redrive failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
    );
    process.exitCode = 1;
  },
);
