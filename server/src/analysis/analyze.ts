/**
 * The analysis facade: text in, plain-data answers out. The LSP adapter, the
 * CLI and the tests all come through here, so "parse -> lower -> simulate" is
 * wired in exactly one place. Nothing here throws on user input: an emulator
 * bug becomes an `internal-error` diagnostic on the file's first line.
 */
import { diag, Diagnostic } from '../common/diagnostics';
import { LineIndex } from '../common/span';
import { DesignDef, DesignName, DESIGNS, Program, resolveDesign } from '../model/ir';
import { builtinDesigns, designsOfText } from '../model/designs/builtins';
import { lower } from '../model/lower';
import { defaultCompareDesigns } from './designList';
import { emptyRun, RunOptions, RunResult } from '../mm/result';
import { simulate } from '../run/simulate';
import { IncrementalRun } from '../run/incremental';
import { forgetParts, parse, ParseResult } from '../syntax/parser';
import { SuggestionBudget, withSuggestionBudget } from '../syntax/suggest';
import { StaticBudget, staticUnitsFor, withStaticBudget } from '../common/staticBudget';

export interface StaticAnalysis {
  text: string;
  lineIndex: LineIndex;
  parse: ParseResult;
  program: Program;
  /** syntax + name + static-check diagnostics */
  diagnostics: Diagnostic[];
}

export interface FullAnalysis extends StaticAnalysis {
  design: DesignName;
  run: RunResult;
  /** static diagnostics followed by the run's, de-duplicated */
  allDiagnostics: Diagnostic[];
}

export type AnalysisOptions = Partial<Omit<RunOptions, 'design' | 'staticDiagnostics'>> & { design?: DesignName; workspace?: WorkspaceDesigns };

/** The designs of a workspace's designs.mmlab, lowered once per text (every scenario of the workspace sees them). */
export interface WorkspaceDesigns {
  defs: Record<DesignName, DesignDef>;
  diagnostics: Diagnostic[];
  /** the designs.mmlab text they were lowered from (what a run in another thread is sent) */
  text: string;
}

let lastWorkspace: { text: string; value: WorkspaceDesigns } | undefined;

export function workspaceDesigns(text: string): WorkspaceDesigns {
  if (lastWorkspace?.text === text) return lastWorkspace.value;
  const { defs, diagnostics } = designsOfText(text, 'workspace', builtinDesigns());
  const value = { defs: Object.fromEntries(defs.map((d) => [d.name, d])), diagnostics, text };
  lastWorkspace = { text, value };
  return value;
}

/** the designs a comparison shows by default: the built-ins, then the workspace's and the file's own */
export function comparedDesigns(program: Program): DesignName[] {
  return defaultCompareDesigns(program, DESIGNS);
}

export function analyzeStatic(text: string, opts: { workspace?: WorkspaceDesigns; staticUnits?: number } = {}): StaticAnalysis {
  // the static analysis's own budgets: work units linear in the document (common/staticBudget.ts;
  // past them lowering stops with a diagnostic), and "did you mean" searches (syntax/suggest.ts)
  const budget = new StaticBudget(opts.staticUnits ?? staticUnitsFor(text.length));
  const suggestions = new SuggestionBudget();
  const { parsed, lowered } = withStaticBudget(budget, () =>
    withSuggestionBudget(suggestions, () => {
      const parsed = parse(text);
      return { parsed, lowered: lower(parsed, { workspaceDesigns: opts.workspace?.defs }) };
    }),
  );
  // what an item spent is known only while no search was cut short: then the next version is
  // analysed from scratch (analysis/incrementalStatic.ts)
  if (suggestions.left < 0) forgetParts(parsed);
  return {
    text,
    lineIndex: new LineIndex(text),
    parse: parsed,
    program: lowered.program,
    diagnostics: [...parsed.diagnostics, ...lowered.diagnostics],
  };
}

/** The design a run uses: the caller's choice, else the file's `design` line, else private_v4. */
export function designFor(stat: StaticAnalysis, requested?: DesignName): DesignName {
  return resolveDesign(requested, stat.program);
}

export function runStatic(stat: StaticAnalysis, opts: AnalysisOptions = {}): FullAnalysis {
  const design = designFor(stat, opts.design);
  const run = runProgram(stat.program, stat.diagnostics, { ...opts, design });
  return { ...stat, design, run, allDiagnostics: dedupe([...stat.diagnostics, ...run.diagnostics]) };
}

/**
 * Simulate a lowered program: what runStatic does, for a caller that keeps only the IR. The
 * simulation worker uses it so that the tokens and the syntax tree are garbage before the run
 * starts: otherwise every scavenge during the run copies them. With `incremental` (one per
 * document and design) the run resumes from the previous run's last unchanged statement (ADR 0011),
 * or, given the program's `text`, reuses the previous result after an edit that changed no
 * statement (ADR 0013).
 */
export function runProgram(program: Program, staticDiagnostics: Diagnostic[], opts: AnalysisOptions & { design: DesignName }, incremental?: IncrementalRun, text?: string): RunResult {
  try {
    if (incremental) return incremental.run(program, { ...opts, staticDiagnostics }, text);
    return simulate(program, { ...opts, staticDiagnostics });
  } catch (e) {
    // a failed run leaves no copies behind: the next one starts from scratch
    incremental?.clear();
    const message = e instanceof Error ? e.message : String(e);
    return emptyRun(opts.design, [diag('internal-error', { start: 0, end: 0 }, `emulator failure: ${message}`)]);
  }
}

export function analyzeFull(text: string, opts: AnalysisOptions = {}): FullAnalysis {
  return runStatic(analyzeStatic(text, opts), opts);
}

/** Run one parsed file under several designs (the comparison matrix). */
export function analyzeDesigns(text: string, designs: readonly DesignName[] = DESIGNS, opts: AnalysisOptions = {}): FullAnalysis[] {
  const stat = analyzeStatic(text);
  return designs.map((design) => runStatic(stat, { ...opts, design }));
}

/** Static diagnostics followed by a run's, de-duplicated (what the editor shows after a run). */
export function mergeDiagnostics(staticDiagnostics: Diagnostic[], runDiagnostics: Diagnostic[]): Diagnostic[] {
  return dedupe([...staticDiagnostics, ...runDiagnostics]);
}

function dedupe(ds: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const d of ds) {
    const key = `${d.code}|${d.span.start}|${d.span.end}|${d.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(d);
    }
  }
  return out;
}
