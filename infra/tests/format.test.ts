import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFormat, formatHcl } from '../tools/checkFormat.js';
import { lineDiff } from '../tools/lineDiff.js';
import { listTerraformFiles } from '../tools/listTerraformFiles.js';
import { FIXTURES_DIR, INFRA_DIR } from '../tools/paths.js';

describe('Function: formatHcl', () => {
  it('formats exactly as terraform fmt 1.11.4 does (golden output of the real binary)', async () => {
    // Prepare
    const source = await readFile(join(FIXTURES_DIR, 'format', 'unformatted.tf'), 'utf8');
    const golden = await readFile(join(FIXTURES_DIR, 'format', 'terraform-fmt-1.11.4.golden'), 'utf8');

    // Act
    const formatted = await formatHcl(source);

    // Assess
    expect(formatted).toStrictEqual(golden);
  });
});

describe('Function: checkFormat', () => {
  it('finds every .tf file of infra/ already in terraform fmt form', async () => {
    // Prepare
    const files = await listTerraformFiles(INFRA_DIR);

    // Act
    const findings = await checkFormat(files);

    // Assess
    expect(files.length).toBeGreaterThan(10);
    expect(findings).toStrictEqual([]);
  });

  it('reports an unformatted file with a diff of what fmt changes', async () => {
    // Act
    const findings = await checkFormat([join(FIXTURES_DIR, 'format', 'unformatted.tf')]);

    // Assess
    expect(findings).toHaveLength(1);
    expect(findings[0]?.file).toBe('infra/tests/fixtures/format/unformatted.tf');
    expect(findings[0]?.message).toContain('-  visibility_timeout_seconds=190');
    expect(findings[0]?.message).toContain('+  visibility_timeout_seconds = 190');
  });
});

describe('Function: lineDiff', () => {
  it('shows removed and added lines with their position', () => {
    expect(lineDiff('a\nb = 1\nc\n', 'a\nb   = 1\nc\n')).toStrictEqual(
      '@@ line 1 @@\n a\n-b = 1\n+b   = 1\n c\n ',
    );
  });

  it('is empty for equal texts', () => {
    expect(lineDiff('x\n', 'x\n')).toStrictEqual('');
  });
});
