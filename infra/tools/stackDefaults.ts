import { hclLiteral, UnrenderableValueError } from './hclLiteral.js';

/** The command that rewrites drifted defaults (`infra/package.json`, script `defaults:sync`). */
const SYNC_COMMAND = 'pnpm --filter @energy/infra defaults:sync';

// `# STACK_SETTINGS.storage.rawPrefix`, the whole comment line (any other comment starting
// with `# STACK_SETTINGS.` is a malformed annotation, not prose to skip).
const ANNOTATION = /^#\s*STACK_SETTINGS\.([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)$/;
const ANNOTATION_LIKE = /^#\s*STACK_SETTINGS\./;
const VARIABLE = /^variable\s+"([^"]+)"\s*\{$/;
const ATTRIBUTE = /^(\s*(default|type)\s*=\s*)(.*)$/;
const ATTRIBUTE_LINE = /^(\s*)([A-Za-z_][\w-]*)\s*=\s*(.*)$/;

// Units a name ends in. An annotation whose variable and setting end in different units (or
// one in a unit, the other not) is not a 1:1 copy, and is refused rather than converted.
const UNITS = ['ms', 'seconds', 'minutes', 'hours', 'days', 'bytes', 'kib', 'mb', 'gb'] as const;

/** A variable whose default differs from the setting its annotation names. */
export type DefaultDrift = {
  /** Variable name. */
  variable: string;
  /** The annotation's path, `STACK_SETTINGS.<path>`. */
  setting: string;
  /** 1-based line of the `default =` attribute. */
  line: number;
  /** The default as written (HCL). */
  current: string;
  /** The setting rendered as HCL: what `--write` puts there. */
  expected: string;
};

/** What {@link syncStackDefaults} found in one `variables.tf`. */
export type StackDefaultsReport = {
  /** Annotated variables. */
  annotated: number;
  /** Those whose default differs, in file order. */
  drifts: DefaultDrift[];
  /** The file with every drifted default rewritten (equal to the input when nothing drifted). */
  text: string;
};

/** Annotations the tool cannot check: each problem names `file:line` and the reason. */
export class StackDefaultsError extends Error {
  /** One message per problem. */
  public readonly problems: readonly string[];

  public constructor(file: string, problems: readonly string[]) {
    super(
      `${file}: ${problems.length} STACK_SETTINGS annotation problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'StackDefaultsError';
    this.problems = problems;
  }
}

/** One line of HCL: brace depth before and after it, and where its code ends (a comment follows). */
type ScannedLine = { text: string; depthBefore: number; depthAfter: number; codeEnd: number };

/**
 * Brace/bracket depth of every line, skipping strings, comments and heredocs: enough
 * structure to find a block's top-level attributes without a full HCL parser.
 */
function scanLines(source: string): ScannedLine[] {
  const scanned: ScannedLine[] = [];
  let depth = 0;
  let inBlockComment = false;
  let heredoc: string | undefined;
  for (const text of source.split('\n')) {
    const depthBefore = depth;
    let codeEnd = text.length;
    if (heredoc !== undefined) {
      if (text.trim() === heredoc) heredoc = undefined;
      scanned.push({ text, depthBefore, depthAfter: depth, codeEnd });
      continue;
    }
    for (let i = 0; i < text.length; i++) {
      const char = text[i];
      if (inBlockComment) {
        if (text.startsWith('*/', i)) {
          inBlockComment = false;
          i++;
        }
      } else if (char === '"') {
        for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      } else if (char === '#' || text.startsWith('//', i)) {
        codeEnd = i;
        break;
      } else if (text.startsWith('/*', i)) {
        inBlockComment = true;
        i++;
      } else if (text.startsWith('<<', i)) {
        heredoc = /^<<-?([A-Za-z_]\w*)/.exec(text.slice(i))?.[1];
        if (heredoc !== undefined) break;
      } else if (char === '{' || char === '[' || char === '(') depth++;
      else if (char === '}' || char === ']' || char === ')') depth--;
    }
    scanned.push({ text, depthBefore, depthAfter: depth, codeEnd: text.slice(0, codeEnd).trimEnd().length });
  }
  return scanned;
}

/** The value at `path` in `settings`, or `found: false` when a segment is missing. */
function resolveSetting(settings: unknown, path: string): { found: true; value: unknown } | { found: false } {
  let value = settings;
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return { found: false };
    value = (value as Record<string, unknown>)[key];
  }
  return { found: true, value };
}

/** The unit a snake_case or camelCase name ends in, if any. */
function unitOf(name: string): string | undefined {
  const words = name.split(/_|(?=[A-Z])/);
  const last = (words.at(-1) ?? '').toLowerCase();
  return (UNITS as readonly string[]).includes(last) ? last : undefined;
}

/** Terraform type keywords a value of this JavaScript kind can be the default of. */
function typesFor(value: unknown): readonly string[] {
  if (value === null) return ['string', 'number', 'bool', 'list', 'set', 'tuple', 'map', 'object'];
  if (Array.isArray(value)) return ['list', 'set', 'tuple'];
  if (typeof value === 'boolean') return ['bool'];
  if (typeof value === 'object') return ['map', 'object'];
  return [typeof value];
}

/** Why `value` cannot be the default of a variable of `type` (undefined when it can). */
function typeMismatch(type: string, value: unknown): string | undefined {
  const keyword = /^[a-z]+/.exec(type)?.[0] ?? '';
  if (keyword === '' || keyword === 'any') return undefined;
  if (!typesFor(value).includes(keyword)) return `is ${hclLiteral(value)}, not a ${keyword}`;
  const element = /^(?:list|set|map)\((string|number|bool)\)$/.exec(type.replace(/\s/g, ''))?.[1];
  const items = element === undefined || value === null ? [] : Object.values(value as object);
  const wrong = items.find((item) => !typesFor(item).includes(element ?? ''));
  return wrong === undefined ? undefined : `holds ${hclLiteral(wrong)}, not a ${element}`;
}

/** The `variable` block after the annotation on line `index`: its name and last line, or why not. */
function variableAfter(
  lines: ScannedLine[],
  index: number,
): { name: string; start: number; end: number } | string {
  let start = index + 1;
  // Other comment lines may stand between the annotation and its variable.
  for (; /^(#|\/\/)/.test(lines[start]?.text.trim() ?? ''); start++) {
    if (ANNOTATION_LIKE.test(lines[start]?.text.trim() ?? ''))
      return `a second annotation on line ${start + 1}`;
  }
  const header = lines[start];
  const name = header === undefined ? undefined : VARIABLE.exec(header.text.trim())?.[1];
  if (header === undefined || name === undefined || header.depthBefore !== 0) {
    return `the next line is ${header === undefined ? 'the end of the file' : JSON.stringify(header.text.trim())}`;
  }
  let end = start;
  while (end < lines.length && (lines[end]?.depthAfter ?? 0) > 0) end++;
  return { name, start, end };
}

/** A top-level attribute of the block on lines `start..end`: its lines, prefix and expression. */
function attribute(lines: ScannedLine[], start: number, end: number, name: 'default' | 'type') {
  for (let first = start + 1; first < end; first++) {
    const line = lines[first] as ScannedLine;
    const match = line.depthBefore === 1 ? ATTRIBUTE.exec(line.text) : null;
    if (match?.[2] !== name) continue;
    let last = first;
    while (last < end && (lines[last]?.depthAfter ?? 1) > 1) last++;
    const prefix = match[1] as string;
    const code = lines
      .slice(first, last + 1)
      .map((scanned, offset) => scanned.text.slice(offset === 0 ? prefix.length : 0, scanned.codeEnd))
      .join('\n');
    return { first, last, prefix, code: code.trim() };
  }
  return undefined;
}

/** What one annotation gives: a problem, a drift with its rewritten lines, or nothing (in sync). */
type Outcome =
  | { problem: string }
  | { drift: DefaultDrift; first: number; last: number; text: string }
  | undefined;

/** Checks the annotation on line `index` (see {@link syncStackDefaults}). */
function checkAnnotation(lines: ScannedLine[], index: number, settings: unknown, file: string): Outcome {
  const comment = (lines[index] as ScannedLine).text.trim();
  const at = `${file}:${index + 1} ${JSON.stringify(comment)}`;
  const path = ANNOTATION.exec(comment)?.[1];
  if (path === undefined) return { problem: `${at}: not of the form # STACK_SETTINGS.<dotted.path>` };
  if ((lines[index] as ScannedLine).depthBefore !== 0) {
    return { problem: `${at}: inside a block; an annotation goes on the line above a variable block` };
  }
  const setting = `STACK_SETTINGS.${path}`;
  const resolved = resolveSetting(settings, path);
  if (!resolved.found) return { problem: `${at}: ${setting} does not exist in STACK_SETTINGS` };
  const block = variableAfter(lines, index);
  if (typeof block === 'string') return { problem: `${at}: not followed by a variable block (${block})` };
  const variable = `variable "${block.name}"`;
  const found = attribute(lines, block.start, block.end, 'default');
  if (found === undefined) return { problem: `${at}: ${variable} has no default` };
  if (found.code.startsWith('<<'))
    return { problem: `${at}: ${variable} has a heredoc default; write a literal` };
  const [variableUnit, settingUnit] = [unitOf(block.name), unitOf(path.split('.').at(-1) ?? '')];
  if (variableUnit !== settingUnit) {
    return {
      problem: `${at}: ${variable} is in ${variableUnit ?? 'no unit'}, ${setting} in ${settingUnit ?? 'no unit'}: not a 1:1 copy (annotate a setting of the same unit, or drop the annotation)`,
    };
  }
  let expected: string;
  try {
    expected = hclLiteral(resolved.value);
  } catch (error) {
    if (!(error instanceof UnrenderableValueError)) throw error;
    return { problem: `${at}: ${setting}: ${error.message}` };
  }
  const mismatch = typeMismatch(attribute(lines, block.start, block.end, 'type')?.code ?? '', resolved.value);
  if (mismatch !== undefined) return { problem: `${at}: ${setting} ${mismatch} (the type of ${variable})` };
  if (found.code === expected) return undefined;
  const last = lines[found.last] as ScannedLine;
  return {
    drift: { variable: block.name, setting, line: found.first + 1, current: found.code, expected },
    first: found.first,
    last: found.last,
    // The attribute's own indentation and alignment stay; a trailing comment stays.
    text: `${found.prefix}${expected}${last.text.slice(last.codeEnd)}`,
  };
}

/**
 * Checks every `# STACK_SETTINGS.<path>` annotation in a `variables.tf` against `settings`:
 * the variable below it must have a `default` equal to the setting rendered as HCL
 * ({@link hclLiteral}); each one that differs is a drift, and `text` is the file with those
 * `default = ...` attributes rewritten (everything else byte-identical). A variable whose
 * default happens to equal a setting but has no annotation is left alone.
 *
 * @param source The file's text.
 * @param settings `STACK_SETTINGS` (or a stand-in in tests).
 * @param file The name problems and drifts are reported under.
 * @throws {StackDefaultsError} listing every annotation that cannot be checked: a malformed
 *   one, a path not in `settings`, no `variable` block or no `default` after it, a value
 *   `hclLiteral` cannot render, of another type than the variable's, or in another unit.
 * @example
 * syncStackDefaults(readFileSync('infra/variables.tf', 'utf8'), STACK_SETTINGS, 'infra/variables.tf').drifts; // []
 */
export function syncStackDefaults(source: string, settings: unknown, file: string): StackDefaultsReport {
  const lines = scanLines(source);
  const problems: string[] = [];
  const drifts: DefaultDrift[] = [];
  const rewrites = new Map<number, { last: number; text: string }>();
  let annotated = 0;
  for (const [index, line] of lines.entries()) {
    if (!ANNOTATION_LIKE.test(line.text.trim())) continue;
    annotated++;
    const outcome = checkAnnotation(lines, index, settings, file);
    if (outcome === undefined) continue;
    if ('problem' in outcome) problems.push(outcome.problem);
    else {
      drifts.push(outcome.drift);
      rewrites.set(outcome.first, { last: outcome.last, text: outcome.text });
    }
  }
  if (problems.length > 0) throw new StackDefaultsError(file, problems);
  const out: string[] = [];
  const collapsed: number[] = [];
  for (let index = 0; index < lines.length; index++) {
    const rewrite = rewrites.get(index);
    if (rewrite !== undefined && rewrite.last > index) collapsed.push(out.length);
    out.push(rewrite?.text ?? (lines[index] as ScannedLine).text);
    if (rewrite !== undefined) index = rewrite.last;
  }
  for (const index of collapsed) alignAttributes(out, index);
  return { annotated, drifts, text: out.join('\n') };
}

/**
 * Aligns the `=` of the run of one-line attributes around `lines[index]` as `terraform fmt`
 * does (a run ends at a blank line, a comment, a block or a multi-line attribute). Needed only
 * where a multi-line default became one line and so joined its neighbours' run.
 */
function alignAttributes(lines: string[], index: number): void {
  const scanned = scanLines(lines.join('\n'));
  const indent = /^\s*/.exec(lines[index] as string)?.[0] ?? '';
  const inRun = (at: number) => {
    const line = scanned[at];
    const match = line === undefined ? null : ATTRIBUTE_LINE.exec(line.text);
    return match !== null && match[1] === indent && line?.depthBefore === line?.depthAfter;
  };
  let first = index;
  while (inRun(first - 1)) first--;
  let last = index;
  while (inRun(last + 1)) last++;
  const run = lines.slice(first, last + 1).map((line) => ATTRIBUTE_LINE.exec(line) as RegExpExecArray);
  const width = Math.max(...run.map((match) => (match[2] as string).length));
  run.forEach((match, offset) => {
    lines[first + offset] = `${indent}${(match[2] as string).padEnd(width)} = ${match[3]}`;
  });
}

/**
 * The drifts of a report as a message: one line per variable with the setting and both values,
 * then the command that fixes them; empty when nothing drifted.
 *
 * @example
 * driftMessage(report.drifts, 'infra/variables.tf');
 * // 'infra/variables.tf:42: variable "raw_prefix" default = "old/", STACK_SETTINGS.storage.rawPrefix = "readings/"\n...'
 */
export function driftMessage(drifts: readonly DefaultDrift[], file: string): string {
  if (drifts.length === 0) return '';
  const lines = drifts.map(
    (drift) =>
      `${file}:${drift.line}: variable "${drift.variable}" default = ${drift.current}, ${drift.setting} = ${drift.expected}`,
  );
  return `${lines.join('\n')}\n${drifts.length} default(s) differ from STACK_SETTINGS (packages/config/src/stackSettings.ts, the definition); fix: ${SYNC_COMMAND}`;
}
