/** Plain-text renderings of what-if results for the CLI (the editor renders the same data itself). */
import { wrap } from '../decisions';
import { formatBytes, PAGE_SIZE } from '../../common/format';
import { fitTable } from '../../common/table';
import { ExploreResult, RowChange, VariantOutcome } from './explore';
import { SweepResult } from './sweep';

const WIDTH = 100;

function changeLine(c: RowChange): string {
  if (c.kind === 'node') return `${c.text}: ${c.before} → ${c.after}`;
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
  const focused = r.focusRow || r.focusNode;
  out.push(...wrap(`${file} under ${r.design}: ${total} one-change variants, ${r.fixes.length + r.breaks.length + r.others.length} change something, ${r.unchanged} change nothing${r.invalid ? `, ${r.invalid} not valid files (left out)` : ''}`, WIDTH, '  '));
  if (r.focusNode) out.push(`line ${r.focusLine}: node ${r.focusNode.id}`, `  now: ${r.focusNode.now}`);
  else if (r.focusLine !== undefined && !r.focusRow) out.push(`line ${r.focusLine} has no statement or expectation: ranking by the verdict`);
  if (r.focusRow) out.push(`line ${r.focusLine}: ${r.focusRow.text}`, `  now: ${r.focusRow.cell}`);
  out.push(`verdict now: ${r.base.verdict}`);
  const section = (title: string, list: VariantOutcome[]) => {
    out.push('', `${title}${list.length ? '' : ': none'}`);
    list.slice(0, max).forEach((v, i) => out.push(...variantBlock(v, i + 1, r.focusLine)));
    if (list.length > max) out.push(`  (${list.length - max} more)`);
  };
  section(`changes that fix ${what} (fewest other changes first)`, r.fixes);
  section(`changes that break ${what}`, r.breaks);
  section(focused ? `other changes (those touching line ${r.focusLine} first)` : 'other changes', r.others);
  out.push('', 'print a variant with: mmlab explore FILE --variant ID');
  return out.join('\n');
}

/** The sweep as a table (one row per value and design) and its flip points. */
export function formatSweep(file: string, r: SweepResult): string {
  const out: string[] = [];
  out.push(...wrap(`${file}: ${r.path} = ${r.values.join(', ')}`, WIDTH, '  '));
  out.push(...wrap(`designs: ${r.designs.join(', ')}`, WIDTH, '  '), '');
  const nodeIds = [...new Set(r.points.flatMap((p) => p.summary?.nodes.map((n) => n.id) ?? []))].sort((a, b) => a - b);
  const media = nodeIds.filter((id) => r.points.some((p) => p.summary?.nodes.find((n) => n.id === id)?.mediaCapacityBytes));
  const header = ['value', ...(r.designs.length > 1 ? ['design'] : []), 'verdict', 'failed', ...nodeIds.map((id) => `N${id} used`), ...media.map((id) => `N${id} media`)];
  const rows = r.points.map((p) => {
    const s = p.summary;
    const node = (id: number) => s?.nodes.find((n) => n.id === id);
    return [
      p.value,
      ...(r.designs.length > 1 ? [p.design] : []),
      !s ? 'not run' : s.staticErrors ? 'invalid' : `${s.verdict}${s.cut ? ` (cut: ${s.cut})` : ''}`,
      s ? String(s.rows.filter((x) => x.outcome === 'fail').length) : '',
      ...nodeIds.map((id) => (node(id) ? formatBytes(node(id)!.usedPages * PAGE_SIZE) : '-')),
      ...media.map((id) => (node(id) ? formatBytes(node(id)!.mediaUsedBytes) : '-')),
    ];
  });
  out.push(fitTable([header, ...rows], WIDTH, header.map((_, i) => (i === 0 ? undefined : 6))).text);
  out.push('');
  if (r.invalid.length) out.push(...wrap(`values that make the file invalid: ${r.invalid.join(', ')}`, WIDTH, '  '));
  if (!r.flips.length) out.push(`no outcome flips between ${r.values[0]} and ${r.values[r.values.length - 1]}`);
  else {
    out.push('flip points:');
    for (const f of r.flips) {
      const what = f.line ? `line ${f.line} ${f.text}` : 'verdict';
      out.push(...wrap(`${r.designs.length > 1 ? `${f.design}: ` : ''}${what}: ${f.from.cell} at ${f.from.value} → ${f.to.cell} at ${f.to.value}`, WIDTH - 2, '    ').map((l) => `  ${l}`));
    }
  }
  return out.join('\n');
}
