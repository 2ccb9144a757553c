import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bundleLambda } from '../src/bundleLambda.js';

describe('Function: bundleLambda', () => {
  let cwd: string;
  beforeEach(async () => {
    cwd = await mkdtemp(join(tmpdir(), 'bundle-lambda-'));
    await mkdir(join(cwd, 'src'));
    await writeFile(join(cwd, 'src', 'handler.ts'), "export const handler = async () => 'ok';\n");
    await mkdir(join(cwd, 'dist', 'web', 'assets'), { recursive: true });
    await writeFile(join(cwd, 'dist', 'web', 'index.html'), '<!doctype html>');
    await writeFile(join(cwd, 'dist', 'web', 'assets', 'app.js'), 'console.log(1)');
  });
  afterEach(async () => {
    await rm(cwd, { recursive: true, force: true });
  });

  it('ships asset directories in the zip and next to index.mjs, entries sorted', async () => {
    // Act
    const result = await bundleLambda({ name: 'fn', entry: 'src/handler.ts', cwd, assets: ['dist/web'] });

    // Assess
    const entries = unzipSync(new Uint8Array(await readFile(result.zipPath)));
    expect(Object.keys(entries)).toStrictEqual([
      'index.mjs',
      'index.mjs.map',
      'web/assets/app.js',
      'web/index.html',
    ]);
    expect(await readFile(join(cwd, 'dist', 'fn', 'web', 'index.html'), 'utf8')).toBe('<!doctype html>');
    expect(new TextDecoder().decode(entries['web/assets/app.js'])).toBe('console.log(1)');
  });

  it('gives the same zip bytes on a rebuild', async () => {
    // Act
    const first = await bundleLambda({ name: 'fn', entry: 'src/handler.ts', cwd, assets: ['dist/web'] });
    const second = await bundleLambda({ name: 'fn', entry: 'src/handler.ts', cwd, assets: ['dist/web'] });

    // Assess
    expect(second.zipSha256).toBe(first.zipSha256);
  });

  it('zips only index.mjs and its source map without assets', async () => {
    // Act
    const result = await bundleLambda({ name: 'fn', entry: 'src/handler.ts', cwd });

    // Assess
    const entries = unzipSync(new Uint8Array(await readFile(result.zipPath)));
    expect(Object.keys(entries)).toStrictEqual(['index.mjs', 'index.mjs.map']);
  });

  it('points a stack trace of the bundle at the source line', async () => {
    // Prepare: the error is thrown on line 3 of the source; minified, it is on line 7 or so.
    await writeFile(
      join(cwd, 'src', 'handler.ts'),
      "const fail = (): never => {\n  // line 2\n  throw new Error('boom');\n};\nexport const handler = async () => fail();\n",
    );
    const result = await bundleLambda({ name: 'fn', entry: 'src/handler.ts', cwd });
    const bundle = join(cwd, 'dist', 'fn', 'index.mjs');

    // Act
    const module = (await import(bundle)) as { handler: () => Promise<never> };
    const error = await module.handler().catch((caught: unknown) => caught as Error);

    // Assess
    expect(result.zipBytes).toBeGreaterThan(0);
    expect(error.stack).toMatch(/src[\\/]handler\.ts:3:\d+/);
  });

  it('refuses an asset that would be shipped twice', async () => {
    // Prepare: two directories with the same base name map to the same zip entries.
    await mkdir(join(cwd, 'other', 'web', 'assets'), { recursive: true });
    await writeFile(join(cwd, 'other', 'web', 'index.html'), 'x');

    // Act
    const attempt = bundleLambda({
      name: 'fn',
      entry: 'src/handler.ts',
      cwd,
      assets: ['dist/web', 'other/web'],
    });

    // Assess
    await expect(attempt).rejects.toThrow('asset web/index.html is shipped twice (check --assets)');
  });
});
