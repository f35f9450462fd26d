/**
 * Code lenses as plain data. Listing them needs only the syntax tree (cheap);
 * their titles come from the run when the editor resolves them.
 */
import { Span } from '../common/span';
import { DesignName } from '../model/ir';
import { RunResult } from '../run/result';
import { SourceFile } from '../syntax/ast';
import { walkStatements } from './tree';

export type LensKind = 'run' | 'compare' | 'map' | 'expect';

export interface LensSite {
  kind: LensKind;
  span: Span;
}

export interface LensSettings {
  run: boolean;
  expect: boolean;
}

export function lensSites(file: SourceFile, s: LensSettings): LensSite[] {
  const out: LensSite[] = [];
  if (s.run) {
    const scenario = file.items.find((i) => i.kind === 'Scenario') ?? file.items[0];
    const span = scenario ? scenario.span : { start: 0, end: 0 };
    out.push({ kind: 'run', span }, { kind: 'compare', span }, { kind: 'map', span });
  }
  if (s.expect) {
    walkStatements(file, (st) => {
      if (st.kind === 'Expect') out.push({ kind: 'expect', span: st.span });
    });
  }
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
      const checked = run.expectations.filter((e) => !e.skipped);
      const passed = checked.filter((e) => e.passed).length;
      const verdict = input.verdict === 'pass' ? '✓' : input.verdict === 'fail' ? '✗' : '⚠';
      return `▶ Run (${design}) ${verdict} ${passed}/${checked.length} expects${run.cut ? ' (cut by budget)' : ''}`;
    }
    case 'compare':
      return '⇄ Compare designs';
    case 'map':
      return '▦ Show memory map';
    case 'expect': {
      const e = run?.expectations.find((x) => x.span.start === site.span.start);
      if (!run) return '… running';
      if (!e) return '— not reached';
      if (e.skipped) return `— skipped under ${design}`;
      if (e.passed) return e.actual ? `✓ ${e.actual}` : '✓';
      return e.actual ? `✗ got ${e.actual}` : '✗';
    }
  }
}
