import { analyzeStatic, comparedDesigns, runStatic } from '../../analysis/analyze';
import { CompareRowData, compareRows, designGroups } from '../../analysis/compare';
import { CompareCell, INFERRED_MARK } from '../../analysis/viewData';
import { verdictOf } from '../../analysis/timeline';
import { DESIGNS } from '../../model/ir';
import { CliOptions, UsageError } from '../args';
import { readScenario } from '../files';
import { lineCol, toJsonReport } from '../report';
import { fitTable } from '../units';
import { wrap } from '../../analysis/decisions';
import { DesignName } from '../../model/ir';

/** the text table's width: a terminal split in two, a review tool's diff pane */
export const COMPARE_WIDTH = 100;

/** the post-v4 variants go by the keys the design-evolution matrix uses */
const VARIANT_KEYS: Record<string, string> = { nofallback_only: 'TN', folio_only: 'DF', memalloc_scope: 'MA', private_v5: 'v5', memory_public: 'R1', memory_common: 'R2' };

function shortDesign(d: DesignName): string {
  return VARIANT_KEYS[d] ?? d.replace(/^private_/, '');
}
import { budgetOptions, checkDesignNames, CommandResult, json } from './common';

/**
 * `mmlab compare FILE`: the same scenario under every design. Rows are the
 * statements and expectations (the same rows as the editor's comparison view,
 * from analysis/compare.ts); a `*` marks rows where designs disagree. Exit 0.
 */
export function compare(o: CliOptions): CommandResult {
  if (o.files.length !== 1) throw new UsageError('compare takes exactly one FILE');
  const src = readScenario(o.files[0]);
  if ('error' in src) return { exitCode: 2, stdout: '', stderr: src.error };
  const stat = analyzeStatic(src.text, { workspace: src.workspace });
  checkDesignNames(stat, o.designs ?? [], '--designs');
  // the built-ins, then the designs of the workspace's designs.mmlab and of the file (or --designs a,b,c)
  const designs = o.designs ?? comparedDesigns(stat.program);
  const runs = designs.map((design) => runStatic(stat, { ...budgetOptions(o), design }));
  const rows = compareRows(
    stat.parse.file,
    src.text,
    runs.map((a) => ({ design: a.design, run: a.run, all: a.allDiagnostics })),
  );
  if (o.json) {
    const designs = Object.fromEntries(runs.map((a) => [a.design, toJsonReport(src.path, a)]));
    const jsonRows = rows.map((r) => ({ ...lineCol(stat.lineIndex, r.span.start), kind: r.kind, text: r.text, differs: r.differs, cells: r.cells }));
    // verdicts as the comparison view shows them: non-binding outcomes never fail a column
    const verdicts = Object.fromEntries(runs.map((a) => [a.design, verdictOf(a.run, a.allDiagnostics)]));
    return { exitCode: 0, stdout: json({ file: src.path, designs, rows: jsonRows, verdicts }) };
  }
  // Fits COMPARE_WIDTH columns: design headers drop their `private_` prefix, long statements and
  // cells are cut, and every cut cell is printed in full under its table. More designs than one
  // table holds are printed as one table per family (v4 family with the others, then post-v4).
  const lines = rows.map((r) => String(lineCol(stat.lineIndex, r.span.start).line));
  const out = [...wrap(`${src.path}${stat.program.title ? ` — ${stat.program.title}` : ''}`, COMPARE_WIDTH, '  ')];
  const verdictOfDesign = new Map(runs.map((a) => [a.design, verdictOf(a.run, a.allDiagnostics)]));
  for (const [title, cols] of tablesOf(designs)) {
    const header = ['', 'line', 'statement', ...cols.map(shortDesign)];
    const body = rows.map((r, i) => [r.differs ? '*' : '', lines[i], r.text, ...cols.map((d) => cellText(r.cells[d]))]);
    const verdicts = ['', '', 'verdict', ...cols.map((d) => verdictOfDesign.get(d) ?? '')];
    const all = [header, ...body, verdicts];
    const fitted = fitTable(all, COMPARE_WIDTH, [undefined, undefined, 24, ...cols.map((d) => Math.max(shortDesign(d).length, 5))]);
    out.push('');
    if (title) out.push(title, '');
    out.push(fitted.text);
    const cutCells = fitted.cut.filter((c) => c.col >= 3 && c.row > 0 && c.row <= rows.length);
    if (cutCells.length) {
      out.push('', 'cells cut above, in full:');
      for (const c of cutCells) out.push(...wrap(`line ${lines[c.row - 1]} ${cols[c.col - 3]}: ${all[c.row][c.col]}`, COMPARE_WIDTH, '      ').map((l) => `  ${l}`));
    }
  }
  const inferred = inferenceNotes(rows, lines, designs);
  if (inferred.length)
    out.push('', ...wrap(`${INFERRED_CELL} ${INFERRED_MARK}: the outcome rests on an inference, not on kernel code that was read:`, COMPARE_WIDTH, '  '), ...inferred.flatMap((l) => wrap(l, COMPARE_WIDTH - 2, '      ').map((x) => `  ${x}`)));
  const differing = rows.filter((r) => r.differs).length;
  out.push('', `${differing} of ${rows.length} rows differ between designs (marked *)`);
  const renamed = designs.filter((d) => shortDesign(d) !== d);
  if (renamed.length) out.push(...wrap(`columns: ${renamed.map((d) => `${shortDesign(d)} = ${d}`).join(', ')}`, COMPARE_WIDTH, '  '));
  return { exitCode: 0, stdout: out.join('\n') };
}

/** a cell whose outcome rests on an inference ends with this mark (tables are narrow: the inferences are listed under them) */
const INFERRED_CELL = '†';

function cellText(c: CompareCell | undefined): string {
  if (!c) return '';
  return c.inferred ? `${c.text} ${INFERRED_CELL}` : c.text;
}

/** "line 8 (private_v4, private_soft): page-cache allocations use …", one line per (line, inference) */
function inferenceNotes(rows: CompareRowData[], lines: string[], designs: readonly DesignName[]): string[] {
  const out: string[] = [];
  rows.forEach((r, i) => {
    const by = new Map<string, DesignName[]>();
    for (const d of designs) for (const t of r.cells[d]?.inferred ?? []) by.set(t, [...(by.get(t) ?? []), d]);
    for (const [t, ds] of by) out.push(`line ${lines[i]} (${ds.map(shortDesign).join(', ')}): ${t}`);
  });
  return out;
}

/** at most this many design columns per table (seven fit COMPARE_WIDTH) */
const DESIGNS_PER_TABLE = 7;

/** one table, or, when the designs do not fit one: the v4 family with the other built-ins, the post-v4 designs, the declared ones */
function tablesOf(designs: readonly DesignName[]): [string | undefined, DesignName[]][] {
  if (designs.length <= DESIGNS_PER_TABLE) return [[undefined, [...designs]]];
  const post = designGroups(designs).find((g) => g.name === 'post-v4')?.designs ?? [];
  const builtin = designs.filter((d) => !post.includes(d) && DESIGNS.includes(d));
  const declared = designs.filter((d) => !post.includes(d) && !DESIGNS.includes(d));
  const out: [string | undefined, DesignName[]][] = [];
  const add = (title: string, list: DesignName[]) => {
    for (let i = 0; i < list.length; i += DESIGNS_PER_TABLE) out.push([i === 0 ? title : undefined, list.slice(i, i + DESIGNS_PER_TABLE)]);
  };
  add('v4 family and the others:', builtin);
  add('post-v4:', post);
  add('declared in the workspace or the file:', declared);
  return out;
}
