/**
 * One run of a what-if job, boiled down to what explore/sweep/shrink compare: each row's cell
 * (the comparison view's words for a statement or an expectation), the verdict, and each node's
 * use. Plain, small data: worker threads send it back, and equal runs give equal summaries.
 */
import { DesignName } from '../../model/ir';
import { analyzeStatic, AnalysisOptions, FullAnalysis, runStatic, StaticAnalysis, workspaceDesigns } from '../analyze';
import { compareRows } from '../compare';
import { verdictOf } from '../timeline';

export interface WhatIfJob {
  text: string;
  design: DesignName;
  /** the emulator budget of this run (every run keeps it) */
  opts?: Pick<AnalysisOptions, 'maxSteps' | 'maxMs'>;
  /**
   * the text of the workspace's designs.mmlab the file sees, if any: a run in a worker thread
   * lowers it itself (it gets plain data), so a design declared there runs there too
   */
  workspace?: string;
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

/** Jobs of one text (and one budget): the file is parsed, lowered and checked once, then run under each design. */
export interface WhatIfBatch {
  text: string;
  designs: DesignName[];
  opts?: WhatIfJob['opts'];
  workspace?: string;
}

/**
 * The run options a summary needs: no trace events, no decision-path lines, no node states in
 * the step records (none is read: the cells are built lean, the nodes' use is the run's final
 * report). Step records stay: a cell's pages per node and errno tally come from them.
 * test/whatif/summary.test.ts proves the summaries equal to those of a full run.
 */
export const SUMMARY_RUN: AnalysisOptions = { trace: false, explain: false, stepNodes: false };

/**
 * The summaries of one text under each design, in `designs` order; undefined where the emulator
 * failed, and for every run that `isCancelled` stopped (a run is cancelled between statements:
 * a batch stops as soon as a single run would).
 */
export function summarizeBatch(b: WhatIfBatch, run: AnalysisOptions = SUMMARY_RUN, lean = true, isCancelled?: () => boolean): (RunSummary | undefined)[] {
  const stat = analyzeStatic(b.text, b.workspace === undefined ? {} : { workspace: workspaceDesigns(b.workspace) });
  const staticErrors = stat.diagnostics.filter((d) => d.severity === 'error' && INVALID_FILE.has(d.code)).length;
  const checks = [...new Set(stat.diagnostics.filter((d) => (d.severity === 'error' || d.severity === 'warning') && !INVALID_FILE.has(d.code)).map((d) => `${lineOf(stat, d.span.start)} ${d.code}`))];
  return b.designs.map((design) => {
    if (isCancelled?.()) return undefined;
    try {
      const a = runStatic(stat, { ...(b.opts ?? {}), ...run, design, ...(isCancelled ? { isCancelled } : {}) });
      // a cancelled run is no answer: its summary would read as the scenario's outcome
      return a.run.cut?.reason === 'cancelled' ? undefined : summaryOf(stat, a, staticErrors, checks, lean);
    } catch {
      return undefined; // runStatic never throws on user input; an emulator bug loses this one run
    }
  });
}

function lineOf(stat: StaticAnalysis, offset: number): number {
  return stat.lineIndex.positionAt(offset).line + 1;
}

function summaryOf(stat: StaticAnalysis, a: FullAnalysis, staticErrors: number, checks: string[], lean: boolean): RunSummary {
  const rows = compareRows(stat.parse.file, stat.text, [{ design: a.design, run: a.run, all: a.allDiagnostics }], { lean });
  return {
    design: a.design,
    verdict: verdictOf(a.run, a.allDiagnostics),
    staticErrors,
    checks,
    errors: a.allDiagnostics.filter((d) => d.severity === 'error').length,
    leaks: a.allDiagnostics.filter((d) => d.code === 'private-leak').length,
    rows: rows.map((r) => {
      const c = r.cells[a.design]!;
      // what-if asks whether line N holds under the design it runs: the evaluated outcome, binding or not
      const outcome = c.outcome === 'not-binding-pass' ? 'pass' : c.outcome === 'not-binding-fail' ? 'fail' : c.outcome;
      return { kind: r.kind, line: lineOf(stat, r.span.start), text: r.text, cell: c.text.replace(/^\((✓|✗)\)/, '$1'), outcome };
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

/** one job (a batch of one); throws where a batch would lose the run */
export function summarize(job: WhatIfJob): RunSummary {
  const s = summarizeBatch({ text: job.text, designs: [job.design], opts: job.opts, workspace: job.workspace })[0];
  if (!s) throw new Error(`what-if: the run under ${job.design} failed`);
  return s;
}

/**
 * Jobs grouped by text, workspace designs and budget, each group in job order with the job indexes it answers.
 * A group larger than its share is split when there are fewer groups than `parts` (a shrink
 * step runs one text under two designs: both threads still get one).
 */
export function batchJobs(jobs: readonly WhatIfJob[], parts = 1): { batch: WhatIfBatch; index: number[] }[] {
  const groups = new Map<string, { batch: WhatIfBatch; index: number[] }>();
  jobs.forEach((j, i) => {
    const k = `${j.opts?.maxSteps ?? ''}\0${j.opts?.maxMs ?? ''}\0${j.workspace?.length ?? -1}\0${j.workspace ?? ''}\0${j.text}`;
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { batch: { text: j.text, designs: [], ...(j.opts ? { opts: j.opts } : {}), ...(j.workspace !== undefined ? { workspace: j.workspace } : {}) }, index: [] }));
    g.batch.designs.push(j.design);
    g.index.push(i);
  });
  const out = [...groups.values()];
  if (out.length >= parts) return out;
  return out.flatMap((g) => {
    const size = Math.ceil(g.index.length / Math.ceil(parts / out.length));
    const pieces: { batch: WhatIfBatch; index: number[] }[] = [];
    for (let s = 0; s < g.index.length; s += size) pieces.push({ batch: { ...g.batch, designs: g.batch.designs.slice(s, s + size) }, index: g.index.slice(s, s + size) });
    return pieces;
  });
}

/** Runs jobs and returns their summaries in job order; `progress(done, total)` after each. */
export type Runner = (jobs: WhatIfJob[], progress?: (done: number, total: number) => void, isCancelled?: () => boolean) => Promise<(RunSummary | undefined)[]>;

/** The in-process runner (tests, --jobs 1): one text after another, each under its designs. */
export const runInProcess: Runner = async (jobs, progress, isCancelled) => {
  const out: (RunSummary | undefined)[] = new Array(jobs.length).fill(undefined);
  let done = 0;
  for (const { batch, index } of batchJobs(jobs)) {
    // back to the event loop between batches: a Ctrl-C (a signal handler) or a cancel message can
    // only be seen there, and without this a one-thread sweep or shrink ran to its end regardless
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (isCancelled?.()) break;
    summarizeBatch(batch, SUMMARY_RUN, true, isCancelled).forEach((s, k) => (out[index[k]] = s));
    done += index.length;
    progress?.(done, jobs.length);
  }
  return out;
};


/** a failing outcome of a row: the statement did not do what it asked, or the expectation failed */
export function isBad(outcome: string): boolean {
  return outcome === 'leak' || outcome === 'error' || outcome === 'oom' || outcome === 'killed' || outcome === 'fail';
}
