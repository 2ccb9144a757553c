import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFunctionContracts, expectedActions } from '../tools/checkFunctionContracts.js';
import { checkStackSettings } from '../tools/checkStackSettings.js';
import { checkVisibilityTimeout } from '../tools/checkVisibilityTimeout.js';
import { type DeployedFunction, deployedFunctions } from '../tools/deployedFunctions.js';
import { loadConfiguration } from '../tools/loadConfiguration.js';
import { moduleInstances } from '../tools/moduleInstances.js';
import { FIXTURES_DIR, INFRA_DIR } from '../tools/paths.js';
import { sdkCommands } from '../tools/sdkCommands.js';
import { loadInfra } from './helpers/infra.js';

async function functionOf(app: string): Promise<DeployedFunction> {
  const { functions } = await loadInfra();
  const fn = functions.find((candidate) =>
    String(candidate.filename).endsWith(`/apps/${app}/dist/${app}.zip`),
  );
  if (fn === undefined) throw new Error(`no function deploys apps/${app}`);
  return fn;
}

/** The stack with one root variable default replaced, as a user's override would. */
async function stackWithDefault(variable: string, value: number) {
  const config = await loadConfiguration(INFRA_DIR);
  const declared = config.root.variables.get(variable);
  if (declared === undefined) throw new Error(`infra/ has no variable ${variable}`);
  config.root.variables.set(variable, { ...declared, default: value });
  return moduleInstances(config);
}

describe('Function: checkFunctionContracts', () => {
  it('finds every function of infra/ deploying its app zip with exactly its environment and permissions', async () => {
    // Prepare
    const { functions, builds } = await loadInfra();

    // Act
    const findings = await checkFunctionContracts(functions, builds);

    // Assess
    expect(functions.map((fn) => fn.address).sort()).toStrictEqual([
      'module.api.aws_lambda_function.this',
      'module.generator.aws_lambda_function.this',
      'module.processor.aws_lambda_function.this',
    ]);
    expect(findings).toStrictEqual([]);
  });

  it('catches an environment variable the code reads but Terraform omits, and one it never reads', async () => {
    // Prepare
    const { builds } = await loadInfra();
    const api = await functionOf('api');
    const { CURSOR_SECRET: _omitted, ...environment } = api.environment as Record<string, string>;

    // Act
    const findings = await checkFunctionContracts(
      [{ ...api, environment: { ...environment, DEBUG: 'true' } }],
      builds,
    );

    // Assess
    expect(findings.map((finding) => finding.message)).toStrictEqual([
      'environment lacks CURSOR_SECRET, which apps/api reads',
      'environment sets DEBUG, which apps/api never reads',
      'apps/generator is deployed by 0 aws_lambda_function blocks, expected exactly 1',
      'apps/processor is deployed by 0 aws_lambda_function blocks, expected exactly 1',
    ]);
  });

  it('catches a role missing an action the code sends and allowing one it never sends', async () => {
    // Prepare
    const { builds } = await loadInfra();
    const generator = await functionOf('generator');
    const statements = generator.statements.map((statement) => ({
      ...statement,
      actions: statement.actions.map((action) => (action === 's3:PutObject' ? 's3:DeleteObject' : action)),
    }));

    // Act
    const findings = await checkFunctionContracts([{ ...generator, statements }], builds);

    // Assess
    expect(findings.map((finding) => finding.message).slice(0, 2)).toStrictEqual([
      'role lacks s3:PutObject, needed by apps/generator or the Lambda service',
      'role allows s3:DeleteObject, which no SDK command of apps/generator needs',
    ]);
  });

  it('catches a zip that is not the build output of an app', async () => {
    // Prepare
    const { builds } = await loadInfra();
    const processor = await functionOf('processor');

    // Act
    const findings = await checkFunctionContracts(
      [{ ...processor, filename: `${INFRA_DIR}/processor.zip` }],
      builds,
    );

    // Assess
    expect(findings[0]?.message).toMatch(/^filename infra\/processor\.zip is not the build output of an app/);
  });
});

describe('Function: sdkCommands', () => {
  it('collects the commands reachable from the handler, not type imports or unreachable files', async () => {
    // Act
    const uses = await sdkCommands(join(FIXTURES_DIR, 'sdk-app', 'src', 'handler.ts'));

    // Assess
    expect(uses.map(({ sdkPackage, command }) => `${sdkPackage}#${command}`)).toStrictEqual([
      '@aws-sdk/client-s3#GetObjectCommand',
      '@aws-sdk/lib-dynamodb#PutCommand',
      '@aws-sdk/lib-dynamodb#TransactWriteCommand',
    ]);
  });
});

describe('Function: expectedActions', () => {
  it('maps commands to actions, transactions to the actions of their item kinds, and adds the runtime needs', async () => {
    // Prepare
    const handler = join(FIXTURES_DIR, 'sdk-app', 'src', 'handler.ts');
    const build = {
      app: 'sdk-app',
      dir: join(FIXTURES_DIR, 'sdk-app'),
      bundleName: 'sdk-app',
      zipPath: '',
      entry: handler,
    };
    const fn = { tracingMode: 'Active', sqsEventSource: true } as DeployedFunction;

    // Act
    const { required, supporting, unmapped } = await expectedActions(fn, build);

    // Assess
    expect([...required].sort()).toStrictEqual([
      'dynamodb:ConditionCheckItem',
      'dynamodb:PutItem',
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      's3:GetObject',
      'sqs:DeleteMessage',
      'sqs:GetQueueAttributes',
      'sqs:ReceiveMessage',
      'xray:PutTelemetryRecords',
      'xray:PutTraceSegments',
    ]);
    expect([...supporting]).toStrictEqual(['s3:ListBucket']);
    expect(unmapped).toStrictEqual([]);
  });
});

describe('Function: checkStackSettings', () => {
  it('finds queue, event source, function, schedule, notification, table and name settings equal to packages/config and packages/core', async () => {
    // Prepare
    const { root, functions, builds } = await loadInfra();

    // Act
    const findings = await checkStackSettings(root, functions, builds);

    // Assess
    expect(findings).toStrictEqual([]);
  });

  it('catches a Terraform default that drifted from STACK_SETTINGS', async () => {
    // Prepare
    const { builds } = await loadInfra();
    const root = await stackWithDefault('queue_max_receive_count', 5);

    // Act
    const findings = await checkStackSettings(root, await deployedFunctions(root), builds);

    // Assess
    expect(findings.map(({ address, message }) => ({ address, message }))).toStrictEqual([
      {
        address: 'module.queue.aws_sqs_queue.this',
        message: 'redrive maxReceiveCount is 5, packages/config or packages/core says 3',
      },
    ]);
  });
});

describe('Function: checkVisibilityTimeout (on the stack)', () => {
  it('catches a processor timeout raised without raising the queue visibility timeout', async () => {
    // Prepare
    const root = await stackWithDefault('processor_timeout_seconds', 60);

    // Act
    const findings = await checkVisibilityTimeout(root);

    // Assess
    expect(findings.map((finding) => finding.message)).toStrictEqual([
      'module.queue.aws_sqs_queue.this visibility timeout 190 s is below 6 × module.processor.aws_lambda_function.this timeout 60 s + batching window 5 s = 365 s',
    ]);
  });
});
