import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { AlertMessage } from '@energy/core';

/** Where the alerter's messages go. */
type AlertPublisher = {
  /** Publishes one message; rejects when SNS did not take it. */
  publish: (message: AlertMessage) => Promise<void>;
};

/** The alerts topic over an injected SNS client: String attributes, the subject and a JSON body. */
export class AlertTopic implements AlertPublisher {
  readonly #sns: SNSClient;
  readonly #topicArn: string;

  public constructor(sns: SNSClient, topicArn: string) {
    this.#sns = sns;
    this.#topicArn = topicArn;
  }

  public async publish(message: AlertMessage): Promise<void> {
    await this.#sns.send(
      new PublishCommand({
        TopicArn: this.#topicArn,
        Subject: message.subject,
        Message: message.body,
        MessageAttributes: Object.fromEntries(
          Object.entries(message.attributes).map(([name, value]) => [
            name,
            { DataType: 'String', StringValue: value },
          ]),
        ),
      }),
    );
  }
}
