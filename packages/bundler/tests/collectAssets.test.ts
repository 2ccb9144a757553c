import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AssetDirectoryError, collectAssets } from '../src/collectAssets.js';

const text = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes);

describe('Function: collectAssets', () => {
  let cwd: string;
  beforeEach(async () => {
    cwd = await mkdtemp(join(tmpdir(), 'collect-assets-'));
  });
  afterEach(async () => {
    await rm(cwd, { recursive: true, force: true });
  });

  it('names entries after the directory base name, nested paths with slashes', async () => {
    // Prepare
    await mkdir(join(cwd, 'dist', 'dashboard', 'assets'), { recursive: true });
    await writeFile(join(cwd, 'dist', 'dashboard', 'index.html'), '<html>');
    await writeFile(join(cwd, 'dist', 'dashboard', 'assets', 'app.js'), 'run()');

    // Act
    const files = await collectAssets('dist/dashboard', cwd);

    // Assess
    expect(Object.keys(files).sort()).toStrictEqual(['dashboard/assets/app.js', 'dashboard/index.html']);
    expect(text(files['dashboard/assets/app.js'])).toBe('run()');
  });

  it('skips symlinks: only regular files are assets', async () => {
    // Prepare
    await mkdir(join(cwd, 'web'));
    await writeFile(join(cwd, 'web', 'a.css'), 'a{}');
    await symlink(join(cwd, 'web', 'a.css'), join(cwd, 'web', 'link.css'));

    // Act
    const files = await collectAssets('web', cwd);

    // Assess
    expect(Object.keys(files)).toStrictEqual(['web/a.css']);
  });

  it('rejects a missing directory with an error naming it', async () => {
    // Act
    const attempt = collectAssets('dist/nothing', cwd);

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(AssetDirectoryError);
    await expect(attempt).rejects.toThrow('asset directory "dist/nothing": cannot be read (build it first?)');
  });

  it('rejects an empty directory', async () => {
    // Prepare
    await mkdir(join(cwd, 'empty'));

    // Act & Assess
    await expect(collectAssets('empty', cwd)).rejects.toThrow('asset directory "empty": holds no files');
  });
});
