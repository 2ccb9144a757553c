import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INFRA_DIR, REPO_ROOT } from './paths.js';

/** Where the development machines keep the AWS provider (no registry access there). */
const PROVIDER_MIRROR_DIR = '/opt/tf-plugins';

/** CLI configuration that installs the AWS provider from {@link PROVIDER_MIRROR_DIR}. */
const MIRROR_CLI_CONFIG = join(INFRA_DIR, 'tools', 'terraformrc');

/** Services the stage uses: the emulator workspace points each at the emulator. */
const EMULATED_SERVICES = [
  'apigatewayv2',
  'cloudwatch',
  'cognitoidp',
  'dynamodb',
  'iam',
  'lambda',
  'logs',
  's3',
  'scheduler',
  'sns',
  'sqs',
  'sts',
] as const;

/** What one terraform command did. */
export type TerraformResult = {
  /** Exit code. */
  code: number;
  /** Standard output. */
  stdout: string;
  /** Standard error. */
  stderr: string;
};

/** A terraform command that exited with a code its caller did not accept. */
class TerraformCommandError extends Error {
  public constructor(
    public readonly args: readonly string[],
    public readonly result: TerraformResult,
  ) {
    super(
      `terraform ${args.join(' ')} exited ${result.code}:\n${result.stderr.slice(-4_000)}${result.stdout.slice(-4_000)}`,
    );
    this.name = 'TerraformCommandError';
  }
}

/**
 * The environment terraform runs with: the mirror's CLI configuration when the mirror
 * exists (otherwise the registry, terraform's default), no prompts, no colour.
 */
function terraformEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return {
    ...env,
    ...(existsSync(PROVIDER_MIRROR_DIR) ? { TF_CLI_CONFIG_FILE: MIRROR_CLI_CONFIG } : {}),
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    CHECKPOINT_DISABLE: '1',
  };
}

/** `terraform version` of the binary on PATH, or undefined when there is none. */
export function terraformVersion(): string | undefined {
  const result = spawnSync('terraform', ['version', '-json'], { encoding: 'utf8', env: terraformEnv() });
  if (result.status !== 0) return undefined;
  return (JSON.parse(result.stdout) as { terraform_version: string }).terraform_version;
}

/**
 * Runs `terraform <args>` in `cwd` and resolves with its output; rejects with
 * {@link TerraformCommandError} when the exit code is not in `accept` (default `[0]`).
 *
 * @example
 * await terraform(['validate', '-no-color'], { cwd: INFRA_DIR });
 */
export function terraform(
  args: readonly string[],
  options: { cwd: string; accept?: readonly number[]; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<TerraformResult> {
  const accept = options.accept ?? [0];
  return new Promise((resolve, reject) => {
    execFile(
      'terraform',
      [...args],
      {
        cwd: options.cwd,
        env: terraformEnv(options.env),
        maxBuffer: 256 * 1024 * 1024,
        timeout: options.timeoutMs ?? 600_000,
        killSignal: 'SIGINT',
      },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        const result = { code, stdout, stderr };
        if (accept.includes(code)) resolve(result);
        else reject(new TerraformCommandError(args, result));
      },
    );
  });
}

/** A copy of the stage whose provider talks to an emulator, from {@link emulatorWorkspace}. */
export type EmulatorWorkspace = {
  /** The copied root configuration (run terraform here). */
  dir: string;
  /** Removes the copy and its state. */
  remove: () => Promise<void>;
};

/**
 * Copies the root configuration and its modules into a temporary directory, links the
 * repository's `apps/` next to it (the zips are referenced as `../apps/...`), and adds an
 * `emulator_override.tf` that points every service at `endpoint` with dummy credentials.
 * The real `infra/` is never touched, so no override can leak into a deployment.
 *
 * @example
 * const workspace = await emulatorWorkspace(moto.endpoint, 'us-east-1');
 * await terraform(['init'], { cwd: workspace.dir });
 */
export async function emulatorWorkspace(endpoint: string, region: string): Promise<EmulatorWorkspace> {
  const base = await mkdtemp(join(tmpdir(), 'energy-terraform-'));
  const dir = join(base, 'infra');
  await cp(INFRA_DIR, dir, {
    recursive: true,
    filter: (source) =>
      !/\/(node_modules|\.terraform|tests|tools|schema|examples)(\/|$)/.test(source.slice(INFRA_DIR.length)),
  });
  await symlink(join(REPO_ROOT, 'apps'), join(base, 'apps'));
  const endpoints = EMULATED_SERVICES.map((service) => `    ${service.padEnd(12)} = "${endpoint}"`).join(
    '\n',
  );
  await writeFile(
    join(dir, 'emulator_override.tf'),
    `# Written by infra/tools/terraform.ts into a temporary copy of the stage: the emulator.
provider "aws" {
  region                      = "${region}"
  access_key                  = "test"
  secret_key                  = "test"
  s3_use_path_style           = true
  skip_credentials_validation = true
  skip_metadata_api_check     = true

  endpoints {
${endpoints}
  }
}
`,
  );
  return { dir, remove: () => rm(base, { recursive: true, force: true }) };
}
