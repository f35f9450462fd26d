/**
 * Code lenses as plain data. Listing them needs only the syntax tree (cheap);
 * their titles come from the run when the editor resolves them.
 */
import { Span } from '../common/span';
import { DesignName } from '../model/ir';
import { expectationMark, expectationNote, isBinding, RunResult } from '../mm/result';
import { SourceFile, Stmt } from '../syntax/ast';
import { CALLS } from '../vocab/calls';
import { walkStatements } from './tree';

/**
 * whatif/shrink: the editor's What if… and Shrink to a minimal scenario on an expectation
 * (analysis/whatif); What if… also sits on each allocation, policy call and node declaration.
 * sweep: "Sweep…" on each `param` declaration (the editor's sweep view).
 */
export type LensKind = 'run' | 'compare' | 'map' | 'expect' | 'whatif' | 'shrink' | 'sweep';

export interface LensSite {
  kind: LensKind;
  span: Span;
}

export interface LensSettings {
  run: boolean;
  expect: boolean;
  /** What if… and Shrink lenses beside each expectation's ✓/✗, What if… on statements (default on) */
  whatIf?: boolean;
}

/**
 * Statements whose outcome a single change can move, so a What if… lens pays off there:
 * the calls that allocate or fault pages and the calls that set where pages go.
 */
const WHAT_IF_CALLS = new Set(
  CALLS.filter((c) => c.returns || c.params.some((p) => p.kind === 'gfp')).map((c) => c.name).concat(['touch', 'write', 'pin', 'mbind', 'set_mempolicy', 'set_mempolicy_home_node', 'move_pages', 'migrate_pages']),
);

/**
 * Past this many statement and node What if… lenses a file gets none (the expectations keep
 * theirs): a generated scenario of 60,000 allocations would otherwise send 60,000 lenses on
 * every edit, and a What if… there (one-change variants of a huge file) is no quick question.
 */
export const MAX_STATEMENT_WHAT_IF_LENSES = 2000;

function statementWhatIf(st: Stmt): boolean {
  if (st.kind !== 'CallStmt') return false;
  return WHAT_IF_CALLS.has(st.call.callee.name);
}

export function lensSites(file: SourceFile, s: LensSettings): LensSite[] {
  const out: LensSite[] = [];
  if (s.run) {
    const scenario = file.items.find((i) => i.kind === 'Scenario') ?? file.items[0];
    const span = scenario ? scenario.span : { start: 0, end: 0 };
    out.push({ kind: 'run', span }, { kind: 'compare', span }, { kind: 'map', span });
  }
  const whatIf = s.whatIf ?? true;
  const onStatements: LensSite[] = [];
  if (whatIf) for (const item of file.items) if (item.kind === 'NodeDecl') onStatements.push({ kind: 'whatif', span: item.span });
  if (whatIf) for (const item of file.items) if (item.kind === 'Param' && item.name.kind === 'Ident') out.push({ kind: 'sweep', span: item.span });
  if (s.expect || whatIf) {
    walkStatements(file, (st) => {
      if (st.kind === 'Expect' && s.expect) {
        out.push({ kind: 'expect', span: st.span });
        if (whatIf) out.push({ kind: 'whatif', span: st.span }, { kind: 'shrink', span: st.span });
      } else if (whatIf && onStatements.length <= MAX_STATEMENT_WHAT_IF_LENSES && statementWhatIf(st)) onStatements.push({ kind: 'whatif', span: st.span });
    });
  }
  if (onStatements.length <= MAX_STATEMENT_WHAT_IF_LENSES) out.push(...onStatements);
  return out;
}

export interface LensTitleInput {
  design: DesignName;
  run?: RunResult;
  verdict?: 'pass' | 'fail' | 'error';
}

export function lensTitle(site: LensSite, input: LensTitleInput): string {
  const { run, design } = input;
  switch (site.kind) {
    case 'run': {
      if (!run) return `▶ Run (${design})`;
      // binding expectations only (the one expectation rule, run/result.ts); the rest are named apart
      const checked = run.expectations.filter(isBinding);
      const passed = checked.filter((e) => e.passed).length;
      const notBinding = run.expectations.filter((e) => e.notBinding).length;
      const verdict = input.verdict === 'pass' ? '✓' : input.verdict === 'fail' ? '✗' : '⚠';
      const extra = [notBinding ? `${notBinding} not binding under ${design}` : '', input.verdict === 'error' ? 'errors in the file' : ''].filter(Boolean).join(', ');
      return `▶ Run (${design}) ${verdict} ${passed}/${checked.length} expects${extra ? ` (${extra})` : ''}${run.cut ? ' (cut by budget)' : ''}`;
    }
    case 'compare':
      return '⇄ Compare designs';
    case 'map':
      return '▦ Show memory map';
    case 'whatif':
      return '⚗ What if…';
    case 'shrink':
      return '✂ Shrink to a minimal scenario';
    case 'sweep':
      return '⇶ Sweep…';
    case 'expect': {
      const e = run?.expectations.find((x) => x.span.start === site.span.start);
      if (!run) return '… running';
      if (!e) return '— not reached';
      if (e.skipped) return `— skipped under ${design}`;
      const mark = expectationMark(e);
      const note = e.notBinding ? ` — ${expectationNote(e, design)}` : '';
      if (e.passed) return `${mark}${e.actual ? ` ${e.actual}` : ''}${note}`;
      return `${mark}${e.actual ? ` ${e.invalid ? '' : 'got '}${e.actual}` : ''}${note}`;
    }
  }
}
