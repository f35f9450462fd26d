/**
 * The scenario interpreter: plays the timeline items in file order, one step
 * per statement, on the mm emulator. Keeps the budget (steps and wall clock,
 * the clock read only every CLOCK_EVERY steps), the step records (capped), the
 * outcome of every statement for the expectations, and the task-dead rule.
 */
import { diag, Diagnostic } from '../common/diagnostics';
import { Span } from '../common/span';
import { DEFAULT_DESIGN, ErrorStmt, ExpectStmt, Program, Stmt, TimelineItem } from '../model/ir';
import { Mm, Task } from '../mm/machine';
import { balancePgdat } from '../mm/vmscan';
import { ExecContext, NO_VARS } from './context';
import { checkExpectation, Subject } from './expectations';
import { runCall } from './ops';
import type { CallEnv } from './outcome';
import { planBody, StepPlan } from './plan';
import { bodyBase } from '../model/blockSpans';
import { noteOwners } from './report';
import { ExpectationResult, Outcome, RunOptions } from '../mm/result';
import { StepLog } from './stepLog';
import { anyArray } from '../common/arrays';

/**
 * statements between two looks at the clock and the cancellation flag: a job waiting for the
 * worker's idle work (a rehearsal, a re-warm of the long path, lsp/warmUp.ts) waits for at most
 * this many (256 was 4-10 ms of a long scenario's statements at load; a look costs a call and
 * Date.now(), nothing at this spacing)
 */
const CLOCK_EVERY = 32;

/**
 * The default budget. The step budget is the cut: deterministic, the same statement on every
 * machine (50,000 executions take about 5 s on a loaded 2-core machine, under 1 s on an idle one).
 * The wall clock is only a safety net for a statement that runs long by itself; a run it cuts
 * gets its own, non-deterministic diagnostic (time-budget-exceeded).
 */
export const DEFAULT_MAX_STEPS = 50_000;
export const DEFAULT_MAX_MS = 30_000;

class Cut extends Error {
  constructor(readonly reason: 'steps' | 'time' | 'cancelled' | 'panic') {
    super('cut');
  }
}

/**
 * Thrown by a boundary hook to end the run there, before the boundary's statement: the run's
 * state is what the statements before it left, and nothing after it is observed (run/incremental.ts
 * runs an edited expectation up to the boundary after it, and takes the rest from the last run)
 */
export class StopRun extends Error {
  constructor() {
    super('stopped at a boundary');
  }
}

/** span -> "start:end", the key of the outcomes an expectation reads */
const key = (s: Span): string => `${s.start}:${s.end}`;
/**
 * A plan's key, made once per plan (statements run many times in loops). A field of the plan, not a
 * WeakMap keyed by span objects: the editor runs a new program after every edit, whose moved blocks
 * have new spans, and a weak table's entries are costly for the garbage collector.
 */
const planKey = (p: StepPlan): string => (p.spanKey ??= key(p.span));

/**
 * The statements some expectation names as its subject (`ExpectStmt.subject`) are marked
 * (`StepPlan.named`): only their outcomes are kept by key (an expectation, or one observing after
 * a cut, reads them). Keeping every statement's outcome was a string key and a Map insert per
 * statement, the largest single cost of a scattered statement.
 *
 * An expectation's subject is a statement before it in its own body (model/lowering/statements.ts:
 * the last one that is not an expectation; a top-level expectation's is the item or declaration
 * before it, never a statement), so each body answers for itself: its plans are marked once per
 * plans array, when the run first reaches the body. Positions are read from the plans: those of a
 * block an edit moved are where the text has them, its IR keeps them as lowered (ADR 0023). A plan
 * belongs to one array, and the blocks an edit did not touch keep their plans in the next program:
 * no walk of every item per program (a Set of a program's subjects, made by such a walk, was 2-4 %
 * of the editor's job on a 5,000-line document, and a resumed run re-runs a few items only).
 */
const marked = new WeakSet<readonly StepPlan[]>();

/**
 * Marks the plans of a body, its loops' bodies included, that an expectation of their own body
 * names (start and end offsets equal), once per plans array. A body's plans are in text order, so
 * the subject is found by walking back from its expectation (one step, or one per expectation
 * between them) and not found once a plan starts before it (a statement that was not lowered).
 * test/run/subjects.test.ts checks it against a search of every plan by "start:end".
 */
export function markNamed(plans: readonly StepPlan[]): void {
  if (marked.has(plans)) return;
  marked.add(plans);
  for (let i = 0; i < plans.length; i++) {
    const p = plans[i];
    if (p.body) markNamed(p.body);
    if (p.kind !== 'expect') continue;
    const subject = (p.stmt as ExpectStmt).subject;
    if (!subject) continue;
    for (let k = i - 1; k >= 0; k--) {
      const q = plans[k];
      if (q.span.start < subject.start) break;
      if (q.span.start === subject.start && q.span.end === subject.end) {
        q.named = true;
        break;
      }
    }
  }
}

/**
 * A statement boundary of the timeline: before top-level statement `stmt` of item `item` (stmt 0
 * for an item without a body: a top-level expect or error; stmt = body length: the block's end). `ctx` is the item's context there.
 * The state at a boundary is the machine plus InterpreterState: nothing is half done (no
 * statement open, no loop running), so a run can stop there and another resume from a copy.
 */
export interface Boundary {
  item: number;
  stmt: number;
  ctx?: ExecContext;
}

/** the interpreter's own state between statements (what a resumed run starts from, with the machine) */
export interface InterpreterState {
  /** the step records so far (a copy of the state holds a copy: StepLog.slice) */
  records: StepLog;
  expectations: ExpectationResult[];
  executed: number;
  outcomes: Map<string, Outcome>;
  recordOfSpan: Map<string, number>;
  deadNoted: Set<string>;
  subject?: Subject;
  calls: number;
}

/** run/incremental.ts: watch the boundaries of a run, or resume one from a copied boundary state */
export interface RunHooks {
  /**
   * called at every boundary before its statement runs (after the item's context is made), with
   * the boundary as its parts, not a `Boundary`: the run's only hook (run/incremental.ts) copies at
   * a few boundaries, and an object per statement was 220 KB of a 5,000-line run's 5.2 MB
   */
  onBoundary?(item: number, stmt: number, ctx: ExecContext | undefined, interp: Interpreter): void;
  resume?: { at: Boundary; state: InterpreterState };
  /** test only: the log a run from scratch records into (test/run/stepLog.test.ts passes the eager oracle) */
  records?: StepLog;
}

export class Interpreter {
  records = new StepLog();
  // a list of objects from the start (common/arrays.ts): `[]` deoptimised pushExpectation in a fresh process's second run
  expectations: ExpectationResult[] = anyArray();
  executed = 0;
  cut?: { reason: 'steps' | 'time' | 'cancelled'; span: Span };
  /** vm.panic_on_oom: the statement where the kernel panicked; nothing ran after it */
  panic?: { span: Span; message: string };
  private readonly maxSteps: number;
  private readonly maxMs: number;
  private readonly maxRecords: number;
  /** options.stepNodes: without them a record's `nodes` is empty (the what-if path reads none) */
  private readonly stepNodes: boolean;
  private outcomes = new Map<string, Outcome>();
  private recordOfSpan = new Map<string, number>();
  private deadNoted = new Set<string>();
  private readonly stack: Span[] = anyArray();
  /**
   * The environment of the statement running now: one object, its fields set per statement
   * (runCall and what it calls read it while the statement runs and keep no reference to it).
   */
  private readonly env: CallEnv;
  private subject?: Subject;
  /** call statements run so far (numbers the snapshots: consecutive ones update incrementally) */
  private calls = 0;
  /** the file's own design: expectations without `under` bind only under it */
  private readonly own: string;
  /**
   * options.isCancelled, read into a field of this class: the run's options object has a shape per
   * caller (a job's, a rehearsal's, the incremental run's spread of them), and reading it in `tick`
   * made the statement loop's optimised code deoptimise ("wrong map") for each new shape it met, the
   * first edits of a long document among them (ADR 0026)
   */
  private readonly isCancelled: (() => boolean) | undefined;

  constructor(
    readonly mm: Mm,
    private readonly program: Program,
    private readonly options: RunOptions,
    private readonly declSpans: Span[],
    /** when the run began (simulate passes the start of the machine setup: it counts too) */
    private readonly started = Date.now(),
    private readonly hooks: RunHooks = {},
  ) {
    this.maxSteps = options.maxSteps ?? DEFAULT_MAX_STEPS;
    this.maxMs = options.maxMs ?? DEFAULT_MAX_MS;
    this.maxRecords = options.maxStepRecords ?? 20_000;
    this.stepNodes = options.stepNodes !== false;
    this.isCancelled = options.isCancelled;
    this.own = program.design?.name ?? DEFAULT_DESIGN;
    this.env = { mm, ctx: { block: 'top', env: NO_VARS }, assign: undefined, span: { start: 0, end: 0 } };
    mm.deadline = this.started + this.maxMs;
    // the step tallies are read by step records only (a copy made by a run of the other kind may come in)
    mm.run.tallies = this.maxRecords !== 0;
    // step records keep per-step deltas from here on (the setup's counters stay in the totals only)
    mm.stat.dropDelta();
    if (hooks.records) this.records = hooks.records;
    if (hooks.resume) {
      this.restore(hooks.resume.state);
      this.records.resume(mm);
    } else if (this.maxRecords > 0) this.records.start(mm, this.stepNodes);
  }

  /**
   * The state at a boundary: the live objects, which the caller copies with the machine (the
   * step records with StepLog.slice: the copy shares the sealed chunks, which never change).
   */
  state(): InterpreterState {
    const st: InterpreterState = {
      records: this.records,
      expectations: this.expectations,
      executed: this.executed,
      outcomes: this.outcomes,
      recordOfSpan: this.recordOfSpan,
      deadNoted: this.deadNoted,
      calls: this.calls,
    };
    if (this.subject) st.subject = this.subject;
    return st;
  }

  private restore(st: InterpreterState): void {
    this.records = st.records;
    this.expectations = st.expectations;
    this.executed = st.executed;
    this.outcomes = st.outcomes;
    this.recordOfSpan = st.recordOfSpan;
    this.deadNoted = st.deadNoted;
    this.subject = st.subject;
    this.calls = st.calls;
  }

  run(): void {
    if (this.mm.timedOut) {
      // the setup alone spent the budget: nothing runs, expectations observe the booted machine
      const span = this.declSpans[0] ?? { start: 0, end: 0 };
      this.cut = { reason: 'time', span };
      this.mm.diagnostics.push(
        diag('time-budget-exceeded', span, `the machine setup (${this.mm.nodes.size} nodes: zonelists, watermarks, services) ran past the wall-clock budget (${this.maxMs} ms); no statement ran (not deterministic: a faster machine gets further)`),
      );
      for (const it of this.program.items) this.observeOnly(it, -1);
      return;
    }
    const resume = this.hooks.resume?.at;
    const items = this.program.items;
    for (let i = resume?.item ?? 0; i < items.length; i++) {
      const item = items[i];
      try {
        this.runItem(item, i, resume?.item === i ? resume : undefined);
      } catch (e) {
        // (the stack is the run's: a stop comes at a boundary, outside every statement)
        if (e instanceof StopRun) return;
        if (!(e instanceof Cut)) throw e;
        const span = this.stack[0] ?? ('span' in item ? item.span : { start: 0, end: 0 });
        this.stack.length = 0;
        if (e.reason === 'panic') {
          this.panic = { span: this.panic?.span ?? span, message: this.mm.panicked ?? 'kernel panic' };
          break;
        }
        this.cut = { reason: e.reason, span };
        // The step budget is the deterministic cut (the same statement on every machine); the
        // wall clock is a safety net whose cut depends on the machine's speed and load.
        if (e.reason === 'steps')
          this.mm.diagnostics.push(diag('budget-exceeded', span, `the run was cut at its step budget (${this.maxSteps} statement executions); later expectations see the state at the cut`));
        else if (e.reason === 'time')
          this.mm.diagnostics.push(
            diag('time-budget-exceeded', span, `the run was cut by the wall clock (${this.maxMs} ms) after ${this.executed} statement executions: not deterministic, a faster or idler machine goes further; later expectations see the state at the cut`),
          );
      }
      if (this.cut) break;
    }
    const stop = this.cut?.span ?? this.panic?.span;
    if (stop) {
      // later expectations still observe (the state at the cut)
      const idx = this.program.items.findIndex((it) => 'span' in it && it.span.start > stop.end);
      const cutItem = this.program.items.findIndex((it) => 'span' in it && it.span.start <= stop.start && it.span.end >= stop.end);
      if (cutItem >= 0) this.observeOnly(this.program.items[cutItem], stop.end);
      if (idx >= 0) for (const it of this.program.items.slice(idx)) this.observeOnly(it, -1);
    }
  }

  private ctxFor(item: TimelineItem): ExecContext {
    switch (item.kind) {
      case 'task':
        return { block: 'task', task: this.taskFor(item), env: NO_VARS };
      case 'kernel':
        return item.driver !== undefined ? { block: 'kernel', label: item.label, driver: item.driver, env: NO_VARS } : { block: 'kernel', label: item.label, env: NO_VARS };
      case 'device':
        return { block: 'device', device: item.node, env: NO_VARS };
      default:
        return { block: 'top', env: NO_VARS };
    }
  }

  private taskFor(item: Extract<TimelineItem, { kind: 'task' }>): Task {
    let t = this.mm.task(item.name);
    if (!t) {
      const cpu = item.cpu ?? 0;
      t = {
        name: item.name,
        order: this.mm.tasksToRead().size,
        cpu,
        node: this.mm.cpuNode(cpu),
        cgroup: item.cgroup,
        mappings: new Map(),
        vcursor: 0x7f0000000, // 0x7f0000000000 >> 12, deterministic (norandmaps)
        ilNext: 0,
        span: item.headerSpan,
      };
      this.mm.addTask(t);
    }
    return t;
  }

  private runItem(item: TimelineItem, index: number, resume?: Boundary): void {
    const onBoundary = this.hooks.onBoundary;
    if (item.kind === 'expect' || item.kind === 'error') onBoundary?.(index, 0, undefined, this);
    if (item.kind === 'expect') {
      this.expect(item, { block: 'top', env: NO_VARS }, this.topSubject(item));
      return;
    }
    if (item.kind === 'error') {
      this.tick(item.span);
      this.subject = { span: item.span, outcome: { kind: 'skipped', reason: 'syntax error' } };
      this.unevaluated(item);
      return;
    }
    const ctx = resume?.ctx ?? this.ctxFor(item);
    // the body as plans (run/plan.ts): compact, one shape, in the order they run
    const body = planBody(item.body, bodyBase(item));
    markNamed(body);
    for (let j = resume?.stmt ?? 0; j < body.length; j++) {
      onBoundary?.(index, j, ctx, this);
      this.runStmt(body[j], ctx);
    }
    // the end of the block is a boundary too (an edit of the block's closing line starts after it)
    onBoundary?.(index, body.length, ctx, this);
  }

  /** the subject of a top-level expect: the front end's, else the latest declaration or statement before it */
  private topSubject(e: ExpectStmt): Subject | undefined {
    const decl = this.declSpans.filter((s) => s.end <= e.span.start).sort((a, b) => b.end - a.end)[0];
    const last = this.subject && this.subject.span.end <= e.span.start ? this.subject : undefined;
    if (decl && (!last || decl.end > last.span.end)) return { span: decl };
    return last;
  }

  private runBody(body: StepPlan[], ctx: ExecContext): Outcome {
    let agg: Outcome = { kind: 'ok' };
    for (const s of body) {
      const o = this.runStmt(s, ctx);
      if (o && agg.kind === 'ok' && o.kind !== 'ok') agg = o;
    }
    return agg;
  }

  private runStmt(p: StepPlan, ctx: ExecContext): Outcome | undefined {
    // (calls first: the switch compares the kinds in order)
    if (p.kind === 'call') return this.runCallStmt(p, ctx);
    switch (p.kind) {
      case 'expect': {
        const e = p.stmt as ExpectStmt;
        // the key of the statement it names, made once per plan (an expectation in a loop runs many times)
        this.expect(e, ctx, this.subject, e.subject && (p.subjectKey ??= key(e.subject)));
        return undefined;
      }
      case 'error': {
        this.tick(p.span);
        const o: Outcome = { kind: 'skipped', reason: 'syntax error' };
        this.keepOutcome(p, o);
        this.subject = { span: p.span, outcome: o };
        this.unevaluated(p.stmt as ErrorStmt);
        return o;
      }
      case 'for_each': {
        const s = p.stmt as Extract<Stmt, { kind: 'for_each' }>;
        this.stack.push(p.span);
        let agg: Outcome = { kind: 'ok' };
        // one environment for the whole loop, its variable set per node (statements read the
        // environment while they run and keep no reference to it; an inner loop copies it)
        const env = new Map(ctx.env);
        const inner: ExecContext = { ...ctx, env };
        for (const n of this.forEachNodes(s)) {
          this.tick(p.span);
          env.set(s.var, n);
          const o = this.runBody(p.body!, inner);
          if (agg.kind === 'ok' && o.kind !== 'ok') agg = o;
        }
        this.stack.pop();
        this.keepOutcome(p, agg);
        this.subject = { span: p.span, outcome: agg };
        return agg;
      }
      case 'repeat': {
        const count = (p.stmt as Extract<Stmt, { kind: 'repeat' }>).count;
        this.stack.push(p.span);
        let agg: Outcome = { kind: 'ok' };
        for (let i = 0; i < count; i++) {
          this.tick(p.span);
          const o = this.runBody(p.body!, ctx);
          if (agg.kind === 'ok' && o.kind !== 'ok') agg = o;
        }
        this.stack.pop();
        this.keepOutcome(p, agg);
        this.subject = { span: p.span, outcome: agg };
        return agg;
      }
      case 'scope': {
        const scope = (p.stmt as Extract<Stmt, { kind: 'scope' }>).scope;
        // memalloc_*_save() .. restore() around the body; an interrupt runs with the flags it finds
        this.stack.push(p.span);
        this.tick(p.span);
        const inner: ExecContext =
          scope === 'interrupt'
            ? { ...ctx, irq: true }
            : { ...ctx, scope: { private: !!ctx.scope?.private || scope === 'memalloc_private', folio: !!ctx.scope?.folio || scope === 'memalloc_folio' } };
        const o = this.runBody(p.body!, inner);
        this.stack.pop();
        this.keepOutcome(p, o);
        this.subject = { span: p.span, outcome: o };
        return o;
      }
    }
  }

  private keepOutcome(p: StepPlan, o: Outcome): void {
    if (p.named) this.outcomes.set(planKey(p), o);
  }

  private forEachNodes(s: Extract<Stmt, { kind: 'for_each' }>): number[] {
    const nodes = this.mm.sortedNodes();
    switch (s.iter) {
      case 'node':
        return nodes.map((n) => n.id);
      case 'online_node':
        return nodes.filter((n) => n.state !== 'offline').map((n) => n.id);
      case 'node_state':
        switch (s.state) {
          case 'N_MEMORY':
            return nodes.filter((n) => this.mm.isNMemory(n) && n.present > 0).map((n) => n.id);
          case 'N_MEMORY_PRIVATE':
            return nodes.filter((n) => n.state === 'private' && n.present > 0).map((n) => n.id);
          case 'N_CPU':
            return nodes.filter((n) => n.cpus.length > 0).map((n) => n.id);
          case 'N_ONLINE':
            return nodes.filter((n) => n.state !== 'offline').map((n) => n.id);
          default:
            return nodes.map((n) => n.id);
        }
    }
  }

  private tick(span: Span): void {
    // the statement past the budget does not run: `executed` never exceeds maxSteps
    if (this.executed >= this.maxSteps) {
      this.stack.length ? undefined : this.stack.push(span);
      throw new Cut('steps');
    }
    this.executed++;
    if (this.executed % CLOCK_EVERY === 0) {
      if (this.isCancelled?.()) {
        if (!this.stack.length) this.stack.push(span);
        throw new Cut('cancelled');
      }
      if (Date.now() - this.started > this.maxMs) {
        if (!this.stack.length) this.stack.push(span);
        throw new Cut('time');
      }
    }
  }

  private runCallStmt(p: StepPlan, ctx: ExecContext): Outcome {
    const mm = this.mm;
    const span = p.span;
    if (!this.stack.length) this.stack.push(span);
    const outermost = this.stack.length === 1 && this.stack[0] === span;
    this.tick(span);
    // the run's instruments directly (Mm's forwarding accessors cost a call each on this path)
    const run = mm.run;
    run.currentSpan = span;
    // no allocation on the hot path: a fresh list only when the last statement filled one
    if (run.oomEvents.length) run.oomEvents = [];
    run.placements.clear();
    run.lost.clear();
    run.placedCount = 0;
    this.calls++;
    let outcome: Outcome;
    const t = ctx.task;
    if (t?.dead) {
      outcome = { kind: 'skipped', reason: `task ${t.name} ${t.dead.why}` };
      const k = planKey(p);
      if (!this.deadNoted.has(k)) {
        this.deadNoted.add(k);
        mm.diagnostics.push(
          diag('task-dead', span, `not run: task ${t.name} ${t.dead.why} earlier`, { related: [{ span: t.dead.span, message: `task ${t.name} ${t.dead.why} here` }] }),
        );
      }
    } else {
      const env = this.env;
      env.ctx = ctx;
      env.assign = p.assign;
      env.span = span;
      outcome = runCall(env, p.call!);
      if (mm.panicked) {
        // check_panic_on_oom(): the kernel stopped inside this statement
        outcome = { kind: 'panic', message: mm.panicked };
        mm.diagnostics.push(diag('oom-panic', span, `kernel panic: ${mm.panicked}; the run ends here (vm.panic_on_oom = ${mm.sysctl('vm.panic_on_oom')}; with 1, an OOM constrained by a cpuset or a memory policy would have killed a task instead)`));
        this.panic = { span: this.stack[0] ?? span, message: mm.panicked };
      } else if (mm.pendingKswapd.size) {
        for (const nid of [...mm.pendingKswapd].sort((a, b) => a - b)) balancePgdat(mm, nid);
        mm.pendingKswapd.clear();
      }
    }
    this.keepOutcome(p, outcome);
    this.subject = { span, outcome };
    this.record(p, ctx, outcome);
    if (mm.panicked) throw new Cut('panic');
    if (mm.timedOut) throw new Cut('time');
    if (outermost) this.stack.pop();
    return outcome;
  }

  /**
   * The step record of a statement execution. Records are capped (maxStepRecords); past the
   * cap an execution updates its statement's last record (count, outcome, stats summed; the
   * node state every 1024 executions) and other statements are not recorded. The record is kept
   * as raw facts in the run's StepLog and built when the result's steps are read (run/stepLog.ts),
   * node snapshots included (replayed from the machine's account() calls; report.ts snapshots).
   */
  private record(p: StepPlan, ctx: ExecContext, outcome: Outcome): void {
    const mm = this.mm;
    const span = p.span;
    noteOwners(mm);
    if (this.maxRecords === 0) {
      // a diagnostics-only run (large files in the editor): nothing per step to count or keep
      mm.tracer.drop();
      mm.stat.dropDelta();
      return;
    }
    // the executions so far are its last record's count: every execution of a statement with a
    // record makes a newer one or updates that one (past the cap), and one without a record
    // past the cap is not counted by anything (one Map fewer, read and written per statement).
    // A statement outside every block (stack: itself alone) runs once in a run: no count to look
    // up or keep (a string key and a Map insert fewer per statement of a long straight body).
    const once = this.stack.length === 1 && this.stack[0] === span;
    const k = once ? undefined : planKey(p);
    const last = k === undefined ? undefined : this.recordOfSpan.get(k);
    const log = this.records;
    const count = last === undefined ? 1 : log.count(last) + 1;
    if (log.length >= this.maxRecords) {
      mm.tracer.drop();
      if (last === undefined) {
        mm.stat.dropDelta();
        return;
      }
      log.update(last, count, outcome, mm.stat.takeDelta(), count % 1024 === 0, mm, this.calls);
      return;
    }
    const actor = ctx.block === 'task' ? ctx.task?.name : ctx.block === 'kernel' ? ctx.label ?? (ctx.driver !== undefined ? `driver ${ctx.driver}` : undefined) : ctx.block === 'device' ? String(ctx.device) : undefined;
    if (k !== undefined) this.recordOfSpan.set(k, log.length);
    log.append(span, ctx.block, actor, outcome, count, mm, this.calls);
  }

  private expect(e: ExpectStmt, ctx: ExecContext, subject: Subject | undefined, subjectKey?: string): void {
    this.tick(e.span);
    const r = checkExpectation(this.mm, ctx, e, this.observed(e, subject, subjectKey), this.diagnosticsNow, this.own);
    this.pushExpectation(r);
  }

  /** every diagnostic so far, as an expectation asks for them (one function, not a closure per expectation) */
  private readonly diagnosticsNow = (): Diagnostic[] => this.allDiagnostics();

  /**
   * What an expectation observes: the statement the front end names (the last one before it in its
   * body that is not an expectation), with the outcome the run kept for it (every kind of statement
   * keeps its outcome when named: keepOutcome), else with the latest outcome when that is the
   * statement's; with no statement named (first in its body), the latest outcome, whichever set it.
   */
  private observed(e: ExpectStmt, latest: Subject | undefined, subjectKey?: string): Subject | undefined {
    const named = e.subject;
    if (!named) return latest;
    const o = this.outcomes.get(subjectKey ?? key(named));
    // (offsets compared as numbers: the "start:end" keys are equal exactly when they are)
    return { span: named, outcome: o ?? (latest && latest.span.start === named.start && latest.span.end === named.end ? latest.outcome : undefined) };
  }

  /** an `expect` line the front end could not lower: a failed expectation with the reason, never dropped */
  private unevaluated(s: ErrorStmt): void {
    if (s.expect) this.pushExpectation({ span: s.span, text: s.expect.text, passed: false, invalid: true, actual: `not evaluated: ${s.expect.reason}` });
  }

  private pushExpectation(r: ExpectationResult): void {
    this.expectations.push(r);
    if (r.passed) return;
    const what = `${r.text.trim()}${r.actual ? ` — ${r.invalid ? '' : 'observed '}${r.actual}` : ''}`;
    // a non-binding outcome is shown (info), never an error: it fails nothing under this design
    if (r.notBinding) this.mm.diagnostics.push(diag('expect-failed', r.span, `not binding under ${this.mm.design.name} (no \`under\`; it binds under ${this.own}): would fail: ${what}`, { severity: 'info' }));
    else this.mm.diagnostics.push(diag('expect-failed', r.span, `expectation failed: ${what}`));
  }

  private allDiagnostics(): Diagnostic[] {
    return [...(this.options.staticDiagnostics ?? []), ...this.mm.diagnostics];
  }

  /** after a cut: expectations still observe; statements do not run */
  private observeOnly(item: TimelineItem, after: number): void {
    // the plans: their spans are the text's, a moved block's IR has them as lowered (ADR 0023), and
    // so has a moved call's statement (ADR 0033); an expectation's or an error's is placed
    const why = this.panic ? 'the kernel panicked' : 'the budget was exceeded';
    const visit = (plans: readonly StepPlan[], ctx: ExecContext) => {
      for (const p of plans) {
        const s = p.stmt;
        const expectation = s.kind === 'expect' || (s.kind === 'error' && s.expect !== undefined);
        // an expectation the run stopped at (`after` is its end) still observes, as later ones do
        if (expectation ? p.span.end < after : p.span.start < after) {
          // the statement the run stopped in (the outermost: `after` is its end) did not finish,
          // unless it set its outcome (a call that panicked); the ones before it ran and set theirs
          const own = this.subject !== undefined && this.subject.span.start === p.span.start && this.subject.span.end === p.span.end;
          if (p.span.end === after && !own) this.subject = { span: p.span, outcome: { kind: 'skipped', reason: `${p.body ? 'not finished' : 'not run'}: ${why}` } };
          continue;
        }
        if (s.kind === 'expect') {
          const r = checkExpectation(this.mm, ctx, s, this.observed(s, this.subject), () => this.allDiagnostics(), this.own);
          this.pushExpectation(r);
        } else if (s.kind === 'error' && s.expect) this.unevaluated(s);
        else {
          if (p.body) visit(p.body, ctx);
          this.subject = { span: p.span, outcome: { kind: 'skipped', reason: `not run: ${why}` } };
        }
      }
    };
    if (item.kind === 'expect') {
      if (item.span.end >= after) this.pushExpectation(checkExpectation(this.mm, { block: 'top', env: NO_VARS }, item, this.topSubject(item), () => this.allDiagnostics(), this.own));
      return;
    }
    if (item.kind === 'error') {
      if (item.span.end >= after) this.unevaluated(item);
      return;
    }
    const ctx = this.ctxFor(item);
    visit(planBody(item.body, bodyBase(item)), ctx);
  }
}
