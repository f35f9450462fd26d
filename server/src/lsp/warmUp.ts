/**
 * The background simulation worker warms V8's JIT on built-in scenarios in its idle time after it
 * starts, so that the first statement edits of a long document do not run the parser, the lowering
 * and the emulator as unoptimised code. Measured on the LSP bench's 5,000-line statement-edit
 * pattern (executeJob in a worker with the server's limits, two rounds alternated): the first five
 * edits took 135/141/91/60/53 and 120/132/88/78/46 ms without it, 134/51/47/64/37 and
 * 142/56/64/41/36 ms after the short scenario's warm-up (30 edits of a 300-line scenario, about
 * 500 ms of the worker's CPU, once per worker).
 *
 * Then a long scenario (WARM_UP_LONG_LINES, past the editor's LARGE_FILE_LINES, run as the editor
 * runs long documents: no trace, no step records), opened and edited WARM_UP_LONG_EDITS times
 * (ADR 0026). What the short one leaves cold is what only a long document reaches (loops over
 * thousands of items and statements, the heap grown to a long document's size): after it, a
 * 5,000-line document's open took 96-172 ms of CPU instead of 202-286, the two rehearsals of its
 * first edit (lsp/rehearsal.ts) 20-45 ms instead of 110-140, so both end inside the bench's 52 ms
 * between the open's results and the first edit, and that edit 15-20 ms instead of 43-64. About
 * 300 ms more of the worker's CPU, once per start (the open 130-165 ms, each edit 15-60). A step of
 * the long scenario stops its run when a job waits (`stop`); its static analysis (tens of ms cold)
 * does not.
 *
 * (ADR 0018.) One edit per turn of the event loop (setImmediate): a real job that arrives is taken first,
 * and waits at most for one warm-up edit.
 */

import { mark } from './editTiming';
import { AnalysedProgram, DocumentStore, executeJob, JobRequest, WorkerMessage } from './jobs';
import { ResultEncoder } from './resultDelta';

export const WARM_UP_URI = 'mmlab-warm-up:///scenario.mmlab';
/** the long scenario's document (its program is kept after the warm-up: Rewarm runs it again) */
export const WARM_UP_LONG_URI = 'mmlab-warm-up:///long.mmlab';
export const WARM_UP_EDITS = 30;
/** the long scenario's lines: past lsp/runs.ts LARGE_FILE_LINES, as long as the first long documents that were slow */
export const WARM_UP_LONG_LINES = 2_500;
/** its edits after it is opened (a long document's first two edits were the slow ones) */
export const WARM_UP_LONG_EDITS = 4;

/**
 * The worker's job for the warm-up's short scenario, sent as the editor sends a document's jobs
 * (early diagnostics, results packed as changes of the last ones: lsp/resultDelta.ts)
 */
export function warmUpJob(text: string): JobRequest {
  return { id: -1, designs: [null], fallbackDesign: 'stock', maxSteps: 50_000, maxMs: 5_000, uri: WARM_UP_URI, text, early: true, packed: true };
}

/** the worker's job for the long scenario's `text`: run as the editor runs a long document (lsp/runs.ts LARGE_FILE_LINES: no trace, no step records), sent as warmUpJob's */
export function longWarmUpJob(text = warmUpScenario(WARM_UP_LONG_LINES)): JobRequest {
  return { ...warmUpJob(text), uri: WARM_UP_LONG_URI, trace: false, maxStepRecords: 0 };
}

/** A 300-line scenario in the shape of long real ones: tasks mapping, binding, touching, checking. */
export function warmUpScenario(lines = 300): string {
  const out = ['scenario "warm-up"', 'design private_v4', 'node 0 dram 64G cpus 0-7', 'node 1 dram 64G cpus 8-15', 'node 2 cxl 64G private ops MIGRATION | MEMPOLICY', ''];
  for (let i = 0; out.length + 10 <= lines - 4; i++) {
    const node = i % 3 === 2 ? 2 : i % 2;
    out.push(`task t${i} cpu ${i % 16} {`, '  a = mmap(4M)', `  mbind(a, MPOL_BIND, ${node})`, '  touch(a)', `  expect pages(a, ${node}) == 100%`, '  b = malloc(1M)', '  touch(b, write, data=text)', '  expect no leak', '}', '');
  }
  out.push('kernel "probe" {', '  p = alloc_pages_node(0, GFP_KERNEL, 0, count=16)', '  expect ok', '}');
  return out.join('\n') + '\n';
}

/** The k-th text of the warm-up: a digit typed into one task's mmap size, then removed (as the bench's edits). */
export function warmUpText(base: string, k: number): string {
  if (k % 2 === 1) return base;
  const lines = base.split('\n');
  const withMmap = lines.flatMap((l, i) => (l.includes('mmap(4M)') ? [i] : []));
  const at = withMmap[(Math.floor(k / 2) * 7) % withMmap.length];
  lines[at] = lines[at].replace('mmap(4M)', 'mmap(42M)');
  return lines.join('\n');
}

/**
 * Runs the warm-up one job per turn (`later`), each through `run` (the worker's job; `long`: the
 * long scenario, run as the editor runs a long document, under WARM_UP_LONG_URI): the short
 * scenario and its `edits`, then the long one and its `longEdits`; `forget` after each scenario
 * (the worker forgets its document, so the long one is opened as a new document is; of the long
 * one it keeps the program for Rewarm).
 */
export function warmUp(
  run: (text: string, long: boolean) => void,
  forget: (long: boolean) => void,
  later: (fn: () => void) => void = (fn) => void setImmediate(fn),
  edits = WARM_UP_EDITS,
  longEdits = WARM_UP_LONG_EDITS,
): void {
  const phases = [
    { base: warmUpScenario(), edits, long: false },
    { base: warmUpScenario(WARM_UP_LONG_LINES), edits: longEdits, long: true },
  ];
  let phase = 0;
  let k = -1;
  const step = (): void => {
    const p = phases[phase];
    if (k >= p.edits) {
      forget(p.long);
      if (++phase === phases.length) return;
      k = -1;
      later(step);
      return;
    }
    mark('warm', { k, long: p.long });
    run(k < 0 ? p.base : warmUpText(p.base, k), p.long);
    mark('warmEnd', { k, long: p.long });
    k++;
    later(step);
  };
  later(step);
}

/**
 * The worker's warm-up jobs, as warmUp's `run` and `forget` (lsp/worker.ts; bench/coldEdits.ts
 * drives the same): each step a job sent as the editor sends a document's (warmUpJob), in a store
 * of the warm-up's own (lsp/jobs.ts DocumentStore): its results are packed against an encoder the
 * server's thread never reads (the worker's bases and dropped ids are the server's), and its
 * sessions never displace a document's from the worker's (at most eight are kept), `stop` ending
 * the long scenario's runs (a job waits), `afterEach` after each. After each scenario its document
 * is forgotten; of the long one the program is kept first, for Rewarm (`longProgram`).
 */
export class WarmUpJobs {
  longProgram?: AnalysedProgram;
  /** the warm-up's documents: their analyses, sessions and posted results (its encoder never the worker's: lsp/jobs.ts) */
  readonly documents = new DocumentStore(new Map(), new Map(), new ResultEncoder());

  constructor(
    private readonly stop: () => boolean,
    private readonly afterEach: () => void,
    private readonly post: (m: WorkerMessage) => void = () => undefined,
  ) {}

  readonly run = (text: string, long: boolean): void => {
    executeJob(long ? longWarmUpJob(text) : warmUpJob(text), this.post, long ? this.stop : undefined, this.documents);
    this.afterEach();
  };

  readonly forget = (long: boolean): void => {
    if (long) this.longProgram = this.documents.program(WARM_UP_LONG_URI);
    this.documents.forget(long ? WARM_UP_LONG_URI : WARM_UP_URI);
  };
}

/** the re-warm's runs of the long scenario after a short document is opened */
export const REWARM_RUNS = 2;
/**
 * The quiet time (no job) before a re-warm run: short enough that the runs fit between the edits of
 * a short document at typing pace (the LSP bench's come about 50 ms apart: 300 ms, as until
 * 2026-12-06, never came there), long enough that a job's results are posted and published first
 * (ADR 0026, 2026-12-06 section)
 */
export const REWARM_QUIET_MS = 20;

/**
 * The long path warmed again after a short document is opened, once the worker is quiet (ADR
 * 0026, 2026-12-05 second section). A short document runs with trace events and step records,
 * under its own design, with statements and node kinds the long scenario never has; its runs
 * deoptimise the emulator's optimised code ("wrong map", "insufficient type feedback": 85-87
 * deoptimisations while the 45 bundled samples are opened and edited after the warm-up), and a
 * long document opened next ran its open and first edits on code being optimised again: in the
 * in-process driver of the worker (the warm-up, the samples, then the 5,000-line document), the
 * open, a rehearsal and five edits took 1,287 ms of CPU against 444 without the samples. So after
 * a short document is opened, once no job came for REWARM_QUIET_MS, the long warm-up scenario's
 * program (kept by the worker after the warm-up: its IR, about 1.3 MB, not its analysis) is run
 * again REWARM_RUNS times as a long document is run (`run`: no analysis, so all of it stops when
 * a job comes: the run polls every 32 statements), and the code is optimised again with the short
 * document's feedback in it. Not at the next idle turn (the first version): measured at load 5-6 it
 * delayed the samples' edits (p95 6.5-11.3 -> 18.7-33.5 ms), and 300 ms of quiet was required. On
 * the idle machine, 20 ms of quiet (the runs between the edits) against 300 (no run in the whole
 * LSP bench), three rounds alternated: the slowest of the long document's first five edits 93.1 /
 * 113.7 / 107.7 against 120.6 / 233.0 / 198.9 ms, the samples' p95 4.7 / 4.7 / 5.0 against 4.3 /
 * 4.4 / 5.0 ms (ADR 0026, 2026-12-06 section).
 */
export class Rewarm {
  private left = 0;
  private scheduled = false;
  private lastJob = -Infinity;
  /** re-warm runs done (tests and logs) */
  done = 0;

  constructor(
    /** the long scenario's program run again, stopped when `stop` says so */
    private readonly run: (stop: () => boolean) => void,
    /** a job is waiting for this thread */
    private readonly busy: () => boolean,
    /** the warm-up has analysed the long scenario (its program is there to run) */
    private readonly ready: () => boolean,
    private readonly later: (fn: () => void, ms: number) => void = (fn, ms) => void setTimeout(fn, ms),
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** a job came (the quiet time starts again when it ends: call jobDone) */
  jobDone(): void {
    this.lastJob = this.now();
  }

  /** a document was opened by `job`: a short one's runs (trace on) may have deoptimised the long path */
  opened(job: { trace?: boolean }): void {
    if (job.trace === false) return;
    this.left = REWARM_RUNS;
    this.schedule(REWARM_QUIET_MS);
  }

  private schedule(ms: number): void {
    if (this.scheduled) return;
    this.scheduled = true;
    this.later(this.step, ms);
  }

  private readonly step = (): void => {
    this.scheduled = false;
    if (this.left <= 0 || !this.ready()) return void (this.left = 0);
    const quiet = this.now() - this.lastJob;
    // a job waits, or one came lately: later (the user is typing)
    if (this.busy() || quiet < REWARM_QUIET_MS) return this.schedule(Math.max(1, REWARM_QUIET_MS - quiet));
    mark('rewarm', { left: this.left });
    this.run(this.busy);
    mark('rewarmEnd', { left: this.left });
    this.done++;
    this.left--;
    if (this.left > 0) this.schedule(0);
  };
}
