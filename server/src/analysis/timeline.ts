/**
 * RunData (common/protocol.ts) for the memory map and `mmlab/run`: one run,
 * its steps with LSP ranges, verdict and counts. Ranges here are plain
 * line/character objects (the protocol's LspRange), not LSP library types.
 */
import { Diagnostic } from '../common/diagnostics';
import { LineIndex, Span } from '../common/span';
import { LspRange, RunData, TimelineStep } from './viewData';
import type { DesignInfo } from './designList';
import { inferencesOf } from './inferences';
import { DesignName, Program, Stmt, TimelineItem } from '../model/ir';
import { bodyBase } from '../model/blockSpans';
import { isBinding, RunResult } from '../mm/result';

export function rangeOf(index: LineIndex, s: Span): LspRange {
  return { start: index.positionAt(s.start), end: index.positionAt(s.end) };
}

export type Verdict = 'pass' | 'fail' | 'error';

/** Counts of diagnostics by severity and of BINDING expectations (the one expectation rule, run/result.ts). */
export function countsOf(run: RunResult, all: Diagnostic[]): RunData['counts'] {
  const c = { error: 0, warning: 0, info: 0, expectPassed: 0, expectFailed: 0, expectNotBinding: 0 };
  for (const d of all) {
    if (d.severity === 'error') c.error++;
    else if (d.severity === 'warning') c.warning++;
    else if (d.severity === 'info') c.info++;
  }
  for (const e of run.expectations) {
    if (e.notBinding) c.expectNotBinding++;
    else if (!isBinding(e)) continue;
    else if (e.passed) c.expectPassed++;
    else c.expectFailed++;
  }
  return c;
}

/**
 * fail: a binding expectation failed (one that could not be evaluated counts as failed);
 * error: an error diagnostic other than expect-failed; else pass. Non-binding outcomes never fail.
 */
export function verdictOf(run: RunResult, all: Diagnostic[]): Verdict {
  if (run.expectations.some((e) => isBinding(e) && !e.passed)) return 'fail';
  if (all.some((d) => d.severity === 'error' && d.code !== 'expect-failed')) return 'error';
  return 'pass';
}

/**
 * The static errors that fail a file in `mmlab test`: every error-severity diagnostic of the
 * front end, except one that an `expect diagnostic CODE` claims (its code, inside the subject the
 * expectation observes): a scenario may demonstrate an error on purpose.
 */
export function unclaimedStaticErrors(program: Program, staticDiagnostics: Diagnostic[]): Diagnostic[] {
  const claims: { code: string; subject: Span }[] = [];
  // a block an edit moved keeps its body's positions as lowered, `base` from the text's (model/blockSpans.ts)
  const visit = (items: readonly (TimelineItem | Stmt)[], base: number) => {
    for (const it of items) {
      if (it.kind === 'expect' && it.expectation.form === 'diagnostic' && it.subject) claims.push({ code: it.expectation.code, subject: { start: it.subject.start + base, end: it.subject.end + base } });
      else if (it.kind === 'task' || it.kind === 'kernel' || it.kind === 'device') visit(it.body, bodyBase(it));
      else if ('body' in it) visit(it.body, base);
    }
  };
  visit(program.items, 0);
  return staticDiagnostics.filter((d) => d.severity === 'error' && !claims.some((c) => c.code === d.code && d.span.start >= c.subject.start && d.span.end <= c.subject.end));
}

export function buildRunData(args: {
  uri: string;
  version: number;
  design: DesignName;
  title?: string;
  index: LineIndex;
  run: RunResult;
  all: Diagnostic[];
  /** the designs the scenario can run under (analysis/designList.ts) */
  designs?: DesignInfo[];
}): RunData {
  const { index, run } = args;
  const steps: TimelineStep[] = run.steps.map((s) => {
    const step: TimelineStep = {
      index: s.index,
      range: rangeOf(index, s.span),
      block: s.block,
      actor: s.actor,
      outcome: s.outcome,
      count: s.count,
      placements: s.placements,
      explain: s.explain,
      events: s.events,
      nodes: s.nodes,
    };
    const inferred = inferencesOf(run, [s], s.span);
    if (inferred.length) step.inferred = inferred;
    return step;
  });
  const data: RunData = {
    uri: args.uri,
    version: args.version,
    design: args.design,
    verdict: verdictOf(run, args.all),
    counts: countsOf(run, args.all),
    nodes: run.nodes,
    mappings: run.mappings,
    stats: run.stats,
    steps,
    expectations: run.expectations.map(({ span, ...rest }) => ({ ...rest, range: rangeOf(index, span) })),
  };
  if (args.title !== undefined) data.title = args.title;
  if (run.cut) data.cut = { reason: run.cut.reason, range: rangeOf(index, run.cut.span) };
  if (args.designs) data.designs = args.designs;
  return data;
}
