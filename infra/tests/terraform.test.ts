import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES_DIR, INFRA_DIR } from '../tools/paths.js';
import { syncStackDefaults } from '../tools/stackDefaults.js';
import { terraform, terraformVersion } from '../tools/terraform.js';

// The root stage, the example, and every module that has terraform tests of its own.
const ROOTS = ['.', 'examples/github-deploy-role'] as const;
const MODULES_WITH_TESTS = ['modules/function', 'modules/queue', 'modules/schedule'] as const;
// Providers come from the local mirror (or the registry); a separate data dir per run keeps
// the user's infra/.terraform untouched.
const TERRAFORM_TIMEOUT_MS = 180_000;

let dataDir: string;
const inDir = (dir: string) => ({
  cwd: join(INFRA_DIR, dir),
  env: { ...process.env, TF_DATA_DIR: join(dataDir, dir) },
});

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'energy-terraform-data-'));
  for (const dir of [...ROOTS, ...MODULES_WITH_TESTS]) {
    await terraform(['init', '-backend=false', '-input=false', '-no-color'], inDir(dir));
  }
}, TERRAFORM_TIMEOUT_MS * 2);

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('terraform fmt', () => {
  it('finds every .tf and .tftest.hcl file under infra/ formatted', async () => {
    // Act
    const result = await terraform(['fmt', '-check', '-recursive', '-diff', '-no-color'], {
      cwd: INFRA_DIR,
      accept: [0, 3],
    });

    // Assess
    expect(terraformVersion()).toMatch(/^1\./);
    expect(result.stdout).toBe('');
    expect(result.code).toBe(0);
  });

  it('fails on a file it would reformat, naming it', async () => {
    // Prepare
    const dir = await mkdtemp(join(tmpdir(), 'energy-terraform-fmt-'));
    await writeFile(
      join(dir, 'main.tf'),
      'resource "aws_sqs_queue" "this" {\nname = "x"\n  visibility_timeout_seconds=190\n}\n',
    );

    // Act
    const result = await terraform(['fmt', '-check', '-recursive', '-no-color'], { cwd: dir, accept: [3] });

    // Assess
    expect(result.stdout.trim()).toBe('main.tf');
    await rm(dir, { recursive: true, force: true });
  });

  it('leaves a variables.tf formatted after syncStackDefaults rewrites its drifted defaults', async () => {
    // Prepare: the fixture has drifted one-line defaults and a multi-line list that becomes one line.
    const fixture = join(FIXTURES_DIR, 'stack-defaults');
    const settings: unknown = JSON.parse(await readFile(join(fixture, 'settings.json'), 'utf8'));
    const synced = syncStackDefaults(
      await readFile(join(fixture, 'variables.tf'), 'utf8'),
      settings,
      'fixture',
    );
    const dir = await mkdtemp(join(tmpdir(), 'energy-terraform-fmt-'));
    await writeFile(join(dir, 'variables.tf'), synced.text);

    // Act
    const result = await terraform(['fmt', '-check', '-diff', '-no-color'], { cwd: dir, accept: [0, 3] });

    // Assess
    expect(synced.drifts.length).toBeGreaterThan(1);
    expect(result.stdout).toBe('');
    expect(result.code).toBe(0);
    await rm(dir, { recursive: true, force: true });
  });
});

describe.each(ROOTS)('terraform validate %s', (dir) => {
  it(
    'finds the configuration valid, with no warning',
    async () => {
      // Act
      const result = await terraform(['validate', '-json', '-no-color'], inDir(dir));

      // Assess
      const report = JSON.parse(result.stdout) as {
        valid: boolean;
        warning_count: number;
        diagnostics: unknown[];
      };
      expect(report.diagnostics).toStrictEqual([]);
      expect(report).toMatchObject({ valid: true, warning_count: 0 });
    },
    TERRAFORM_TIMEOUT_MS,
  );
});

describe.each([...ROOTS, ...MODULES_WITH_TESTS])('terraform test %s', (dir) => {
  it(
    'passes every run of its .tftest.hcl files on a mocked provider',
    async () => {
      // Act
      const result = await terraform(['test', '-no-color'], { ...inDir(dir), accept: [0, 1] });

      // Assess
      const summary = /(Success|Failure)! (\d+) passed, (\d+) failed/.exec(result.stdout);
      expect(result.code === 0 ? '' : result.stdout + result.stderr).toBe('');
      expect(summary?.[1]).toBe('Success');
      expect(Number(summary?.[2])).toBeGreaterThan(0);
    },
    TERRAFORM_TIMEOUT_MS,
  );
});
