import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCheckovSkips, checkovSkips } from '../tools/checkCheckovSkips.js';
import { FIXTURES_DIR, INFRA_DIR, REPO_ROOT } from '../tools/paths.js';
import { runActionlint } from '../tools/runActionlint.js';
import { runCheckov } from '../tools/runCheckov.js';

// checkov's Terraform framework over the whole tree takes 20-60 s on two cores.
const CHECKOV_TIMEOUT_MS = 240_000;

describe('Function: runCheckov', () => {
  it(
    'finds zero failed checks over infra/ (the negative fixtures excluded)',
    async () => {
      // Act
      const result = await runCheckov(INFRA_DIR, ['tests/fixtures', 'node_modules']);

      // Assess
      expect(result.version).toBe('3.3.30');
      expect(result.parsingErrors).toBe(0);
      expect(result.resources).toBeGreaterThan(20);
      expect(result.passed).toBeGreaterThan(100);
      expect(result.failed).toStrictEqual([]);
    },
    CHECKOV_TIMEOUT_MS,
  );

  it(
    'fails checks on a fixture (an unencrypted queue without a DLQ policy)',
    async () => {
      // Act
      const result = await runCheckov(join(FIXTURES_DIR, 'unknown-argument'));

      // Assess
      expect(result.failed.map((failure) => failure.checkId)).toContain('CKV_AWS_27');
    },
    CHECKOV_TIMEOUT_MS,
  );
});

describe('Function: checkCheckovSkips', () => {
  it('finds a reason on every inline checkov skip under infra/', async () => {
    // Act
    const findings = await checkCheckovSkips(INFRA_DIR);

    // Assess
    expect((await checkovSkips(INFRA_DIR)).length).toBeGreaterThan(0);
    expect(findings).toStrictEqual([]);
  });
});

describe('Function: runActionlint', () => {
  it('finds the GitHub Actions workflows valid', async () => {
    // Prepare
    const directory = join(REPO_ROOT, '.github', 'workflows');
    // A missing directory leaves the list empty, and the assertion below names the workflows expected.
    const names = await readdir(directory).catch(() => [] as string[]);
    const files = names.filter((name) => /\.ya?ml$/.test(name)).map((name) => join(directory, name));

    // Act
    const errors = await runActionlint(files);

    // Assess
    expect(files.map((file) => file.slice(directory.length + 1)).sort()).toEqual(
      expect.arrayContaining(['ci.yml', 'deploy.yml']),
    );
    expect(errors).toStrictEqual([]);
  });

  it('catches an unknown context property and a missing needed job', async () => {
    // Act
    const errors = await runActionlint([join(FIXTURES_DIR, 'workflows', 'broken.yml')]);

    // Assess
    expect(errors.map((error) => `${error.line}:${error.kind}`).sort()).toStrictEqual([
      '5:job-needs',
      '9:expression',
    ]);
  });
});
