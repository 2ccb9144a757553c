import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { STACK_SETTINGS } from '@energy/config';
import { describe, expect, it } from 'vitest';
import { hclLiteral, UnrenderableValueError } from '../tools/hclLiteral.js';
import { FIXTURES_DIR, INFRA_DIR } from '../tools/paths.js';
import { driftMessage, StackDefaultsError, syncStackDefaults } from '../tools/stackDefaults.js';

// The fast half of keeping Terraform's defaults equal to STACK_SETTINGS (no terraform, no
// emulator); deployedStage.test.ts is the end-to-end contract.
const FILE = 'variables.tf';

// A small variables.tf, formatted as `terraform fmt` leaves it (terraform.test.ts checks that
// it stays so once synced): a comment, a validation block and a variable without annotation
// around the annotated ones; and the settings it is checked against.
const FIXTURE_DIR = join(FIXTURES_DIR, 'stack-defaults');
const FIXTURE = await readFile(join(FIXTURE_DIR, 'variables.tf'), 'utf8');
const SETTINGS = JSON.parse(await readFile(join(FIXTURE_DIR, 'settings.json'), 'utf8')) as {
  storage: Record<string, unknown>;
};

/** The fixture with `from` replaced by `to` (asserting `from` is there, so a test cannot go stale). */
function fixtureWith(from: string, to: string): string {
  expect(FIXTURE).toContain(from);
  return FIXTURE.replace(from, to);
}

/** The problems {@link syncStackDefaults} throws for `source`. */
function problemsOf(source: string): readonly string[] {
  try {
    syncStackDefaults(source, SETTINGS, FILE);
  } catch (error) {
    if (error instanceof StackDefaultsError) return error.problems;
    throw error;
  }
  throw new Error('syncStackDefaults did not throw');
}

describe('Function: syncStackDefaults on infra/variables.tf', () => {
  it('finds every annotated default equal to STACK_SETTINGS', async () => {
    // Prepare
    const source = await readFile(join(INFRA_DIR, 'variables.tf'), 'utf8');
    const annotations = source.split('\n').filter((line) => line.startsWith('# STACK_SETTINGS.')).length;

    // Act
    const report = syncStackDefaults(source, STACK_SETTINGS, 'infra/variables.tf');

    // Assess: on a drift the message names each variable, both values and the fix command.
    expect(driftMessage(report.drifts, 'infra/variables.tf')).toBe('');
    expect(annotations).toBeGreaterThan(30);
    expect(report.annotated).toBe(annotations);
    expect(report.text).toBe(source);
  });

  it('runs as the defaults:sync script does (the CLI, in check mode)', () => {
    // Act
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'tools/syncDefaults.ts', '--check'], {
      cwd: INFRA_DIR,
      encoding: 'utf8',
    });

    // Assess
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(
      /^infra\/variables\.tf: all \d+ annotated defaults equal STACK_SETTINGS\n$/,
    );
    expect(result.status).toBe(0);
  });
});

describe('Function: syncStackDefaults on fixtures', () => {
  it('reports each drifted default with the variable, the setting, both values and the fix command', () => {
    // Act
    const report = syncStackDefaults(FIXTURE, SETTINGS, FILE);

    // Assess
    expect(report.annotated).toBe(4);
    expect(report.drifts).toStrictEqual([
      {
        variable: 'raw_prefix',
        setting: 'STACK_SETTINGS.storage.rawPrefix',
        line: 7,
        current: '"raw/"',
        expected: '"readings/"',
      },
      {
        variable: 'generator_site_count',
        setting: 'STACK_SETTINGS.generator.siteCount',
        line: 18,
        current: '12',
        expected: '10',
      },
      {
        variable: 'notification_events',
        setting: 'STACK_SETTINGS.storage.events',
        line: 29,
        current: '[\n    "s3:ObjectRemoved:*",\n  ]',
        expected: '["s3:ObjectCreated:*"]',
      },
    ]);
    const message = driftMessage(report.drifts, FILE);
    expect(message).toContain(
      'variables.tf:7: variable "raw_prefix" default = "raw/", STACK_SETTINGS.storage.rawPrefix = "readings/"',
    );
    expect(message).toContain(
      'variables.tf:18: variable "generator_site_count" default = 12, STACK_SETTINGS.generator.siteCount = 10',
    );
    expect(message).toMatch(/3 default\(s\) differ .*fix: pnpm --filter @energy\/infra defaults:sync$/);
  });

  it('rewrites only the drifted defaults (and the alignment a collapsed list needs), everything else byte-identical', () => {
    // Act
    const { text } = syncStackDefaults(FIXTURE, SETTINGS, FILE);

    // Assess
    const expected = FIXTURE.replace('default     = "raw/" # kept', 'default     = "readings/" # kept')
      .replace('default = 12', 'default = 10')
      // The one-line list joins the run of one-line attributes, so type's = is aligned with it.
      .replace(
        'type = list(string)\n  default = [\n    "s3:ObjectRemoved:*",\n  ]',
        'type    = list(string)\n  default = ["s3:ObjectCreated:*"]',
      );
    expect(expected).not.toBe(FIXTURE);
    expect(text).toBe(expected);
    expect(syncStackDefaults(text, SETTINGS, FILE).drifts).toStrictEqual([]);
  });

  it('finds nothing to do in a file already in sync', () => {
    // Prepare
    const { text } = syncStackDefaults(FIXTURE, SETTINGS, FILE);

    // Act
    const report = syncStackDefaults(text, SETTINGS, FILE);

    // Assess
    expect(report.drifts).toStrictEqual([]);
    expect(report.text).toBe(text);
  });

  it.each([
    {
      problem: 'a path not in STACK_SETTINGS',
      source: fixtureWith('# STACK_SETTINGS.storage.rawPrefix', '# STACK_SETTINGS.storage.rawPrefx'),
      expected:
        'variables.tf:3 "# STACK_SETTINGS.storage.rawPrefx": STACK_SETTINGS.storage.rawPrefx does not exist in STACK_SETTINGS',
    },
    {
      problem: 'a path past a leaf',
      source: fixtureWith('# STACK_SETTINGS.storage.rawPrefix', '# STACK_SETTINGS.storage.rawPrefix.length'),
      expected:
        'variables.tf:3 "# STACK_SETTINGS.storage.rawPrefix.length": STACK_SETTINGS.storage.rawPrefix.length does not exist in STACK_SETTINGS',
    },
    {
      problem: 'a malformed annotation',
      source: fixtureWith(
        '# STACK_SETTINGS.storage.rawPrefix',
        '# STACK_SETTINGS.storage.rawPrefix (raw files)',
      ),
      expected:
        'variables.tf:3 "# STACK_SETTINGS.storage.rawPrefix (raw files)": not of the form # STACK_SETTINGS.<dotted.path>',
    },
    {
      problem: 'an annotation not followed by a variable block',
      source: fixtureWith('# STACK_SETTINGS.storage.rawPrefix\n', '# STACK_SETTINGS.storage.rawPrefix\n\n'),
      expected:
        'variables.tf:3 "# STACK_SETTINGS.storage.rawPrefix": not followed by a variable block (the next line is "")',
    },
    {
      problem: 'an annotation over a locals block',
      source: fixtureWith('variable "raw_prefix" {', 'locals {'),
      expected:
        'variables.tf:3 "# STACK_SETTINGS.storage.rawPrefix": not followed by a variable block (the next line is "locals {")',
    },
    {
      problem: 'two annotations on one variable',
      source: fixtureWith(
        '# STACK_SETTINGS.storage.rawPrefix\n',
        '# STACK_SETTINGS.storage.rawPrefix\n# STACK_SETTINGS.storage.rawPrefix\n',
      ),
      expected:
        'variables.tf:3 "# STACK_SETTINGS.storage.rawPrefix": not followed by a variable block (a second annotation on line 4)',
    },
    {
      problem: 'an annotated variable without a default',
      source: fixtureWith('  default     = "raw/" # kept\n', ''),
      expected: 'variables.tf:3 "# STACK_SETTINGS.storage.rawPrefix": variable "raw_prefix" has no default',
    },
    {
      problem: 'a setting of another type than the variable',
      source: fixtureWith('# STACK_SETTINGS.generator.siteCount', '# STACK_SETTINGS.storage.rawPrefix'),
      expected:
        'variables.tf:15 "# STACK_SETTINGS.storage.rawPrefix": STACK_SETTINGS.storage.rawPrefix is "readings/", not a number (the type of variable "generator_site_count")',
    },
    {
      problem: 'a list of another element type than the variable',
      source: fixtureWith('type = list(string)', 'type = list(number)'),
      expected:
        'variables.tf:26 "# STACK_SETTINGS.storage.events": STACK_SETTINGS.storage.events holds "s3:ObjectCreated:*", not a number (the type of variable "notification_events")',
    },
    {
      problem: 'a setting in another unit (minutes for seconds)',
      source: fixtureWith(
        '# STACK_SETTINGS.queue.visibilityTimeoutSeconds',
        '# STACK_SETTINGS.queue.retentionMinutes',
      ),
      expected:
        'variables.tf:34 "# STACK_SETTINGS.queue.retentionMinutes": variable "queue_visibility_timeout_seconds" is in seconds, STACK_SETTINGS.queue.retentionMinutes in minutes: not a 1:1 copy (annotate a setting of the same unit, or drop the annotation)',
    },
    {
      problem: 'a whole section for a scalar',
      source: fixtureWith('# STACK_SETTINGS.generator.siteCount', '# STACK_SETTINGS.generator'),
      expected:
        'variables.tf:15 "# STACK_SETTINGS.generator": STACK_SETTINGS.generator is { anomalyProbability = 0.2, siteCount = 10 }, not a number (the type of variable "generator_site_count")',
    },
    {
      problem: 'an annotation inside a block',
      source: fixtureWith(
        '  type    = number\n  default = 190',
        '  # STACK_SETTINGS.queue.visibilityTimeoutSeconds\n  type    = number\n  default = 190',
      ),
      expected:
        'variables.tf:36 "# STACK_SETTINGS.queue.visibilityTimeoutSeconds": inside a block; an annotation goes on the line above a variable block',
    },
  ])('refuses $problem with an error naming the annotation line', ({ source, expected }) => {
    // Act
    const problems = problemsOf(source);

    // Assess
    expect(problems).toStrictEqual([expected]);
  });

  it('lists every problem of a file in one error', () => {
    // Prepare
    const source = fixtureWith('# STACK_SETTINGS.storage.rawPrefix', '# STACK_SETTINGS.nope').replace(
      '# STACK_SETTINGS.generator.siteCount',
      '# STACK_SETTINGS.generator.siteCounts',
    );

    // Act
    const act = () => syncStackDefaults(source, SETTINGS, FILE);

    // Assess
    expect(act).toThrow(StackDefaultsError);
    expect(act).toThrow(
      /^variables\.tf: 2 STACK_SETTINGS annotation problem\(s\):\n {2}- variables\.tf:3 .*nope.*\n {2}- variables\.tf:15 .*siteCounts/,
    );
  });

  it('refuses a setting it cannot render, naming it', () => {
    // Act
    const problems = (() => {
      try {
        syncStackDefaults(
          FIXTURE,
          { ...SETTINGS, storage: { ...SETTINGS.storage, rawPrefix: undefined } },
          FILE,
        );
      } catch (error) {
        return error instanceof StackDefaultsError ? error.problems : [];
      }
      return [];
    })();

    // Assess
    expect(problems).toStrictEqual([
      'variables.tf:3 "# STACK_SETTINGS.storage.rawPrefix": STACK_SETTINGS.storage.rawPrefix: cannot render undefined as an HCL literal (strings, finite numbers, booleans, null, lists and maps only)',
    ]);
  });
});

describe('Function: hclLiteral', () => {
  it.each([
    { value: 'readings/', expected: '"readings/"' },
    { value: '', expected: '""' },
    {
      value: '{"scheduledTime":"<aws.scheduler.scheduled-time>"}',
      expected: '"{\\"scheduledTime\\":\\"<aws.scheduler.scheduled-time>\\"}"',
    },
    { value: 'a\\b\n\t\bc', expected: '"a\\\\b\\n\\t\\u0008c"' },
    // biome-ignore lint/suspicious/noTemplateCurlyInString: an HCL template, written literally on purpose.
    { value: '${var.x} %{if}', expected: '"$${var.x} %%{if}"' },
    { value: 1_209_600, expected: '1209600' },
    { value: 0.2, expected: '0.2' },
    { value: -1, expected: '-1' },
    { value: false, expected: 'false' },
    { value: null, expected: 'null' },
    { value: [], expected: '[]' },
    { value: [1, 2], expected: '[1, 2]' },
    { value: {}, expected: '{}' },
    { value: { readings: [], 's3:x': 'y' }, expected: '{ readings = [], "s3:x" = "y" }' },
  ])('writes $value as $expected', ({ value, expected }) => {
    // Act
    const literal = hclLiteral(value);

    // Assess
    expect(literal).toBe(expected);
  });

  it.each([
    { what: 'undefined', value: undefined },
    { what: 'the number NaN', value: Number.NaN },
    { what: 'the number Infinity', value: Number.POSITIVE_INFINITY },
    { what: 'an object that is not a plain map', value: new Date(0) },
    { what: 'function', value: () => 1 },
  ])('refuses $what', ({ what, value }) => {
    // Act
    const act = () => hclLiteral(value);

    // Assess
    expect(act).toThrow(UnrenderableValueError);
    expect(act).toThrow(`cannot render ${what} as an HCL literal`);
  });
});
