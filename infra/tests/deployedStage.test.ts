import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { ListTablesCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  IAMClient,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import {
  type FunctionConfiguration,
  GetFunctionConfigurationCommand,
  LambdaClient,
  ListEventSourceMappingsCommand,
  ListFunctionsCommand,
} from '@aws-sdk/client-lambda';
import { GetObjectCommand, ListBucketsCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetScheduleCommand, ListSchedulesCommand } from '@aws-sdk/client-scheduler';
import { ListTopicsCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListQueuesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { resourceNames, STACK_SETTINGS } from '@energy/config';
import {
  createStackClients,
  functionDefinitions,
  LocalLambda,
  type MotoServer,
  mergeSettings,
  parseSnsEnvelope,
  provision,
  ScheduleRunner,
  SqsEventSource,
  type StackClients,
  startMoto,
} from '@energy/local-stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appBuilds } from '../tools/appBuilds.js';
import { checkFunctionContracts } from '../tools/checkFunctionContracts.js';
import {
  checkProviderSchema,
  configuredResources,
  type PlanConfiguration,
} from '../tools/checkProviderSchema.js';
import { type DeployedFunction, deployedFunctions } from '../tools/deployedFunctions.js';
import { describeStack } from '../tools/describeStack.js';
import { loadProviderSchema } from '../tools/providerSchema.js';
import { type EmulatorWorkspace, emulatorWorkspace, terraform } from '../tools/terraform.js';
import { type StateResource, stateResources } from '../tools/terraformState.js';

// The deployed stage on the emulator: terraform apply of infra/ (the real zips) into a private,
// patched moto (tools/python/moto_patched.py lists each gap); a second plan must find nothing
// to change; the contracts between code and infra are checked on what was applied; the local
// stack is provisioned into a second emulator and compared resource by resource; the pipeline
// runs on what Terraform created, each function with its own role's credentials under moto's
// IAM enforcement (S3 and SQS); terraform destroy must leave nothing behind.

const REGION = 'us-east-1';
const PREFIX = 'energy-dev';
const TF_VARS = [
  '-var',
  `aws_region=${REGION}`,
  '-var',
  `prefix=${PREFIX}`,
  '-var',
  'bucket_force_destroy=true',
];
const ADMIN_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
});

let moto: MotoServer;
let workspace: EmulatorWorkspace;
let resources: StateResource[];
let configuration: PlanConfiguration;
let secondPlanExitCode: number;
let functions: DeployedFunction[];
let clients: StackClients;
let accountId: string;

const credentialsOf = (keys: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string }) => ({
  accessKeyId: String(keys.AccessKeyId),
  secretAccessKey: String(keys.SecretAccessKey),
  ...(keys.SessionToken === undefined ? {} : { sessionToken: keys.SessionToken }),
});

const resource = (address: string): StateResource => {
  const found = resources.find((candidate) => candidate.address === address);
  if (found === undefined) throw new Error(`no ${address} in the applied state`);
  return found;
};

beforeAll(async () => {
  moto = await startMoto({ patched: true });
  workspace = await emulatorWorkspace(moto.endpoint, REGION);
  const cwd = workspace.dir;
  await terraform(['init', '-input=false', '-no-color'], { cwd });
  await terraform(['apply', '-auto-approve', '-input=false', '-no-color', ...TF_VARS], { cwd });
  resources = stateResources(JSON.parse((await terraform(['show', '-json'], { cwd })).stdout));
  const plan = await terraform(
    ['plan', '-detailed-exitcode', '-input=false', '-no-color', '-out=second.tfplan', ...TF_VARS],
    { cwd, accept: [0, 2] },
  );
  secondPlanExitCode = plan.code;
  configuration = JSON.parse(
    (await terraform(['show', '-json', 'second.tfplan'], { cwd })).stdout,
  ).configuration;
  functions = deployedFunctions(resources);
  clients = createStackClients(moto.endpoint, REGION);
  accountId = String(resources.find((r) => r.type === 'aws_caller_identity')?.values.account_id);
}, 420_000);

afterAll(async () => {
  clients?.destroy();
  await moto?.stop();
  await workspace?.remove();
});

describe('terraform apply into the emulator', () => {
  it('creates every resource of the stage, and a second plan finds nothing to change', () => {
    // Assess
    expect(resources.filter((r) => r.mode === 'managed').length).toBeGreaterThanOrEqual(46);
    expect(secondPlanExitCode).toBe(0);
  });

  it('stores the schedule input with the placeholder unescaped', async () => {
    // Act
    const schedule = await clients.scheduler.send(
      new GetScheduleCommand({ Name: `${PREFIX}-generator-schedule` }),
    );

    // Assess
    expect(schedule.Target?.Input).toBe(STACK_SETTINGS.generator.scheduleInput);
    expect(schedule.Target?.Input).not.toContain('\\u003c');
  });

  it('saves the bucket notification only after the queue policy (depends_on)', () => {
    // Act
    const notification = configuredResources(configuration).find(
      (r) => r.module === 'module.queue.' && r.type === 'aws_s3_bucket_notification',
    );

    // Assess
    expect(notification?.depends_on).toStrictEqual(['aws_sqs_queue_policy.this']);
    expect(resource('module.queue.aws_s3_bucket_notification.source').values.queue).toMatchObject([
      { events: ['s3:ObjectCreated:*'] },
    ]);
  });
});

describe('Function: checkFunctionContracts (on the applied stage)', () => {
  it('finds every function deploying its app zip with exactly its environment and permissions', async () => {
    // Act
    const findings = await checkFunctionContracts(functions, await appBuilds());

    // Assess
    expect(functions.map((fn) => fn.name).sort()).toStrictEqual(
      (await appBuilds()).map((build) => `${PREFIX}-${build.app}`).sort(),
    );
    expect(findings).toStrictEqual([]);
  });

  it('catches an environment variable the code reads but Terraform omits, and one it never reads', async () => {
    // Prepare
    const api = functions.find((fn) => fn.name === `${PREFIX}-api`) as DeployedFunction;
    const { READINGS_TABLE: _omitted, ...environment } = api.environment;

    // Act
    const findings = await checkFunctionContracts(
      [{ ...api, environment: { ...environment, DEBUG: 'true' } }],
      await appBuilds(),
    );

    // Assess
    expect(findings.map((finding) => finding.message).slice(0, 2)).toStrictEqual([
      'environment lacks READINGS_TABLE, which apps/api reads',
      'environment sets DEBUG, which apps/api never reads',
    ]);
  });

  it('catches a role missing an action the code sends and allowing one it never sends', async () => {
    // Prepare
    const generator = functions.find((fn) => fn.name === `${PREFIX}-generator`) as DeployedFunction;
    const statements = generator.statements.map((statement) => ({
      ...statement,
      actions: statement.actions.map((action) => (action === 's3:PutObject' ? 's3:DeleteObject' : action)),
    }));

    // Act
    const findings = await checkFunctionContracts([{ ...generator, statements }], await appBuilds());

    // Assess
    expect(findings.map((finding) => finding.message).slice(0, 2)).toStrictEqual([
      'role lacks s3:PutObject, needed by apps/generator or the Lambda service',
      'role allows s3:DeleteObject, which no SDK command of apps/generator needs',
    ]);
  });
});

describe('Function: checkProviderSchema (the 6.x half of the provider range)', () => {
  it('finds every argument and block of the stage in the committed 6.x schema', async () => {
    // Act
    const findings = checkProviderSchema(configuration, await loadProviderSchema());

    // Assess
    expect(configuredResources(configuration).length).toBeGreaterThan(40);
    expect(findings).toStrictEqual([]);
  });

  it('catches an argument the 6.x provider does not have', async () => {
    // Prepare
    const broken = structuredClone(configuration);
    const queue = configuredResources(broken).find((r) => r.address === 'aws_sqs_queue.this');
    if (queue?.expressions === undefined) throw new Error('no aws_sqs_queue.this in the configuration');
    queue.expressions.visibility_timeout = { constant_value: 30 };

    // Act
    const findings = checkProviderSchema(broken, await loadProviderSchema());

    // Assess
    expect(findings.map((finding) => finding.message)).toContain(
      'module.queue.aws_sqs_queue.this: visibility_timeout is neither an argument nor a block in the 6.x schema',
    );
  });
});

describe('the local stack (make demo) and the stage (terraform apply)', () => {
  it('provision the same resources with the same attributes, but for a short allow-list', async () => {
    // Prepare
    const local = await startMoto({ patched: true });
    const localClients = createStackClients(local.endpoint, REGION);
    try {
      const names = resourceNames(PREFIX);
      await provision(localClients, names, mergeSettings());
      const schedules = (await clients.scheduler.send(new ListSchedulesCommand({}))).Schedules ?? [];
      const shared = {
        queue: names.queue,
        deadLetterQueue: names.deadLetterQueue,
        readingsTable: names.readingsTable,
        summaryTable: names.summaryTable,
        alertTopic: names.alertTopic,
        schedules: schedules.map((schedule) => String(schedule.Name)).sort(),
        accountId,
      };
      const stageBucket = String(resource('module.storage.aws_s3_bucket.this').values.bucket);

      // Act
      const stage = await describeStack(clients, { ...shared, bucket: stageBucket });
      const localStack = await describeStack(localClients, { ...shared, bucket: names.bucket });

      // Assess
      // The allow-list: what differs on purpose.
      const stageText = JSON.stringify(stage)
        // Bucket names are global on AWS: Terraform appends the account id, the local stack need not.
        .replaceAll(stageBucket, names.bucket);
      const comparable = JSON.parse(stageText) as Record<string, Record<string, unknown>>;
      // The alert topic's policy admits CloudWatch alarms, which the local stack does not have.
      delete comparable.alertTopic?.policy;
      delete (localStack.alertTopic as Record<string, unknown>).policy;
      // Not compared at all: tags (Terraform's default_tags; the emulator's APIs for them
      // differ per service), and the local stack's own alert inbox queue and its subscription.
      expect(JSON.parse(JSON.stringify(localStack))).toStrictEqual(comparable);
    } finally {
      localClients.destroy();
      await local.stop();
    }
  }, 120_000);

  it('deploys each function with the settings and environment of the local stack, but for generated values', async () => {
    // Prepare
    const lambda = new LambdaClient({
      endpoint: moto.endpoint,
      region: REGION,
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    });
    const names = resourceNames(PREFIX);
    const topicArn = String(resource('module.alerts.aws_sns_topic.this').values.arn);
    const stageBucket = String(resource('module.storage.aws_s3_bucket.this').values.bucket);
    const queueUrl = String(resource('module.queue.aws_sqs_queue.this').values.url);
    // The resources a definition reads (the topic, and the ingest queue where the processor sends to it).
    const definitions = functionDefinitions(names, mergeSettings(), { topicArn, queueUrl } as Parameters<
      typeof functionDefinitions
    >[2]);

    // Act
    const deployed = await Promise.all(
      Object.values(definitions).map(async (definition) => {
        const config = await lambda.send(
          new GetFunctionConfigurationCommand({ FunctionName: definition.name }),
        );
        return { definition, config };
      }),
    );

    // Assess
    for (const { definition, config } of deployed) {
      const environment = { ...(config.Environment?.Variables ?? {}) };
      // Generated per deployment: the API's cursor-signing key (kept in the state). The local
      // stack leaves it unset (the API's local default), so only its presence is checked here.
      if (definition.kind === 'api') {
        expect(String(environment.CURSOR_SECRET).length).toBeGreaterThanOrEqual(32);
        delete environment.CURSOR_SECRET;
        // The stage's user pool and client ids are generated; make stack swaps in the emulator
        // pool's settings the same way (cli/localAuth.ts). The mode is what must agree.
        expect(JSON.parse(String(environment.API_AUTH)).mode).toBe('jwt');
        environment.API_AUTH = String(definition.environment.API_AUTH);
      }
      // The stage seeds the generator (retried ticks rewrite the same file); the local stack is random unless --seed.
      if (definition.kind === 'generator') delete environment.SEED;
      expect({
        name: config.FunctionName,
        handler: config.Handler,
        timeout: config.Timeout,
        memory: config.MemorySize,
        environment: JSON.parse(JSON.stringify(environment).replaceAll(stageBucket, names.bucket)),
      }).toStrictEqual({
        name: definition.name,
        handler: definition.handler,
        timeout: definition.timeoutSeconds,
        memory: definition.memoryMb,
        environment: definition.environment,
      });
    }
    lambda.destroy();
  });
});

describe('the pipeline on what Terraform created', () => {
  it('turns an uploaded file into stored readings, a summary and an alert state change, each function with its own role under IAM enforcement', async () => {
    // Prepare: an administrator and each function's role credentials, then IAM enforced.
    const plain = {
      endpoint: moto.endpoint,
      region: REGION,
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    };
    const iam = new IAMClient(plain);
    await iam.send(new CreateUserCommand({ UserName: 'energy-test-admin' }));
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'energy-test-admin',
        PolicyName: 'all',
        PolicyDocument: ADMIN_POLICY,
      }),
    );
    const admin = credentialsOf(
      (await iam.send(new CreateAccessKeyCommand({ UserName: 'energy-test-admin' }))).AccessKey ?? {},
    );
    const sts = new STSClient({ ...plain, credentials: admin });
    const roleCredentials = async (fn: DeployedFunction) => {
      const role = String(
        resource(fn.address.replace('aws_lambda_function.this', 'aws_iam_role.this')).values.arn,
      );
      const assumed = await sts.send(new AssumeRoleCommand({ RoleArn: role, RoleSessionName: fn.name }));
      return credentialsOf(assumed.Credentials ?? {});
    };
    const lambda = new LambdaClient(plain);
    const adminSqs = new SQSClient({ ...plain, credentials: admin });
    const adminS3 = new S3Client({ ...plain, credentials: admin, forcePathStyle: true });
    const topicArn = String(resource('module.alerts.aws_sns_topic.this').values.arn);
    const inboxUrl = String(
      (await adminSqs.send(new CreateQueueCommand({ QueueName: 'energy-test-alert-inbox' }))).QueueUrl,
    );
    const inboxArn = (
      await adminSqs.send(new GetQueueAttributesCommand({ QueueUrl: inboxUrl, AttributeNames: ['QueueArn'] }))
    ).Attributes?.QueueArn;
    await clients.sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: inboxArn }));
    const bucket = String(resource('module.storage.aws_s3_bucket.this').values.bucket);

    // Each function as the Lambda API describes it, its code verified by CodeSha256.
    const hosted = new Map<
      string,
      { fn: LocalLambda; config: FunctionConfiguration; s3: S3Client; sqs: SQSClient }
    >();
    const configs = (await lambda.send(new ListFunctionsCommand({}))).Functions ?? [];
    for (const listed of configs) {
      const config = await lambda.send(
        new GetFunctionConfigurationCommand({ FunctionName: listed.FunctionName }),
      );
      const fn = functions.find((candidate) => candidate.name === config.FunctionName) as DeployedFunction;
      const zip = await readFile(fn.filename);
      expect(config.CodeSha256).toBe(createHash('sha256').update(zip).digest('base64'));
      const credentials = await roleCredentials(fn);
      hosted.set(String(config.FunctionName), {
        config,
        s3: new S3Client({ ...plain, credentials, forcePathStyle: true }),
        sqs: new SQSClient({ ...plain, credentials }),
        fn: await LocalLambda.create({
          name: String(config.FunctionName),
          bundle: fn.filename,
          handler: String(config.Handler),
          environment: {
            ...(config.Environment?.Variables ?? {}),
            AWS_ENDPOINT_URL: moto.endpoint,
            AWS_REGION: REGION,
            AWS_ACCESS_KEY_ID: credentials.accessKeyId,
            AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
            AWS_SESSION_TOKEN: String(credentials.sessionToken),
          },
          timeoutSeconds: Number(config.Timeout),
          memoryMb: Number(config.MemorySize),
          region: REGION,
          accountId,
        }),
      });
    }
    const host = (name: string) =>
      hosted.get(`${PREFIX}-${name}`) ??
      (() => {
        throw new Error(`${name} not hosted`);
      })();
    await fetch(`${moto.endpoint}/moto-api/reset-auth`, { method: 'POST', body: '0' });
    const sources: SqsEventSource[] = [];
    const runners: ScheduleRunner[] = [];
    try {
      // The processor on the event source mapping Terraform made, polling with its own role.
      for (const { fn, config, sqs } of hosted.values()) {
        const mappings =
          (await lambda.send(new ListEventSourceMappingsCommand({ FunctionName: config.FunctionArn })))
            .EventSourceMappings ?? [];
        for (const mapping of mappings) {
          // The Lambda service knows the queue by its ARN; its URL is looked up here, not with the role.
          const queueName = String(mapping.EventSourceArn).split(':').pop();
          const queueUrl = (await adminSqs.send(new GetQueueUrlCommand({ QueueName: queueName }))).QueueUrl;
          sources.push(
            new SqsEventSource({
              sqs,
              queueUrl: String(queueUrl),
              queueArn: String(mapping.EventSourceArn),
              region: REGION,
              target: fn,
              batchSize: Number(mapping.BatchSize),
              maximumBatchingWindowSeconds: Number(mapping.MaximumBatchingWindowInSeconds),
              maximumConcurrency: Number(mapping.ScalingConfig?.MaximumConcurrency),
              reportBatchItemFailures:
                mapping.FunctionResponseTypes?.includes('ReportBatchItemFailures') ?? false,
              waitTimeSeconds: 1,
            }).start(),
          );
        }
      }
      expect(sources).toHaveLength(1);

      // Act: the generator's tick, on the schedule Terraform made, and a file uploaded with a faulty meter.
      const generatorSchedule = await clients.scheduler.send(
        new GetScheduleCommand({ Name: `${PREFIX}-generator-schedule` }),
      );
      const tick = new Promise<unknown>((resolve) => {
        const runner = new ScheduleRunner({
          target: host('generator').fn,
          rateSeconds: 3_600,
          scheduleArn: String(generatorSchedule.Arn),
          region: REGION,
          accountId,
          input: generatorSchedule.Target?.Input,
        });
        runner.once('run', resolve);
        runners.push(runner.start());
      });
      const outcome = (await tick) as { error?: unknown };
      // Ten minutes old: past the alerter's settle time and inside its lookback.
      const reading = {
        site_id: 'iam-site',
        timestamp: `${new Date(Date.now() - 600_000).toISOString().slice(0, 19)}Z`,
        energy_generated_kwh: -1,
        energy_consumed_kwh: 12.5,
      };
      await adminS3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: 'uploads/iam-site.json',
          Body: JSON.stringify([reading]),
        }),
      );

      // Assess: readings stored, the alert published, a summary written.
      expect(outcome.error).toBeUndefined();
      const deadline = Date.now() + 60_000;
      let stored = 0;
      while (Date.now() < deadline) {
        const scan = await clients.dynamodb.send(
          new ScanCommand({ TableName: `${PREFIX}-readings`, Select: 'COUNT' }),
        );
        stored = scan.Count ?? 0;
        if (stored >= STACK_SETTINGS.generator.siteCount + 1) break;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      expect(stored).toBe(STACK_SETTINGS.generator.siteCount + 1);
      // The summarizer and the alerter roll the contributions up and into alert state, each on
      // its own schedule; the processor publishes nothing by default (ALERT_FEED = none).
      for (const schedule of (await clients.scheduler.send(new ListSchedulesCommand({}))).Schedules ?? []) {
        if (schedule.Name === `${PREFIX}-generator-schedule`) continue;
        const detail = await clients.scheduler.send(new GetScheduleCommand({ Name: schedule.Name }));
        const target = [...hosted.values()].find(({ config }) => config.FunctionArn === detail.Target?.Arn);
        if (target !== undefined) await target.fn.invoke(JSON.parse(detail.Target?.Input ?? '{}'));
      }
      const kinds: string[] = [];
      while (Date.now() < deadline && !kinds.includes('alert')) {
        const page = await adminSqs.send(
          new ReceiveMessageCommand({ QueueUrl: inboxUrl, WaitTimeSeconds: 1, MaxNumberOfMessages: 10 }),
        );
        for (const message of (page.Messages ?? []).map((m) => parseSnsEnvelope(m.Body ?? '{}'))) {
          if (message.subject.includes('iam-site')) kinds.push(String(message.attributes.kind?.Value));
        }
      }
      expect(kinds).toStrictEqual(['alert']);
      const summaries = await clients.dynamodb.send(
        new ScanCommand({ TableName: `${PREFIX}-summary`, Select: 'COUNT' }),
      );
      expect(summaries.Count ?? 0).toBeGreaterThan(0);

      // Assess: each role may do what its code needs on S3 and SQS, and nothing else.
      // moto answers a denied JSON-protocol call (SQS) with an XML body, which the SDK cannot
      // parse: the denial is then only in the response's status, 403.
      const denied = async (call: () => Promise<unknown>) =>
        call().then(
          () => 'allowed',
          (
            error: Error & { $metadata?: { httpStatusCode?: number }; $response?: { statusCode?: number } },
          ) =>
            /AccessDenied/.test(`${error.name} ${error.message}`) ||
            (error.$metadata?.httpStatusCode ?? error.$response?.statusCode) === 403
              ? 'denied'
              : `failed: ${error.name} ${error.$metadata?.httpStatusCode ?? error.$response?.statusCode}`,
        );
      const queueUrl = String(resource('module.queue.aws_sqs_queue.this').values.url);
      const generatorKey = `${STACK_SETTINGS.storage.rawPrefix}probe.json`;
      expect({
        generatorWritesRaw: await denied(() =>
          host('generator').s3.send(new PutObjectCommand({ Bucket: bucket, Key: generatorKey, Body: '[]' })),
        ),
        generatorWritesQuarantine: await denied(() =>
          host('generator').s3.send(
            new PutObjectCommand({
              Bucket: bucket,
              Key: `${STACK_SETTINGS.storage.quarantinePrefix}x`,
              Body: '',
            }),
          ),
        ),
        generatorReads: await denied(() =>
          host('generator').s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'uploads/iam-site.json' })),
        ),
        generatorSendsToQueue: await denied(() =>
          host('generator').sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'x' })),
        ),
        processorReads: await denied(() =>
          host('processor').s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'uploads/iam-site.json' })),
        ),
        processorWritesQuarantine: await denied(() =>
          host('processor').s3.send(
            new PutObjectCommand({
              Bucket: bucket,
              Key: `${STACK_SETTINGS.storage.quarantinePrefix}probe`,
              Body: '',
            }),
          ),
        ),
        processorWritesRaw: await denied(() =>
          host('processor').s3.send(
            new PutObjectCommand({ Bucket: bucket, Key: `${STACK_SETTINGS.storage.rawPrefix}x`, Body: '' }),
          ),
        ),
        apiReads: await denied(() =>
          host('api').s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'uploads/iam-site.json' })),
        ),
        apiReceivesFromQueue: await denied(() =>
          host('api').sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 0 })),
        ),
        alerterReads: await denied(() =>
          host('alerter').s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'uploads/iam-site.json' })),
        ),
        alerterSendsToQueue: await denied(() =>
          host('alerter').sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'x' })),
        ),
      }).toStrictEqual({
        generatorWritesRaw: 'allowed',
        generatorWritesQuarantine: 'denied',
        generatorReads: 'denied',
        generatorSendsToQueue: 'denied',
        processorReads: 'allowed',
        processorWritesQuarantine: 'allowed',
        processorWritesRaw: 'denied',
        apiReads: 'denied',
        apiReceivesFromQueue: 'denied',
        alerterReads: 'denied',
        alerterSendsToQueue: 'denied',
      });
    } finally {
      for (const runner of runners) await runner.stop();
      for (const source of sources) await source.stop();
      for (const { fn, s3, sqs } of hosted.values()) {
        await fn.stop();
        s3.destroy();
        sqs.destroy();
      }
      await fetch(`${moto.endpoint}/moto-api/reset-auth`, { method: 'POST', body: 'inf' });
      for (const client of [iam, sts, lambda, adminSqs, adminS3]) client.destroy();
    }
  }, 180_000);
});

describe('terraform destroy', () => {
  it('leaves nothing behind in the emulator', async () => {
    // Act
    await terraform(['destroy', '-auto-approve', '-input=false', '-no-color', ...TF_VARS], {
      cwd: workspace.dir,
    });

    // Assess
    const lambda = new LambdaClient({
      endpoint: moto.endpoint,
      region: REGION,
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    });
    const left = {
      buckets: (await clients.s3.send(new ListBucketsCommand({}))).Buckets ?? [],
      queues: ((await clients.sqs.send(new ListQueuesCommand({}))).QueueUrls ?? []).filter(
        (url) => !url.endsWith('/energy-test-alert-inbox'),
      ),
      tables: (await clients.dynamodb.send(new ListTablesCommand({}))).TableNames ?? [],
      topics: (await clients.sns.send(new ListTopicsCommand({}))).Topics ?? [],
      functions: (await lambda.send(new ListFunctionsCommand({}))).Functions ?? [],
      schedules: (await clients.scheduler.send(new ListSchedulesCommand({}))).Schedules ?? [],
      state: stateResources(JSON.parse((await terraform(['show', '-json'], { cwd: workspace.dir })).stdout)),
    };
    lambda.destroy();
    expect(left).toStrictEqual({
      buckets: [],
      queues: [],
      tables: [],
      topics: [],
      functions: [],
      schedules: [],
      state: [],
    });
  }, 300_000);
});
