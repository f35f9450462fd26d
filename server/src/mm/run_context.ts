/**
 * What a run observes and spends, beside the kernel state (KernelState in machine.ts,
 * docs/adr/0010-kernel-state.md): the diagnostics it raises, the tracer of the step being run,
 * the per-step and per-statement scratch the interpreter turns into step records and outcomes,
 * and the wall-clock budget. None of it changes what the kernel does next; a snapshot of the
 * kernel at a statement boundary does not include it.
 */
import { Diagnostic } from '../common/diagnostics';
import { Span } from '../common/span';
import { Tracer } from './trace';

/** an OOM kill during the current statement (the statement's outcome reports it) */
export interface OomEvent {
  victim: string;
  constraint: string;
  privateOom: boolean;
  message?: string;
}

/** what RunContext.accounts is told */
export interface AccountSink {
  account(nid: number, owner: string, delta: number, span: Span | undefined): void;
}

/** the run's account() sink (see RunContext.accounts) */
export function setAccounts(run: RunContext, sink: AccountSink | undefined): void {
  Object.defineProperty(run, 'accounts', { value: sink, writable: true, configurable: true, enumerable: false });
}

export class RunContext {
  /** the run's diagnostics, in the order raised */
  diagnostics: Diagnostic[] = [];
  /** the front end's diagnostics (the run does not repeat what they already say) */
  staticDiagnostics: Diagnostic[] = [];
  /** one private-leak diagnostic per (statement, node, owner), its page count kept up to date */
  leakDiag = new Map<string, { pages: number; diag: Diagnostic }>();
  /** events and decision-path lines of the step being run */
  readonly tracer: Tracer;
  /** the statement being run: diagnostics land here */
  currentSpan: Span = { start: 0, end: 0 };
  /** pages that landed during the current step, by placementKey(owner, node) */
  placements = new Map<string, number>();
  /** pages that left a node during the current step, by placementKey(owner, node) (snapshots update their largest owners from both) */
  lost = new Map<string, number>();
  /**
   * Told every Mm.account() while a run keeps its node snapshots as raw facts (run/stepLog.ts).
   * Set with setAccounts: not enumerable, so a copy of the state (mm/fork.ts walks the enumerable
   * fields) neither copies the run's step log nor takes it along.
   */
  declare readonly accounts?: AccountSink;
  /** OOM kills during the current statement */
  oomEvents: OomEvent[] = [];
  /** wall-clock deadline of the run (ms since epoch); long statements check it between allocator rounds */
  deadline = Infinity;
  timedOut = false;

  constructor(traceEnabled = true) {
    this.tracer = new Tracer(traceEnabled);
  }

  /**
   * For loops inside one statement (allocator rounds, hotplug sections): every 64th iteration
   * `i`, whether the run's time budget is spent (then the interpreter cuts the run there).
   */
  pastDeadline(i: number): boolean {
    if ((i & 63) === 63 && !this.timedOut && Date.now() > this.deadline) this.timedOut = true;
    return this.timedOut;
  }
}
