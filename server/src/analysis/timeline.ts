/**
 * RunData (common/protocol.ts) for the memory map and `mmlab/run`: one run,
 * its steps with LSP ranges, verdict and counts. Ranges here are plain
 * line/character objects (the protocol's LspRange), not LSP library types.
 */
import { Diagnostic } from '../common/diagnostics';
import { LineIndex, Span } from '../common/span';
import { LspRange, RunData, TimelineStep } from '../common/protocol';
import { DesignName } from '../model/ir';
import { RunResult } from '../run/result';

export function rangeOf(index: LineIndex, s: Span): LspRange {
  return { start: index.positionAt(s.start), end: index.positionAt(s.end) };
}

export type Verdict = 'pass' | 'fail' | 'error';

export function countsOf(run: RunResult, all: Diagnostic[]): RunData['counts'] {
  const c = { error: 0, warning: 0, info: 0, expectPassed: 0, expectFailed: 0 };
  for (const d of all) {
    if (d.severity === 'error') c.error++;
    else if (d.severity === 'warning') c.warning++;
    else if (d.severity === 'info') c.info++;
  }
  for (const e of run.expectations) {
    if (e.skipped) continue;
    if (e.passed) c.expectPassed++;
    else c.expectFailed++;
  }
  return c;
}

/** fail: an expectation failed; error: an error diagnostic other than expect-failed; else pass. */
export function verdictOf(run: RunResult, all: Diagnostic[]): Verdict {
  if (run.expectations.some((e) => !e.passed && !e.skipped)) return 'fail';
  if (all.some((d) => d.severity === 'error' && d.code !== 'expect-failed')) return 'error';
  return 'pass';
}

export function buildRunData(args: {
  uri: string;
  version: number;
  design: DesignName;
  title?: string;
  index: LineIndex;
  run: RunResult;
  all: Diagnostic[];
}): RunData {
  const { index, run } = args;
  const steps: TimelineStep[] = run.steps.map((s) => ({
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
  }));
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
  return data;
}
