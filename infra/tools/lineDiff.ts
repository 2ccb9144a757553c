/**
 * A line diff of two texts in unified style (`-` removed, `+` added, two lines of
 * context around each change), enough to show what `terraform fmt` would change.
 * Quadratic in the line counts: fine for configuration files of a few hundred lines.
 *
 * @example
 * lineDiff('a = 1\n', 'a   = 1\n'); // '@@ line 1 @@\n-a = 1\n+a   = 1'
 */
export function lineDiff(before: string, after: string, context = 2): string {
  const a = before.split('\n');
  const b = after.split('\n');
  // Longest common subsequence lengths, from the ends.
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      const row = lcs[i] as number[];
      const next = lcs[i + 1] as number[];
      row[j] =
        a[i] === b[j] ? (next[j + 1] as number) + 1 : Math.max(next[j] as number, row[j + 1] as number);
    }
  }
  type Line = { kind: ' ' | '-' | '+'; text: string; lineBefore: number };
  const lines: Line[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      lines.push({ kind: ' ', text: a[i] as string, lineBefore: i + 1 });
      i++;
      j++;
    } else if (i < a.length && (j >= b.length || (lcs[i + 1]?.[j] ?? 0) >= (lcs[i]?.[j + 1] ?? 0))) {
      // Removals first, as unified diffs print them.
      lines.push({ kind: '-', text: a[i] as string, lineBefore: i + 1 });
      i++;
    } else {
      lines.push({ kind: '+', text: b[j] as string, lineBefore: i + 1 });
      j++;
    }
  }
  const keep = lines.map(() => false);
  lines.forEach((line, index) => {
    if (line.kind === ' ') return;
    for (let k = Math.max(0, index - context); k <= Math.min(lines.length - 1, index + context); k++)
      keep[k] = true;
  });
  const out: string[] = [];
  let inHunk = false;
  lines.forEach((line, index) => {
    if (!keep[index]) {
      inHunk = false;
      return;
    }
    if (!inHunk) out.push(`@@ line ${line.lineBefore} @@`);
    inHunk = true;
    out.push(`${line.kind}${line.text}`);
  });
  return out.join('\n');
}
