/** Plain-text renderings of what-if results for the CLI (the editor renders the same data itself). */
import { wrap } from '../decisions';
import { ExploreResult, RowChange, VariantOutcome } from './explore';

const WIDTH = 100;

function changeLine(c: RowChange): string {
  if (c.kind === 'check') return `line ${c.line}: ${c.after ? `new diagnostic ${c.after}` : `diagnostic ${c.before} goes away`}`;
  return `line ${c.line}: ${c.before} → ${c.after}`;
}

function variantBlock(v: VariantOutcome, n: number, focusLine: number | undefined, maxChanges = 4): string[] {
  const out = wrap(`${n}. ${v.variant.label}   [${v.variant.id}]`, WIDTH - 2, '     ').map((l) => `  ${l}`);
  const changes = [...v.changes].sort((a, b) => Number(b.line === focusLine) - Number(a.line === focusLine) || a.line - b.line);
  for (const c of changes.slice(0, maxChanges)) out.push(...wrap(changeLine(c), WIDTH - 7, '    ').map((l) => `       ${l}`));
  if (changes.length > maxChanges) out.push(`       (${changes.length - maxChanges} more rows change)`);
  if (v.verdict) out.push(`       verdict: ${v.verdict}${v.cut ? ` (run cut at its ${v.cut} budget)` : ''}`);
  return out;
}

export function formatExplore(file: string, r: ExploreResult, max = 10): string {
  const out: string[] = [];
  const total = r.runs - 1;
  const what = r.focusRow ? `line ${r.focusLine}` : 'the verdict';
  out.push(...wrap(`${file} under ${r.design}: ${total} one-change variants, ${r.fixes.length + r.breaks.length + r.others.length} change something, ${r.unchanged} change nothing${r.invalid ? `, ${r.invalid} not valid files (left out)` : ''}`, WIDTH, '  '));
  if (r.focusLine !== undefined && !r.focusRow) out.push(`line ${r.focusLine} has no statement or expectation: ranking by the verdict`);
  if (r.focusRow) out.push(`line ${r.focusLine}: ${r.focusRow.text}`, `  now: ${r.focusRow.cell}`);
  out.push(`verdict now: ${r.base.verdict}`);
  const section = (title: string, list: VariantOutcome[]) => {
    out.push('', `${title}${list.length ? '' : ': none'}`);
    list.slice(0, max).forEach((v, i) => out.push(...variantBlock(v, i + 1, r.focusLine)));
    if (list.length > max) out.push(`  (${list.length - max} more)`);
  };
  section(`changes that fix ${what} (fewest other changes first)`, r.fixes);
  section(`changes that break ${what}`, r.breaks);
  section(r.focusRow ? `other changes (those touching line ${r.focusLine} first)` : 'other changes', r.others);
  out.push('', 'print a variant with: mmlab explore FILE --variant ID');
  return out.join('\n');
}
