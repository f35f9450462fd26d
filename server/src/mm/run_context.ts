/**
 * What a run observes and spends, beside the kernel state (KernelState in machine.ts,
 * docs/adr/0010-kernel-state.md): the diagnostics it raises, the tracer of the step being run,
 * the per-step and per-statement scratch the interpreter turns into step records and outcomes,
 * and the wall-clock budget. None of it changes what the kernel does next; a snapshot of the
 * kernel at a statement boundary does not include it.
 */
import { Diagnostic } from '../common/diagnostics';
import { Span } from '../common/span';
import { forkableClass } from './fork';
import { Tracer } from './trace';
import { anyArray } from '../common/arrays';

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

/**
 * A step's pages by placement key (Mm.placements, RunContext.lost): the Map calls a step makes on
 * it (get, set, size, iteration in insertion order), over two arrays. Every statement that places
 * or frees pages starts with an empty one, and Map.clear() allocated a new hash table each time
 * (about a tenth of the bytes a diagnostics-only run allocated); clear() here only resets a count.
 * A step touches a few keys, found by a scan; past INDEX_AT keys an index Map finds them.
 */
export class StepTally {
  private keys_: string[] = anyArray();
  private values_: number[] = [];
  private n = 0;
  private index: Map<string, number> | undefined = undefined;

  get size(): number {
    return this.n;
  }
  private find(k: string): number {
    if (this.index !== undefined) return this.index.get(k) ?? -1;
    const ks = this.keys_;
    for (let i = 0; i < this.n; i++) if (ks[i] === k) return i;
    return -1;
  }
  get(k: string): number | undefined {
    const i = this.find(k);
    return i < 0 ? undefined : this.values_[i];
  }
  set(k: string, v: number): this {
    const i = this.find(k);
    if (i >= 0) this.values_[i] = v;
    else this.push(k, v);
    return this;
  }
  /** the entry of k grows by d (a new entry d): one lookup for get and set */
  add(k: string, d: number): void {
    const i = this.find(k);
    if (i >= 0) this.values_[i] += d;
    else this.push(k, d);
  }
  private push(k: string, v: number): void {
    const n = this.n;
    if (n < this.keys_.length) {
      this.keys_[n] = k;
      this.values_[n] = v;
    } else {
      this.keys_.push(k);
      this.values_.push(v);
    }
    this.n = n + 1;
    if (this.index !== undefined) this.index.set(k, n);
    else if (n + 1 > StepTally.INDEX_AT) {
      this.index = new Map();
      for (let i = 0; i <= n; i++) this.index.set(this.keys_[i], i);
    }
  }
  clear(): void {
    // the arrays keep their slots (and the last keys, strings the placement-key memo holds anyway)
    this.n = 0;
    this.index = undefined;
  }
  /** the i-th key in insertion order (i < size) */
  keyAt(i: number): string {
    return this.keys_[i];
  }
  valueAt(i: number): number {
    return this.values_[i];
  }
  *keys(): IterableIterator<string> {
    for (let i = 0; i < this.n; i++) yield this.keys_[i];
  }
  *[Symbol.iterator](): IterableIterator<[string, number]> {
    for (let i = 0; i < this.n; i++) yield [this.keys_[i], this.values_[i]];
  }
  static readonly INDEX_AT = 16;
}

forkableClass(StepTally, () => new StepTally());

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
  /**
   * Whether the step tallies below are kept: a run with step records reads them (run/stepLog.ts);
   * a diagnostics-only run (the editor's path for a long document) reads none, and a placement key
   * and a tally entry per account() were about a twentieth of its statements' time. The interpreter
   * sets it when a run starts (a copy resumed by another kind of run takes that run's).
   */
  tallies = true;
  /** pages that landed during the current step, by placementKey(owner, node) (kept when `tallies`) */
  placements = new StepTally();
  /** pages that left a node during the current step, by placementKey(owner, node) (snapshots update their largest owners from both; kept when `tallies`) */
  lost = new StepTally();
  /**
   * The owners that got pages during the current step, in the order of their placements (an owner
   * once per placement): run/report.ts noteOwners notes the creating statement of the new ones. Its
   * first `placedCount` slots (the array is never shortened: the next step would allocate it again).
   */
  readonly placedOwners: string[] = anyArray();
  placedCount = 0;
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
    // defined from the start, so that a context has one class before and after a step log attaches
    // (boot reads the tracer before the interpreter sets it: ADR 0027)
    setAccounts(this, undefined);
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

forkableClass(RunContext, () => new RunContext(false));
