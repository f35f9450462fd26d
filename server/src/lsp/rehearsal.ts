/**
 * The background simulation worker rehearses the first edits of a document it has just opened, in
 * its idle time, so that they cost what later ones do (ADR 0020, second decision; ADR 0029). A
 * rehearsal does the editor's own path (EditRehearsal): an edit of a statement (a size one digit
 * longer: rehearsalEdit) analysed incrementally and run from scratch with the copy of the state at
 * the edit (run/incremental.ts), the results packed as a job's (lsp/resultDelta.ts); then its
 * undo, resumed from that copy. It works in a store of its own (lsp/jobs.ts rehearsalStore) that
 * goes on from the document's analysis and runs without moving them: the document's next results
 * are what they would have been, packed as changes of the last it posted, and its reports still
 * shared with its last run's. Until 2026-12-06 the rehearsals were the document's program run
 * again, then an edit (a line break, which changes no statement) analysed and run outside any
 * session: the first edits still met cold code where an edit differs from an open (the copy at
 * the edit, the tasks copied on write after it, the resumed run, the packing). On the LSP bench,
 * rounds alternated on the idle machine, the slowest of the 5,000-line document's first five
 * edits 20.5-42.5 ms (median 31.6, seven rounds) against 37.1-100.9 (median 56.7, eight) (ADR 0029).
 *
 * One rehearsal step per turn of the event loop, never while a job waits (`busy`: the server
 * posted a job the worker has not taken), and a run stops at the next statement when one comes. A
 * document longer than REHEARSAL_MAX_LINES is not rehearsed (its run alone takes seconds).
 */
import { AnalysedProgram, DocumentStore, JobRequest, openedAnalysis, rehearsalStore, runAgain } from './jobs';
import { IncrementalReport } from '../run/incremental';
import { Program } from '../model/ir';
import { bodyBase } from '../model/blockSpans';
import { mark } from './editTiming';

export const REHEARSALS = 2;
export const REHEARSAL_MAX_LINES = 20_000;

export class Rehearsals {
  private pending?: { job: JobRequest; left: number; steps: RehearsalSteps };
  /** rehearsals run (tests and logs) */
  done = 0;

  constructor(
    /** a job is waiting for this thread */
    private readonly busy: () => boolean,
    private readonly later: (fn: () => void) => void = (fn) => void setImmediate(fn),
    /** after each step (the worker collects its young generation: lsp/idleGc.ts) */
    private readonly afterEach: () => void = () => undefined,
    /** the rehearsal of `job`'s document, one step at a time */
    private readonly rehearse: (job: JobRequest) => RehearsalSteps = (job) => new EditRehearsal(job),
  ) {}

  /** `job` opened its document (the worker had no analysis of it): rehearse its edit when idle */
  opened(job: JobRequest): void {
    if (lineCount(job.text) > REHEARSAL_MAX_LINES) return;
    const first = !this.pending;
    this.pending = { job, left: REHEARSALS, steps: this.rehearse(job) };
    if (first) this.later(this.step);
  }

  /** a real job came: what was pending is dropped (the document's own edits warm it from now on) */
  jobCame(): void {
    this.pending = undefined;
  }

  private readonly step = (): void => {
    const p = this.pending;
    if (!p) return;
    if (this.busy()) {
      this.pending = undefined;
      return;
    }
    const k = REHEARSALS - p.left;
    mark('rehearse', { k });
    p.steps.step(k, this.busy);
    mark('rehearseEnd', { k, stopped: this.busy() });
    this.done++;
    this.afterEach();
    if (--p.left > 0 && this.pending === p) this.later(this.step);
    else if (this.pending === p) this.pending = undefined;
  };
}

export interface RehearsalSteps {
  /** step `k` (0 to REHEARSALS - 1, in order); `stop` ends its run between statements */
  step(k: number, stop: () => boolean): void;
}

/**
 * The rehearsal of the document `job` just opened. Step 0 is an edit of a statement in the
 * document's second half (rehearsalEdit) as a job does it: the incremental static analysis, a run
 * from scratch that copies the state at the edit, the results packed; step 1 is its undo, resumed
 * from that copy, packed as a change of step 0's. A document with no size to edit has its program
 * run again (step 0). Nothing of the document's moves: the steps work in the rehearsal's store,
 * which goes with it.
 */
export class EditRehearsal implements RehearsalSteps {
  private readonly store?: DocumentStore;
  private readonly analysed?: AnalysedProgram;
  private readonly edited?: string;
  /** how each run of the steps went (tests) */
  readonly reports: IncrementalReport[] = [];

  /**
   * Prepared here, right after the open's job, while its results travel to the editor: prepared at
   * the first step instead, the copies took the idle window the first edit needs (slowest of the
   * first five 67.6 / 89.3 ms against 24.6 / 26.5, 2026-12-06, reverted in 6dab31f).
   */
  constructor(private readonly job: JobRequest) {
    this.analysed = openedAnalysis(job);
    if (!this.analysed) return;
    this.edited = rehearsalEdit(job.text, this.analysed.program);
    // (the sessions' copies only for a rehearsal that edits)
    if (this.edited !== undefined) this.store = rehearsalStore(job.uri!);
  }

  step(k: number, stop: () => boolean): void {
    const { analysed, store, edited, job } = this;
    if (!analysed) return;
    if (!store || edited === undefined) {
      if (k === 0) runAgain(job, analysed, stop);
      return;
    }
    const text = { ...job, text: k === 0 ? edited : job.text };
    runAgain(text, store.analyse(text), stop, store);
    for (const s of store.sessions.values()) if (s.last) this.reports.push(s.last);
  }
}

/**
 * An edit of one statement for a rehearsal: in the first statement of the program's second half
 * (or, failing that, its first) that writes a size and no comment, the size made one digit longer,
 * its smallest such value (`mmap(4M)` -> `mmap(10M)`, `64G` -> `100G`); undefined when no statement
 * has one. One character longer, as a keystroke makes it: every block after the edit is then placed
 * one character further (run/plan.ts planBody), as the document's first keystroke will place them,
 * and a body keeps the plans of its last two shifts, so that keystroke finds the second half's
 * placed and the code that places them compiled. (A same-length edit, `4M` -> `5M` until 2026-12-06,
 * left both to the first keystroke.) (`from`, `by`: another such edit, the size `by` larger, for tests)
 */
export function rehearsalEdit(text: string, program: Program, from: 'middle' | 'start' = 'middle', by?: number): string | undefined {
  const items = program.items;
  const mid = from === 'start' ? 0 : items.findIndex((it) => it.span.start >= text.length >> 1);
  const order = mid < 0 ? items : [...items.slice(mid), ...items.slice(0, mid)];
  for (const item of order) {
    if (!('body' in item)) continue;
    const base = bodyBase(item);
    for (const st of item.body) {
      const start = base + st.span.start;
      const written = text.slice(start, base + st.span.end);
      if (written.includes('//') || written.includes('/*')) continue;
      const m = /\b(\d+)[KMGT]\b/.exec(written);
      if (!m) continue;
      const digits = m[1];
      const size = by === undefined ? '1' + '0'.repeat(digits.length) : String(Number(digits) + by);
      return text.slice(0, start + m.index) + size + text.slice(start + m.index + digits.length);
    }
  }
  return undefined;
}

function lineCount(text: string): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0 && n <= REHEARSAL_MAX_LINES; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
