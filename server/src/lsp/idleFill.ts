/**
 * The simulation worker spreads copies of a document's state over it in its idle time (ADR 0040):
 * after a background run (JobRequest.early: the editor's diagnostics run, not a comparison or a
 * What if…), once no job waits, its sessions run their last inputs again from the last copy,
 * copying every stretch of the document (lsp/jobs.ts fillCopies, run/incremental.ts
 * IncrementalRun.fill). A run copies only at its edit, so without them an edit at a new place
 * resumed at an earlier edit's copy or ran from scratch. One pass per job, on a turn of the event
 * loop of its own; it stops when a job comes (within 32 statements), keeping the copies taken.
 * Off unless `MMLAB_IDLE_FILL=1` is in the server's environment: in process it cut the worker's
 * time to an edit's diagnostics (p95 by a quarter), but over the protocol on the 2-core bench
 * machine the goal rows' p95 came out higher with it (its collections and the threads it keeps
 * busy meet the next edit): ADR 0040.
 */
import { fillCopies, JobRequest } from './jobs';
import { mark } from './editTiming';

export class IdleFills {
  private pending?: JobRequest;
  /** passes run and copies taken (tests and logs) */
  passes = 0;
  copies = 0;

  constructor(
    /** a job is waiting for this thread */
    private readonly busy: () => boolean,
    private readonly later: (fn: () => void) => void = (fn) => void setImmediate(fn),
    /** after a pass (the worker collects its young generation: lsp/idleGc.ts) */
    private readonly afterEach: () => void = () => undefined,
    private readonly fill: (job: JobRequest, stop: () => boolean) => number = fillCopies,
    private readonly on = idleFillOn(),
  ) {}

  /** `job` ran: fill its document's copies when idle */
  after(job: JobRequest): void {
    if (!this.on || !job.early || job.uri === undefined) return;
    const first = this.pending === undefined;
    this.pending = job;
    if (first) this.later(this.step);
  }

  /** a job came: the pass for the one before is dropped (the new one's end schedules its own) */
  jobCame(): void {
    this.pending = undefined;
  }

  private readonly step = (): void => {
    const job = this.pending;
    this.pending = undefined;
    if (!job || this.busy()) return;
    mark('fill', { id: job.id });
    const n = this.fill(job, this.busy);
    mark('fillEnd', { id: job.id, copies: n, stopped: this.busy() });
    this.passes++;
    this.copies += n;
    this.afterEach();
  };
}

export function idleFillOn(env: string | undefined = process.env.MMLAB_IDLE_FILL): boolean {
  return env === '1';
}
