/**
 * Re-extracts infra/schema/aws-provider.json from the jsii assembly of `@cdktn/provider-aws`
 * for exactly the resource and data source types infra/ (and its test fixtures) declare.
 *
 *   pnpm --filter @energy/infra schema:extract                # the version recorded in the schema
 *   pnpm --filter @energy/infra schema:extract -- --version 25.7.0
 *   pnpm --filter @energy/infra schema:extract -- --tarball /tmp/cdktn-provider-aws-25.7.0.tgz
 *
 * The package is ~45 MB packed (a 150 MB `.jsii`): it is fetched with `npm pack` into a
 * temporary directory and deleted afterwards, never installed as a dependency.
 * Re-run it whenever the Terraform starts using a new resource or data source type.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  convertResourceType,
  crossCheckNames,
  indexTerraformTypes,
  type JsiiAssembly,
  type TerraformTypeLocation,
} from './convertJsiiSchema.js';
import { listTerraformFiles } from './listTerraformFiles.js';
import { FIXTURES_DIR, INFRA_DIR, PROVIDER_SCHEMA_PATH, repoRelative } from './paths.js';
import type { ProviderSchema, ResourceTypeSchema } from './providerSchema.js';
import { usedResourceTypes } from './usedResourceTypes.js';

const PACKAGE = '@cdktn/provider-aws';

const { values } = parseArgs({
  options: {
    version: { type: 'string' },
    tarball: { type: 'string' },
  },
});

async function recordedVersion(): Promise<string> {
  if (!existsSync(PROVIDER_SCHEMA_PATH)) return 'latest';
  const current = JSON.parse(await readFile(PROVIDER_SCHEMA_PATH, 'utf8')) as Partial<ProviderSchema>;
  return current.packageVersion ?? 'latest';
}

const workDir = await mkdtemp(join(tmpdir(), 'cdktn-provider-aws-'));
try {
  let tarball = values.tarball;
  if (tarball === undefined) {
    const spec = `${PACKAGE}@${values.version ?? (await recordedVersion())}`;
    console.log(`==> npm pack ${spec} (about 45 MB) into ${workDir}`);
    execFileSync('npm', ['pack', spec, '--silent', '--pack-destination', workDir], { stdio: 'inherit' });
    const packed = (await readdir(workDir)).find((name) => name.endsWith('.tgz'));
    if (packed === undefined) throw new Error(`npm pack ${spec} produced no tarball`);
    tarball = join(workDir, packed);
  }
  execFileSync('tar', ['-xzf', tarball, '-C', workDir, 'package/.jsii', 'package/package.json']);
  const packageJson = JSON.parse(await readFile(join(workDir, 'package/package.json'), 'utf8')) as {
    version: string;
    cdktf?: { provider?: { name?: string; version?: string } };
  };
  const provider = packageJson.cdktf?.provider;
  if (provider?.name === undefined || provider.version === undefined) {
    throw new Error(`${PACKAGE} package.json lacks cdktf.provider.{name,version}`);
  }
  console.log(
    `==> reading the jsii assembly of ${PACKAGE} ${packageJson.version} (provider ${provider.version})`,
  );
  const assembly = JSON.parse(await readFile(join(workDir, 'package/.jsii'), 'utf8')) as JsiiAssembly;
  const index = indexTerraformTypes(assembly);

  const files = [...(await listTerraformFiles(INFRA_DIR)), ...(await listTerraformFiles(FIXTURES_DIR))];
  const used = await usedResourceTypes(files);
  const wanted: [TerraformTypeLocation, 'resources' | 'dataSources'][] = [];
  const unknown: string[] = [];
  for (const type of used.resources) {
    const location = index.get(type);
    if (location === undefined) unknown.push(type);
    else wanted.push([location, 'resources']);
  }
  for (const type of used.dataSources) {
    const location = index.get(`data.${type}`);
    if (location === undefined) unknown.push(`data.${type}`);
    else wanted.push([location, 'dataSources']);
  }
  if (unknown.length > 0) {
    // Not fatal: non-AWS types (terraform_data) are not in this provider; the schema check reports them.
    console.warn(`types not in ${PACKAGE}: ${unknown.join(', ')}`);
  }

  const modulePaths = [
    ...new Set(wanted.map(([location]) => libPath(location.classType.locationInModule?.filename))),
  ];
  execFileSync('tar', ['-xzf', tarball, '-C', workDir, ...modulePaths.map((path) => `package/${path}`)]);

  const schema: ProviderSchema = {
    generatedBy: 'pnpm --filter @energy/infra schema:extract (infra/tools/extractProviderSchema.ts)',
    package: PACKAGE,
    packageVersion: packageJson.version,
    provider: provider.name,
    providerVersion: provider.version,
    resources: {},
    dataSources: {},
  };
  const problems: string[] = [];
  for (const [location, kind] of wanted.sort(([a], [b]) => a.terraformType.localeCompare(b.terraformType))) {
    const moduleJs = await readFile(
      join(workDir, 'package', libPath(location.classType.locationInModule?.filename)),
      'utf8',
    );
    problems.push(...crossCheckNames(assembly, moduleJs, location.configFqn));
    (schema[kind] as Record<string, ResourceTypeSchema>)[location.terraformType] = convertResourceType(
      assembly,
      location,
      moduleJs,
    );
  }
  if (problems.length > 0) {
    throw new Error(`TSDoc and compiled code disagree on Terraform names:\n${problems.join('\n')}`);
  }
  await writeFile(PROVIDER_SCHEMA_PATH, `${JSON.stringify(schema, null, 2)}\n`);
  console.log(
    `==> wrote ${repoRelative(PROVIDER_SCHEMA_PATH)}: ${Object.keys(schema.resources).length} resource types, ` +
      `${Object.keys(schema.dataSources).length} data source types, provider ${schema.providerVersion}`,
  );
} finally {
  await rm(workDir, { recursive: true, force: true });
}

/** `src/sqs-queue/index.ts` → `lib/sqs-queue/index.js` (the compiled module in the tarball). */
function libPath(sourceFile: string | undefined): string {
  if (sourceFile === undefined) throw new Error('a construct class has no source location');
  return sourceFile.replace(/^src\//, 'lib/').replace(/\.ts$/, '.js');
}
