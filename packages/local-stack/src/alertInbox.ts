import { DeleteMessageBatchCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';

/**
 * One message of the alert topic as an SQS queue subscribed with raw delivery off receives it
 * (the local stack's alert inbox): the SNS envelope's subject, its JSON message and its
 * message attributes.
 */
export type InboxMessage = {
  /** SNS subject ('' when the publish set none). */
  subject: string;
  /** The published message, parsed as JSON. */
  body: Record<string, unknown>;
  /** Message attributes by name, as SNS delivers them (`Type` String or String.Array). */
  attributes: Record<string, { Type: string; Value: string }>;
};

/**
 * Reads one SNS envelope (an SQS message body, raw delivery off).
 *
 * @example
 * parseSnsEnvelope(message.Body ?? '{}').attributes.kind?.Value; // 'alert'
 * @throws SyntaxError when the body or the message it carries is not JSON.
 */
export function parseSnsEnvelope(body: string): InboxMessage {
  const envelope = JSON.parse(body) as {
    Subject?: string;
    Message?: string;
    MessageAttributes?: InboxMessage['attributes'];
  };
  return {
    subject: envelope.Subject ?? '',
    body: JSON.parse(envelope.Message ?? '{}') as Record<string, unknown>,
    attributes: envelope.MessageAttributes ?? {},
  };
}

/**
 * Receives and deletes every message waiting on an inbox queue, until a receive comes back
 * empty (each receive long-polls `waitTimeSeconds`, default 1), and returns them parsed.
 *
 * @example
 * const messages = await drainAlertInbox(stack.clients.sqs, stack.alertInboxUrl);
 */
export async function drainAlertInbox(
  sqs: SQSClient,
  queueUrl: string,
  options: { waitTimeSeconds?: number } = {},
): Promise<InboxMessage[]> {
  const received: InboxMessage[] = [];
  for (;;) {
    const page = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: options.waitTimeSeconds ?? 1,
      }),
    );
    if (!page.Messages?.length) return received;
    await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: page.Messages.map((message, index) => ({
          Id: String(index),
          ReceiptHandle: message.ReceiptHandle ?? '',
        })),
      }),
    );
    for (const message of page.Messages) received.push(parseSnsEnvelope(message.Body ?? '{}'));
  }
}
