import { randomBytes } from 'node:crypto';
import { type ResourceNames, resourceNames } from '@energy/config';
import { createStackClients, emulatorEnv, type StackClients } from './clients.js';
import { LOCAL_STACK_DEFAULTS } from './constants.js';
import { type MotoServer, startMoto, waitUntilHealthy } from './moto.js';
import { type ProvisionedResources, provision } from './provision.js';
import { mergeSettings, type StackSettings, type StackSettingsOverrides } from './settings.js';

/** Options of {@link startLocalStack}. */
export type LocalStackOptions = {
  /**
   * Resource prefix. Default `energy-local` on an emulator of its own; on a shared
   * `AWS_ENDPOINT_URL` a random `energy-t<hex>` one, so parallel suites don't collide.
   */
  prefix?: string;
  /** Overrides of the shared settings, e.g. `{ queue: { visibilityTimeoutSeconds: 2 } }`. */
  settings?: StackSettingsOverrides;
  /** Region. Default `us-east-1`. */
  region?: string;
  /**
   * Emulator endpoint to use instead of starting one. Default `process.env.AWS_ENDPOINT_URL`;
   * pass `null` to always start a private emulator.
   */
  endpoint?: string | null;
  /** Emulator port when one is started; default 0, a free port. */
  port?: number;
  /** Emulator log file when one is started; a temp file by default. */
  logFile?: string;
};

/** A provisioned stack, from {@link startLocalStack}. */
export type LocalStack = {
  /** Emulator endpoint, `http://127.0.0.1:<port>`. */
  endpoint: string;
  /** Region of every resource. */
  region: string;
  /** Resource prefix. */
  prefix: string;
  /** Every resource name. */
  names: ResourceNames;
  /** Settings in force (shared settings with the overrides). */
  settings: StackSettings;
  /** Identifiers (URLs, ARNs) of every resource. */
  resources: ProvisionedResources;
  /** Ingest queue URL. */
  queueUrl: string;
  /** Dead-letter queue URL. */
  deadLetterQueueUrl: string;
  /** URL of the queue subscribed to the alert topic (SNS envelopes, with message attributes). */
  alertInboxUrl: string;
  /** Alert topic ARN. */
  topicArn: string;
  /** SDK clients bound to the emulator. */
  clients: StackClients;
  /** The emulator started for this stack; undefined when an existing endpoint is used. */
  moto: MotoServer | undefined;
  /** Emulator log file, when one was started. */
  logFile: string | undefined;
  /** `AWS_ENDPOINT_URL`, `AWS_REGION`, `AWS_DEFAULT_REGION` and dummy credentials for the emulator. */
  env: () => Record<string, string>;
  /** Closes the clients and stops the emulator if this stack started it. */
  stop: () => Promise<void>;
};

/**
 * Starts a private moto on a free port (or uses `AWS_ENDPOINT_URL` when set) and
 * provisions every resource as Terraform does. For integration tests: one per test file.
 *
 * @example
 * let stack: LocalStack;
 * beforeAll(async () => {
 *   stack = await startLocalStack({ settings: { queue: { visibilityTimeoutSeconds: 2 } } });
 * });
 * afterAll(() => stack?.stop());
 */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const region = options.region ?? LOCAL_STACK_DEFAULTS.region;
  const external = options.endpoint === null ? undefined : (options.endpoint ?? process.env.AWS_ENDPOINT_URL);
  const prefix =
    options.prefix ?? (external ? `energy-t${randomBytes(4).toString('hex')}` : LOCAL_STACK_DEFAULTS.prefix);
  const names = resourceNames(prefix);
  const settings = mergeSettings(options.settings);

  let moto: MotoServer | undefined;
  let endpoint: string;
  if (external) {
    endpoint = external.replace(/\/+$/, '');
    await waitUntilHealthy(endpoint, LOCAL_STACK_DEFAULTS.startTimeoutMs);
  } else {
    moto = await startMoto({
      ...(options.port === undefined ? {} : { port: options.port }),
      ...(options.logFile === undefined ? {} : { logFile: options.logFile }),
    });
    endpoint = moto.endpoint;
  }
  const clients = createStackClients(endpoint, region);
  try {
    const { resources } = await provision(clients, names, settings);
    let stopped = false;
    return {
      endpoint,
      region,
      prefix,
      names,
      settings,
      resources,
      queueUrl: resources.queueUrl,
      deadLetterQueueUrl: resources.deadLetterQueueUrl,
      alertInboxUrl: resources.alertInboxUrl,
      topicArn: resources.topicArn,
      clients,
      moto,
      logFile: moto?.logFile,
      env: () => emulatorEnv(endpoint, region),
      stop: async () => {
        if (stopped) return;
        stopped = true;
        clients.destroy();
        await moto?.stop();
      },
    };
  } catch (error) {
    clients.destroy();
    await moto?.stop();
    throw error;
  }
}
