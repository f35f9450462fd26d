/**
 * What one simulation run returns: the contract between the emulator (producer)
 * and the analysis layer, the CLI (JSON of language.md, command line), the language server's
 * custom requests and the webviews (consumers). Plain data, JSON-serialisable,
 * deterministic (no timestamps, no Map/Set, stable key order).
 */
import { Diagnostic } from '../common/diagnostics';
import { Span } from '../common/span';
import { DesignName } from '../model/ir';

export interface RunOptions {
  design: DesignName;
  /** statement executions before `budget-exceeded` (default 50,000): the deterministic cut */
  maxSteps?: number;
  /** wall-clock safety net in ms (default 30000); a cut by it is `time-budget-exceeded`, not deterministic */
  maxMs?: number;
  /** record kernel-tracepoint-like events per step (default true; off for benches) */
  trace?: boolean;
  /** keep the decision path (explain lines) in step records (default true; what-if summaries read none) */
  explain?: boolean;
  /** keep each node's state in every step record (default true; what-if summaries read none) */
  stepNodes?: boolean;
  /**
   * keep at most this many step records (default 20,000); later steps update the last record
   * of their span (count, outcome, stats; node state every 1024 executions), others are dropped
   */
  maxStepRecords?: number;
  /** cooperative cancellation: checked between statements */
  isCancelled?: () => boolean;
  /**
   * build `nodes` and `mappings` when first read, not when the run ends (the simulation worker:
   * it posts the diagnostics before it reads them, ADR 0025). The machine stays alive until then:
   * only for a caller that reads them soon or drops the result
   */
  reportsWhenRead?: boolean;
  /**
   * diagnostics the front end already raised (syntax, ops-rejected...): `expect diagnostic CODE`
   * also matches these when they sit on the statement or declaration before the expect
   */
  staticDiagnostics?: Diagnostic[];
}

export interface RunResult {
  design: DesignName;
  /** diagnostics raised while running (static ones are added by the analysis layer) */
  diagnostics: Diagnostic[];
  expectations: ExpectationResult[];
  nodes: NodeReport[];
  mappings: MappingReport[];
  /** vmstat-like counters, keys sorted */
  stats: Record<string, number>;
  steps: StepRecord[];
  /** statement executions performed */
  executed: number;
  /** set when the run stopped at its budget */
  cut?: { reason: 'steps' | 'time' | 'cancelled'; span: Span };
  /** vm.panic_on_oom turned an OOM into a kernel panic at this statement: the run ended there */
  panic?: { span: Span; message: string };
}

export interface ExpectationResult {
  span: Span;
  text: string;
  passed: boolean;
  /** true when `under` excluded this design (then passed is true and it was not checked) */
  skipped?: boolean;
  /** what was observed, e.g. "pages(buf, 0) = 100% (262144 of 262144)" */
  actual?: string;
  /**
   * Evaluated under a design other than the file's own, which its `under` does not name (it has
   * none): the outcome is shown but binds nothing there (the one expectation rule, below).
   */
  notBinding?: true;
  /** The line could not be evaluated (a static error in it): always a binding failure; `actual` says why. */
  invalid?: true;
}

/**
 * The one expectation rule every surface follows (CLI test/run/compare, editor diagnostics and
 * lenses, comparison view, memory map): an expectation with `under D...` is checked under those
 * designs and skipped elsewhere; one without `under` binds under the file's own design (its
 * `design` line, or the default) and, under any other design, is evaluated and shown as not
 * binding: it never fails a run, a test or CI there. An expectation that could not be evaluated
 * always fails.
 */
export type ExpectationStatus = 'pass' | 'fail' | 'skipped' | 'not-binding-pass' | 'not-binding-fail';

/** what the surfaces need of an expectation result (RunData carries it without the span) */
type Outcomeish = Pick<ExpectationResult, 'passed' | 'skipped' | 'notBinding'>;

export function expectationStatus(e: Outcomeish): ExpectationStatus {
  if (e.skipped) return 'skipped';
  if (e.notBinding) return e.passed ? 'not-binding-pass' : 'not-binding-fail';
  return e.passed ? 'pass' : 'fail';
}

/** binding = counts towards a verdict (passed or failed) */
export function isBinding(e: Outcomeish): boolean {
  return !e.skipped && !e.notBinding;
}

/** ✓ / ✗ for binding outcomes, (✓) / (✗) for outcomes shown but not binding, – when skipped */
export function expectationMark(e: Outcomeish): string {
  return { pass: '✓', fail: '✗', skipped: '–', 'not-binding-pass': '(✓)', 'not-binding-fail': '(✗)' }[expectationStatus(e)];
}

/** the words a surface adds after a non-binding or skipped outcome ('' for binding ones) */
export function expectationNote(e: Outcomeish, design: string): string {
  if (e.skipped) return `skipped under ${design}`;
  if (e.notBinding) return `not binding under ${design}: no \`under\`, so it binds only under the file's own design`;
  return '';
}

export type NodeStateName =
  | 'normal' // N_MEMORY
  | 'private' // N_MEMORY_PRIVATE
  | 'spm' // SPM node (spm_v2): N_MEMORY but filtered
  | 'device' // ZONE_DEVICE memory (zone_device design)
  | 'offline'
  | 'memoryless';

export interface NodeReport {
  id: number;
  kind: string;
  state: NodeStateName;
  capacityPages: number;
  usedPages: number;
  freePages: number;
  /** CRAM: bytes of media in use (run allocations only); 0 elsewhere */
  mediaUsedBytes: number;
  mediaCapacityBytes?: number;
  /** CRAM: still accepts demotions */
  open?: boolean;
  pressure?: number;
  /** CRAM: the device thresholds as fractions of FREE media (as declared; the memory map draws them) */
  watermarks?: { low: number; high: number };
  tier?: number;
  cpus: number[];
  /** pages by owner ("task:buf", "kernel:p", "slab", "foreign" ...), sorted by owner */
  owners: OwnerPages[];
}

export interface OwnerPages {
  owner: string;
  pages: number;
  /** span of the statement that allocated/declared the owner (its mmap/malloc/alloc), to reveal it; absent for owners no statement created (slab, foreign, other ...) */
  span?: Span;
}

export interface MappingReport {
  task: string;
  name: string;
  sizeBytes: number;
  /** node id (as string) -> resident pages; swapped pages under "swap" */
  pages: Record<string, number>;
  span: Span;
}

export type Outcome =
  | { kind: 'ok' }
  | { kind: 'error'; errno: string }
  | { kind: 'oom'; victim?: string; constraint?: string }
  | { kind: 'skipped'; reason: string }
  /** the statement's own task died of a signal (a fault mprotect forbids: SIGSEGV) */
  | { kind: 'killed'; signal: string }
  /** the kernel panicked (vm.panic_on_oom): the run ends at this statement */
  | { kind: 'panic'; message: string };

/**
 * An outcome in words, the one rule every view uses. `short` for narrow places (comparison cells,
 * inlay hints, hovers): `ok`, `ENOMEM`, `OOM (victim app)`, `SIGSEGV`, `skipped`. `full` (timeline,
 * reports, an expectation's actual value): `error ENOMEM`, `OOM (victim app) [CONSTRAINT_…]`,
 * `killed by SIGSEGV`, `skipped: why`.
 */
/** the statement did not do what it asked: an errno, an OOM kill, or its task killed by a signal */
export function isFailure(o: Outcome): boolean {
  return o.kind === 'error' || o.kind === 'oom' || o.kind === 'killed' || o.kind === 'panic';
}

export function describeOutcome(o: Outcome, form: 'short' | 'full' = 'full'): string {
  const full = form === 'full';
  switch (o.kind) {
    case 'ok':
      return 'ok';
    case 'error':
      return full ? `error ${o.errno}` : o.errno;
    case 'oom':
      return `OOM${o.victim ? ` (victim ${o.victim})` : ''}${full && o.constraint ? ` [${o.constraint}]` : ''}`;
    case 'skipped':
      return full ? `skipped: ${o.reason}` : 'skipped';
    case 'killed':
      return full ? `killed by ${o.signal}` : o.signal;
    case 'panic':
      return full ? `kernel panic: ${o.message}` : 'panic';
  }
}

export interface TraceEvent {
  /** tracepoint name: mm_page_alloc, mm_page_free, mm_migrate_pages, mm_vmscan_kswapd_wake, oom_kill ... */
  tp: string;
  /** formatted like the kernel's trace output (without the common prefix) */
  text: string;
}

export interface NodeSnapshot {
  id: number;
  usedPages: number;
  freePages: number;
  mediaUsedBytes?: number;
  open?: boolean;
  pressure?: number;
  state: NodeStateName;
  owners: OwnerPages[];
}

export interface Placement {
  /** the mapping or handle the pages belong to */
  owner: string;
  node: number;
  pages: number;
}

export interface StepRecord {
  /** order of execution (0-based, among recorded steps) */
  index: number;
  span: Span;
  block: 'task' | 'kernel' | 'device' | 'top';
  /** task name for task blocks, label for kernel blocks, node for device blocks */
  actor?: string;
  outcome: Outcome;
  /** how many times this span executed (loops) up to this record */
  count: number;
  /** pages that landed per node at this step, by owner */
  placements: Placement[];
  /** human-readable decision path: "node 2 skipped: no __GFP_PRIVATE; fell back to node 0" */
  explain: string[];
  events: TraceEvent[];
  /**
   * state after the step. Shared between records: a node that did not change keeps its
   * snapshot object and a step that changed no node reuses the previous array (treat as
   * immutable). Each snapshot lists at most 8 owners (the largest; report.ts
   * OWNERS_PER_SNAPSHOT) plus one `other` entry with the exact pages of the rest;
   * RunResult.nodes lists every owner.
   */
  nodes: NodeSnapshot[];
  /**
   * vmstat counters this step changed, as increments (a delta, not the running totals:
   * RunResult.stats has those), keys sorted; `{}` when none changed. A record that also
   * stands for later executions of its statement (past maxStepRecords) sums theirs.
   */
  stats: Record<string, number>;
}

/** A run that did not happen (an emulator failure, a worker that timed out): only its diagnostics. */
export function emptyRun(design: DesignName, diagnostics: Diagnostic[]): RunResult {
  return { design, diagnostics, expectations: [], nodes: [], mappings: [], stats: {}, steps: [], executed: 0 };
}
