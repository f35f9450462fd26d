/**
 * The background simulation worker rehearses an edit of a document it has just opened, in its idle
 * time, so that the document's first real edit costs what later ones do (ADR 0020, second
 * decision). The first statement edits of the bench's 5,000-line scenario cost 3-5 times a later
 * one after the worker's warm-up on its short scenario alone: the job's CPU 168-199 ms for the
 * first edit, 87-157 for the second, 20-60 from the fourth on; after two rehearsals of the document
 * itself 46-86 ms for the first and 56-64 for the second (executeJob in one process, three rounds
 * alternated). The first rehearsal runs the document's program again (no analysis, so all of it
 * stops when a job comes: the bench's first edit comes 52 ms after the open's results); the second
 * is the job's work on an edited text (a line break added in the middle of the document): the
 * incremental static analysis from the document's last one and a run from scratch. Results
 * dropped; the document's kept analysis, runs and results are untouched (lsp/jobs.ts rehearseEdit).
 * Since the warm-up also runs a long scenario (lsp/warmUp.ts, ADR 0026) both rehearsals of a
 * 5,000-line document take 20-45 ms of CPU instead of 110-140, so they end before that first edit.
 *
 * One rehearsal per turn of the event loop, never while a job waits (`busy`: the server posted a
 * job the worker has not taken), and a run stops at the next statement when one comes. A document
 * longer than REHEARSAL_MAX_LINES is not rehearsed (its run alone takes seconds).
 */
import { JobRequest } from './jobs';

export const REHEARSALS = 2;
export const REHEARSAL_MAX_LINES = 20_000;

export class Rehearsals {
  private pending?: { job: JobRequest; left: number };
  /** rehearsals run (tests and logs) */
  done = 0;

  constructor(
    /** `runOnly`: the document's own program run again (the first rehearsal: every part of it stops for a job) */
    private readonly rehearse: (job: JobRequest, stop: () => boolean, runOnly: boolean) => void,
    /** a job is waiting for this thread */
    private readonly busy: () => boolean,
    private readonly later: (fn: () => void) => void = (fn) => void setImmediate(fn),
    /** after each rehearsal (the worker collects its young generation: lsp/idleGc.ts) */
    private readonly afterEach: () => void = () => undefined,
  ) {}

  /** `job` opened its document (the worker had no analysis of it): rehearse its edit when idle */
  opened(job: JobRequest): void {
    if (lineCount(job.text) > REHEARSAL_MAX_LINES) return;
    const first = !this.pending;
    this.pending = { job, left: REHEARSALS };
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
    this.rehearse(p.job, this.busy, p.left === REHEARSALS);
    this.done++;
    this.afterEach();
    if (--p.left > 0 && this.pending === p) this.later(this.step);
    else if (this.pending === p) this.pending = undefined;
  };
}

function lineCount(text: string): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0 && n <= REHEARSAL_MAX_LINES; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
