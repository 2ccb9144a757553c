// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are Terraform templates as hcl2json renders them, not JS templates.
import { describe, expect, it } from 'vitest';
import { type ModuleInstance, moduleInstances } from '../tools/moduleInstances.js';
import { JsonEncoded, ResourceReference, StaticEvaluator, UnknownValue } from '../tools/staticEvaluator.js';
import { loadFixture, loadInfra } from './helpers/infra.js';

async function stack(): Promise<ModuleInstance> {
  return (await loadInfra()).root;
}

describe('Class: StaticEvaluator', () => {
  it('follows a module argument up to the root default', async () => {
    // Prepare
    const queue = (await stack()).children.get('queue') as ModuleInstance;

    // Act
    const value = await new StaticEvaluator().evaluate(queue, '${var.visibility_timeout_seconds}');

    // Assess
    expect(value).toBe(190);
  });

  it('evaluates arithmetic, conditionals, templates and for expressions', async () => {
    // Prepare
    const root = await stack();
    const evaluator = new StaticEvaluator();

    // Act
    const results = await Promise.all([
      evaluator.evaluate(
        root,
        '${6 * var.processor_timeout_seconds + var.processor_maximum_batching_window_seconds}',
      ),
      evaluator.evaluate(root, '${var.prefix == "energy-dev" ? "dev" : "other"}'),
      evaluator.evaluate(root, '${var.prefix}-ingest'),
      evaluator.evaluate(root, '${[for n in [1, 2, 3] : n * 2 if n != 2]}'),
      evaluator.evaluate(root, '${max(3, 7, 5)}'),
    ]);

    // Assess
    expect(results).toStrictEqual([185, 'dev', 'energy-dev-ingest', [2, 6], 7]);
  });

  it('keeps ARNs symbolic and says why a value is unknown', async () => {
    // Prepare
    const root = await stack();

    // Act
    const arn = await new StaticEvaluator().evaluate(root, '${module.queue.queue_arn}');
    const unknown = await new StaticEvaluator().evaluate(root, '${regex("a", "b")}');

    // Assess
    expect(arn).toBeInstanceOf(ResourceReference);
    expect((arn as ResourceReference).attribute).toBe('arn');
    expect((arn as ResourceReference).block.type).toBe('aws_sqs_queue');
    expect(unknown).toStrictEqual(new UnknownValue('function regex()'));
  });

  it('keeps jsonencode structured, with multi-line and inline objects', async () => {
    // Prepare
    const root = await stack();

    // Act
    const multiLine = await new StaticEvaluator().evaluate(
      root,
      '${jsonencode({\n  a = 1\n  b = var.prefix\n})}',
    );
    const inline = await new StaticEvaluator().evaluate(root, '${jsonencode({ a = [1, 2], b = "x" })}');

    // Assess
    expect(multiLine).toStrictEqual(new JsonEncoded({ a: 1, b: 'energy-dev' }));
    expect(inline).toStrictEqual(new JsonEncoded({ a: [1, 2], b: 'x' }));
  });

  it('returns the argument written in a resource unless asked to keep references', async () => {
    // Prepare
    const { root } = await loadFixture('short-visibility-timeout');

    // Act
    const substituted = await new StaticEvaluator().evaluate(
      root,
      '${aws_sqs_queue.this.visibility_timeout_seconds}',
    );
    const kept = await new StaticEvaluator({ substituteArguments: false }).evaluate(
      root,
      '${aws_sqs_queue.this.visibility_timeout_seconds}',
    );

    // Assess
    expect(substituted).toBe(60);
    expect(kept).toBeInstanceOf(ResourceReference);
  });

  it('resolves path.module to the module directory', async () => {
    // Prepare
    const config = (await loadInfra()).stack;
    const root = moduleInstances(config);

    // Act
    const path = await new StaticEvaluator().evaluate(root, '${path.module}/x');

    // Assess
    expect(path).toBe(`${config.root.dir}/x`);
  });
});
