/**
 * One run of a what-if job, boiled down to what explore/sweep/shrink compare: each row's cell
 * (the comparison view's words for a statement or an expectation), the verdict, and each node's
 * use. Plain, small data: worker threads send it back, and equal runs give equal summaries.
 */
import { DesignName } from '../../model/ir';
import { analyzeStatic, AnalysisOptions, runStatic } from '../analyze';
import { compareRows } from '../compare';
import { verdictOf } from '../timeline';

export interface WhatIfJob {
  text: string;
  design: DesignName;
  /** the emulator budget of this run (every run keeps it) */
  opts?: Pick<AnalysisOptions, 'maxSteps' | 'maxMs'>;
}

export interface RowOutcome {
  kind: 'statement' | 'expect';
  /** 1-based */
  line: number;
  text: string;
  /** the comparison cell's text: `N0 ×64`, `leak N2 ×1`, `ENOMEM`, `✓`, `✗ got …`, `—` */
  cell: string;
  /** ok | leak | error | oom | skipped | killed | not-run | pass | fail */
  outcome: string;
}

export interface NodeUse {
  id: number;
  usedPages: number;
  capacityPages: number;
  mediaUsedBytes: number;
  mediaCapacityBytes?: number;
}

export interface RunSummary {
  design: DesignName;
  verdict: 'pass' | 'fail' | 'error';
  /** syntax and name errors of the front end: a variant with more than its base is not a valid file */
  staticErrors: number;
  /** the front end's other errors and warnings as `LINE code` (ops-rejected, …): a change can add or remove them */
  checks: string[];
  errors: number;
  leaks: number;
  rows: RowOutcome[];
  nodes: NodeUse[];
  /** the run stopped at its budget */
  cut?: string;
  executed: number;
}

/** front-end codes that make a file one you would not send: it does not parse or names nothing real */
const INVALID_FILE = new Set(['syntax', 'unknown-name', 'unknown-flag', 'invalid-argument', 'internal-error']);

export function summarize(job: WhatIfJob): RunSummary {
  const stat = analyzeStatic(job.text);
  const a = runStatic(stat, { ...(job.opts ?? {}), design: job.design, trace: false });
  const rows = compareRows(stat.parse.file, job.text, [{ design: a.design, run: a.run, all: a.allDiagnostics }]);
  return {
    design: a.design,
    verdict: verdictOf(a.run, a.allDiagnostics),
    staticErrors: stat.diagnostics.filter((d) => d.severity === 'error' && INVALID_FILE.has(d.code)).length,
    checks: [...new Set(stat.diagnostics.filter((d) => (d.severity === 'error' || d.severity === 'warning') && !INVALID_FILE.has(d.code)).map((d) => `${stat.lineIndex.positionAt(d.span.start).line + 1} ${d.code}`))],
    errors: a.allDiagnostics.filter((d) => d.severity === 'error').length,
    leaks: a.allDiagnostics.filter((d) => d.code === 'private-leak').length,
    rows: rows.map((r) => {
      const c = r.cells[a.design]!;
      // what-if asks whether line N holds under the design it runs: the evaluated outcome, binding or not
      const outcome = c.outcome === 'not-binding-pass' ? 'pass' : c.outcome === 'not-binding-fail' ? 'fail' : c.outcome;
      return { kind: r.kind, line: stat.lineIndex.positionAt(r.span.start).line + 1, text: r.text, cell: c.text.replace(/^\((✓|✗)\)/, '$1'), outcome };
    }),
    nodes: a.run.nodes.map((n) => ({
      id: n.id,
      usedPages: n.usedPages,
      capacityPages: n.capacityPages,
      mediaUsedBytes: n.mediaUsedBytes,
      ...(n.mediaCapacityBytes ? { mediaCapacityBytes: n.mediaCapacityBytes } : {}),
    })),
    ...(a.run.cut ? { cut: a.run.cut.reason } : {}),
    executed: a.run.executed,
  };
}

/** Runs jobs and returns their summaries in job order; `progress(done, total)` after each. */
export type Runner = (jobs: WhatIfJob[], progress?: (done: number, total: number) => void, isCancelled?: () => boolean) => Promise<(RunSummary | undefined)[]>;

/** The in-process runner (tests, the language server's worker): one job after another. */
export const runInProcess: Runner = async (jobs, progress, isCancelled) => {
  const out: (RunSummary | undefined)[] = [];
  for (const j of jobs) {
    if (isCancelled?.()) {
      out.push(undefined);
      continue;
    }
    out.push(summarize(j));
    progress?.(out.length, jobs.length);
  }
  return out;
};

/** a failing outcome of a row: the statement did not do what it asked, or the expectation failed */
export function isBad(outcome: string): boolean {
  return outcome === 'leak' || outcome === 'error' || outcome === 'oom' || outcome === 'killed' || outcome === 'fail';
}
