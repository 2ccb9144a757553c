import { expandBlocks } from './expandBlocks.js';
import { resourceLine } from './locate.js';
import type { ModuleInstance } from './moduleInstances.js';
import { repoRelative } from './paths.js';
import { type PlacedBlock, placedAddress, placedBlocks, pointsAt, referencedBlock } from './placedBlocks.js';
import { StaticEvaluator } from './staticEvaluator.js';
import type { Finding } from './types.js';

/** Whether `instance` is `ancestor` or lies below it. */
function within(instance: ModuleInstance | undefined, ancestor: ModuleInstance): boolean {
  for (let current = instance; current !== undefined; current = current.parent)
    if (current === ancestor) return true;
  return false;
}

/** Whether one `depends_on` entry of `from` waits for `target`. */
function waitsFor(entry: string, from: PlacedBlock, target: PlacedBlock): boolean {
  const address = entry.replace(/^\$\{|\}$/g, '').trim();
  const moduleCall = /^module\.([A-Za-z0-9_-]+)$/.exec(address);
  if (moduleCall !== null)
    return within(target.instance, from.instance.children.get(moduleCall[1] as string) ?? from.instance);
  return target.instance === from.instance && address === `${target.block.type}.${target.block.name}`;
}

/**
 * Checks that every S3 bucket notification to an SQS queue `depends_on` the queue
 * policy that lets S3 send to that queue. Without it Terraform may create the
 * notification first, and S3 rejects it: "Unable to validate the following destination
 * configurations". A queue with no such policy at all is reported too.
 *
 * @example
 * await checkNotificationDependsOn(moduleInstances(config)); // [] when every notification waits for its policy
 */
export async function checkNotificationDependsOn(root: ModuleInstance): Promise<Finding[]> {
  const references = new StaticEvaluator({ substituteArguments: false });
  const policies = placedBlocks(root, 'aws_sqs_queue_policy');
  const findings: Finding[] = [];
  for (const notification of placedBlocks(root, 'aws_s3_bucket_notification')) {
    const { instance, block } = notification;
    const line = resourceLine(instance.module.sources.get(block.file) ?? '', block);
    const report = (message: string) =>
      findings.push({
        check: 'notification-depends-on',
        file: repoRelative(block.file),
        ...(line === undefined ? {} : { line }),
        address: placedAddress(notification),
        message,
      });
    const dependsOn = Array.isArray(block.body.depends_on)
      ? block.body.depends_on.filter((entry): entry is string => typeof entry === 'string')
      : [];
    for (const { body, bindings } of await expandBlocks(references, instance, block.body, 'queue')) {
      const queue = referencedBlock(await references.evaluate(instance, body.queue_arn, bindings));
      if (queue === undefined || queue.block.type !== 'aws_sqs_queue') {
        report(
          'queue_arn does not reference an aws_sqs_queue of this configuration, so its policy cannot be checked',
        );
        continue;
      }
      const queuePolicies: PlacedBlock[] = [];
      for (const policy of policies) {
        if (pointsAt(await references.evaluate(policy.instance, policy.block.body.queue_url), queue)) {
          queuePolicies.push(policy);
        }
      }
      if (queuePolicies.length === 0) {
        report(`no aws_sqs_queue_policy lets S3 send to ${placedAddress(queue)}`);
        continue;
      }
      const waited = queuePolicies.some((policy) =>
        dependsOn.some((entry) => waitsFor(entry, notification, policy)),
      );
      if (!waited) {
        report(
          `does not depend_on ${queuePolicies.map(placedAddress).join(' or ')}: S3 validates the destination when the notification is saved and fails unless the queue policy already exists`,
        );
      }
    }
  }
  return findings;
}
