import { spawnSync } from 'node:child_process';
import { mergeConfig } from 'vitest/config';
import { sharedVitestConfig } from '../vitest.shared.js';

// The terraform suites need the terraform binary. Without it they are left out with a message
// naming them and how to install terraform, except in CI, where leaving them out would hide a
// broken setup.
const TERRAFORM_SUITES = ['tests/terraform.test.ts', 'tests/deployedStage.test.ts'];
const hasTerraform = spawnSync('terraform', ['version'], { stdio: 'ignore' }).status === 0;
if (!hasTerraform) {
  const message = `terraform not found on PATH: skipping ${TERRAFORM_SUITES.join(' and ')} (terraform fmt, validate, test, and apply/plan/destroy on the emulator). Install terraform >= 1.5: https://developer.hashicorp.com/terraform/install`;
  if (process.env.CI) throw new Error(message);
  console.warn(`\n==> ${message}\n`);
}

// checkov takes 30-60 s over the whole tree on two cores; apply/plan/destroy into the
// emulator about 4 minutes.
export default mergeConfig(sharedVitestConfig, {
  test: {
    testTimeout: 60_000,
    hookTimeout: 420_000,
    ...(hasTerraform ? {} : { exclude: ['**/node_modules/**', ...TERRAFORM_SUITES] }),
  },
});
