import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { REPO_ROOT } from './paths.js';

/** One AWS SDK command a function's code imports (and so sends). */
export type SdkCommandUse = {
  /** SDK package, such as `@aws-sdk/lib-dynamodb`. */
  sdkPackage: string;
  /** Command class, such as `BatchWriteCommand`. */
  command: string;
  /** File that imports it. */
  file: string;
};

// `import {…} from 'x'`, `import x, {…} from 'x'`, `export {…} from 'x'`, `import * as x from 'x'`
const STATIC_IMPORT =
  /(?:^|\n)\s*(?:import|export)\s+(type\s+)?(\{[^}]*\}|\*\s+as\s+\w+|\*|\w+(?:\s*,\s*\{[^}]*\})?)\s+from\s+['"]([^'"]+)['"]/g;
const SIDE_EFFECT_IMPORT = /(?:^|\n)\s*import\s+['"]([^'"]+)['"]/g;
const DYNAMIC_IMPORT = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Workspace package name → directory, from packages/* and apps/* manifests. */
async function workspacePackages(repoRoot: string): Promise<Map<string, string>> {
  const packages = new Map<string, string>();
  for (const group of ['packages', 'apps']) {
    for (const name of await readdir(join(repoRoot, group)).catch(() => [] as string[])) {
      const dir = join(repoRoot, group, name);
      try {
        const manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as { name?: string };
        if (manifest.name !== undefined) packages.set(manifest.name, dir);
      } catch {
        // Not a package.
      }
    }
  }
  return packages;
}

function resolveRelative(fromFile: string, specifier: string): string | undefined {
  const base = resolve(dirname(fromFile), specifier);
  const candidates = [
    base.replace(/\.js$/, '.ts'),
    base.replace(/\.js$/, '.tsx'),
    `${base}.ts`,
    join(base, 'index.ts'),
  ];
  return candidates.find((candidate) => existsSync(candidate));
}

async function resolveWorkspace(
  packages: Map<string, string>,
  specifier: string,
): Promise<string | undefined> {
  const match = /^(@energy\/[^/]+)(\/.*)?$/.exec(specifier);
  const dir = match === null ? undefined : packages.get(match[1] as string);
  if (match === null || dir === undefined) return undefined;
  const manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as {
    exports?: Record<string, string>;
  };
  const target = manifest.exports?.[`.${match[2] ?? ''}`];
  return target === undefined ? undefined : join(dir, target);
}

function commandNames(clause: string): string[] {
  const braces = /\{([^}]*)\}/.exec(clause)?.[1] ?? '';
  return braces
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '' && !item.startsWith('type '))
    .map((item) => item.split(/\s+as\s+/)[0] as string)
    .filter((name) => /Command$/.test(name));
}

/**
 * The AWS SDK v3 commands a Lambda's code can send: every `…Command` imported from an
 * `@aws-sdk/*` package (type-only imports excluded) in the files reachable from the
 * handler entry through relative and `@energy/*` workspace imports — what the bundler
 * puts in the zip, so tools that live next to the handler (a redrive CLI) do not count.
 *
 * @example
 * await sdkCommands(`${REPO_ROOT}/apps/generator/src/handler.ts`); // [{ sdkPackage: '@aws-sdk/client-s3', command: 'PutObjectCommand', … }]
 */
export async function sdkCommands(entry: string, repoRoot: string = REPO_ROOT): Promise<SdkCommandUse[]> {
  const packages = await workspacePackages(repoRoot);
  const uses: SdkCommandUse[] = [];
  const seen = new Set<string>();
  const pending = [entry];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (seen.has(file)) continue;
    seen.add(file);
    const source = await readFile(file, 'utf8');
    const follow = async (specifier: string) => {
      const target = specifier.startsWith('.')
        ? resolveRelative(file as string, specifier)
        : await resolveWorkspace(packages, specifier);
      if (target !== undefined) pending.push(target);
    };
    for (const match of source.matchAll(STATIC_IMPORT)) {
      const [, typeOnly, clause = '', specifier = ''] = match;
      if (typeOnly !== undefined) continue;
      if (specifier.startsWith('@aws-sdk/')) {
        for (const command of commandNames(clause)) uses.push({ sdkPackage: specifier, command, file });
      } else {
        await follow(specifier);
      }
    }
    for (const match of source.matchAll(SIDE_EFFECT_IMPORT)) await follow(match[1] as string);
    for (const match of source.matchAll(DYNAMIC_IMPORT)) await follow(match[1] as string);
  }
  return uses.sort((a, b) => `${a.sdkPackage}#${a.command}`.localeCompare(`${b.sdkPackage}#${b.command}`));
}
