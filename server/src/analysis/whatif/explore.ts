/**
 * `mmlab explore`: run every one-change variant of a scenario and say what each change flips,
 * ranked so that the most targeted answers come first: "which one change fixes line N?" (the
 * row at line N goes from a leak/error/failed expectation to a good outcome) and "which one
 * change breaks it?". Rows are matched by position in file order: no variant adds or removes a
 * statement.
 */
import { DesignName } from '../../model/ir';
import { AnalysisOptions, analyzeStatic, designFor, workspaceDesigns } from '../analyze';
import { formatBytes } from '../../common/format';
import { isBad, RowOutcome, Runner, RunSummary, WhatIfJob } from './summary';
import { oneChangeVariants, Variant, variantText } from './variants';

export interface RowChange {
  line: number;
  /**
   * `check`: a front-end diagnostic (ops-rejected, …) appeared (after) or went away (before);
   * `node`: the focused node's use (pages used, media) when the focus is a `node` declaration
   */
  kind: RowOutcome['kind'] | 'check' | 'node';
  text: string;
  before: string;
  after: string;
  /** bad → good */
  fixed: boolean;
  /** good → bad */
  broke: boolean;
}

export interface VariantOutcome {
  variant: Variant;
  /** false when the edited file has front-end errors its base has not (not counted) */
  valid: boolean;
  changes: RowChange[];
  verdict?: RunSummary['verdict'];
  /** the row at the focus line changed */
  focus?: RowChange;
  cut?: string;
}

export interface ExploreResult {
  design: DesignName;
  focusLine?: number;
  /** the base row at the focus line (its first row when several start there) */
  focusRow?: RowOutcome;
  /** the focus line declares this node: variants are ranked by how they change its use */
  focusNode?: { id: number; now: string };
  base: RunSummary;
  /** variants that fix the focus (or the verdict when there is no focus), fewest other changes first */
  fixes: VariantOutcome[];
  /** variants that break the focus (or the verdict) */
  breaks: VariantOutcome[];
  /** variants that change something else (the focus too, without fixing or breaking it) */
  others: VariantOutcome[];
  /** variants that changed nothing */
  unchanged: number;
  invalid: number;
  runs: number;
}

export interface ExploreOptions {
  design?: DesignName;
  line?: number;
  designs?: readonly DesignName[];
  /** the text of the workspace's designs.mmlab the file sees (its designs are variants and run too) */
  workspace?: string;
  budget?: Pick<AnalysisOptions, 'maxSteps' | 'maxMs'>;
  progress?: (done: number, total: number) => void;
  isCancelled?: () => boolean;
}

export function variantsOf(text: string, design?: DesignName, designs?: readonly DesignName[], workspace?: string): { base: DesignName; variants: Variant[]; nodeLines: Map<number, number> } {
  const stat = analyzeStatic(text, workspace === undefined ? {} : { workspace: workspaceDesigns(workspace) });
  // line -> the node its declaration starts there (a What if… on a `node` line asks about that node's use)
  const nodeLines = new Map<number, number>();
  for (const i of stat.parse.file.items) if (i.kind === 'NodeDecl' && i.id.kind === 'Number') nodeLines.set(stat.lineIndex.positionAt(i.span.start).line + 1, i.id.value);
  const base = designFor(stat, design);
  const scenario = stat.parse.file.items.find((i) => i.kind === 'Scenario');
  // the `design NAME` line that picks the design (a declaration has a body and is left alone)
  const designDecl = stat.parse.file.items.find((i) => i.kind === 'Design' && !i.body);
  const designSpan = designDecl && designDecl.kind === 'Design' && designDecl.name.kind === 'Ident' ? designDecl.name.span : undefined;
  const variants = oneChangeVariants({
    text,
    file: stat.parse.file,
    lineOf: (o) => stat.lineIndex.positionAt(o).line + 1,
    design: base,
    designSpan,
    scenarioEnd: scenario?.span.end,
    // each design the file can run under, the user's own included
    designs: designs ?? Object.keys(stat.program.designs),
    designDefs: stat.program.designs,
  });
  return { base, variants, nodeLines };
}

/** A node's use as the report shows it: `512 pages, media 1 MiB`. */
function nodeUse(s: RunSummary, id: number): string {
  const n = s.nodes.find((x) => x.id === id);
  if (!n) return 'absent';
  return `${n.usedPages} pages${n.mediaCapacityBytes ? `, media ${formatBytes(n.mediaUsedBytes)}` : ''}`;
}

export async function explore(text: string, o: ExploreOptions, runner: Runner): Promise<ExploreResult> {
  const { base: design, variants, nodeLines } = variantsOf(text, o.design, o.designs, o.workspace);
  const seen = o.workspace === undefined ? {} : { workspace: o.workspace };
  const jobs: WhatIfJob[] = [{ text, design, opts: o.budget, ...seen }, ...variants.map((v) => ({ text: variantText(text, v), design: v.design, opts: o.budget, ...seen }))];
  const results = await runner(jobs, o.progress, o.isCancelled);
  const base = results[0];
  if (!base) throw new Error('cancelled');
  const focusIndex = o.line === undefined ? -1 : base.rows.findIndex((r) => r.line === o.line);
  const focusNode = focusIndex < 0 && o.line !== undefined ? nodeLines.get(o.line) : undefined;
  const outcomes: VariantOutcome[] = [];
  let invalid = 0;
  let unchanged = 0;
  variants.forEach((variant, i) => {
    const s = results[i + 1];
    if (!s) return; // cancelled
    const valid = s.staticErrors <= base.staticErrors && s.rows.length === base.rows.length;
    if (!valid) {
      invalid++;
      return;
    }
    const changes = diffRows(base, s);
    let focus = focusIndex >= 0 ? changes.find((c) => c.line === base.rows[focusIndex].line && c.text === base.rows[focusIndex].text) : undefined;
    if (focusNode !== undefined && nodeUse(base, focusNode) !== nodeUse(s, focusNode)) {
      focus = { line: o.line!, kind: 'node', text: `node ${focusNode}`, before: nodeUse(base, focusNode), after: nodeUse(s, focusNode), fixed: false, broke: false };
      changes.push(focus);
    }
    if (!changes.length && s.verdict === base.verdict) {
      unchanged++;
      return;
    }
    outcomes.push({ variant, valid, changes, verdict: s.verdict, ...(focus ? { focus } : {}), ...(s.cut ? { cut: s.cut } : {}) });
  });
  // fewer changed rows = a more targeted answer; then the file order of the change
  const rank = (a: VariantOutcome, b: VariantOutcome) => a.changes.length - b.changes.length || a.variant.line - b.variant.line;
  const fixes: VariantOutcome[] = [];
  const breaks: VariantOutcome[] = [];
  const others: VariantOutcome[] = [];
  for (const v of outcomes) {
    const fixed = focusIndex >= 0 ? !!v.focus?.fixed : base.verdict !== 'pass' && v.verdict === 'pass';
    const broke = focusIndex >= 0 ? !!v.focus?.broke : base.verdict === 'pass' && v.verdict !== 'pass';
    (fixed ? fixes : broke ? breaks : others).push(v);
  }
  if (focusIndex >= 0 || focusNode !== undefined) others.sort((a, b) => Number(!a.focus) - Number(!b.focus) || rank(a, b));
  else others.sort(rank);
  return {
    design,
    ...(o.line !== undefined ? { focusLine: o.line } : {}),
    ...(focusIndex >= 0 ? { focusRow: base.rows[focusIndex] } : {}),
    ...(focusNode !== undefined ? { focusNode: { id: focusNode, now: nodeUse(base, focusNode) } } : {}),
    base,
    fixes: fixes.sort(rank),
    breaks: breaks.sort(rank),
    others,
    unchanged,
    invalid,
    runs: results.filter(Boolean).length,
  };
}

export function diffRows(base: RunSummary, s: RunSummary): RowChange[] {
  const out: RowChange[] = [];
  base.rows.forEach((b, i) => {
    const a = s.rows[i];
    if (!a || a.cell === b.cell) return;
    // an expectation another design does not check (`under`) has not changed its outcome
    if (b.kind === 'expect' && (b.outcome === 'skipped' || a.outcome === 'skipped')) return;
    out.push({ line: b.line, kind: b.kind, text: b.text, before: b.cell, after: a.cell, fixed: isBad(b.outcome) && isGood(a.outcome), broke: isGood(b.outcome) && isBad(a.outcome) });
  });
  const checks = (list: string[], other: string[], present: boolean) => {
    for (const c of list.filter((x) => !other.includes(x))) {
      const [line, code] = c.split(' ');
      out.push({ line: Number(line), kind: 'check', text: code, before: present ? '' : code, after: present ? code : '', fixed: false, broke: false });
    }
  };
  checks(s.checks, base.checks, true);
  checks(base.checks, s.checks, false);
  return out;
}

function isGood(outcome: string): boolean {
  return outcome === 'ok' || outcome === 'pass';
}
