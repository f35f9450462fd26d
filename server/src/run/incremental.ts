/**
 * Incremental re-simulation (docs/adr/0011-incremental-resimulation.md). One IncrementalRun per
 * document and design: it keeps copies of the emulator's state at statement boundaries of the
 * last run, and the next run of an edited program starts from the last copy whose inputs are
 * unchanged instead of booting the machine. The result is the one `simulate` gives from scratch
 * (test/run/incremental.test.ts replays random edit sequences and compares every answer).
 *
 * What a boundary's state depends on, and so what must be unchanged for its copy to be used:
 *  - the machine, the design line and every design definition, the run's options (design, step
 *    budget, trace, record cap): any change there runs from scratch;
 *  - every timeline item before it, the header of its own block (a task block's header creates
 *    the task) and the statements of its block before it, compared as IR (spans included, so the
 *    first difference is at or after the first edited character);
 *  - the static diagnostics a statement before it can see (`expect diagnostic`, the run's
 *    "not repeated" checks): those starting before it, and those inside a declaration.
 *
 * Boundaries are the top-level statements of each block and each block's end (not inside loops: a
 * loop's iterations are one statement here). A resumed run copies at the boundary of the edit
 * (typing goes on there); otherwise copies are taken every `interval` statement executions, the
 * interval growing with the size of the state (copying stays a fraction of the run's work) and
 * doubling when the copies exceed their count or object budget. Placement depends only on
 * counts and positions, never on time.
 */
import { Diagnostic } from '../common/diagnostics';
import { editBetween, isTextSpan } from '../common/shiftSpans';
import { Program, Stmt, TimelineItem } from '../model/ir';
import { Span } from '../common/span';
import { absoluteBody, absoluteItem, Block, bodyBase, MOVED_BLOCK_KEYS } from '../model/blockSpans';
import { ForkCount, forkState, IncrementalFork, NotForkable } from '../mm/fork';
import { Mm } from '../mm/machine';
import { immutables, TaskWrites } from '../mm/taskWrites';
import { ExpectationResult, RunOptions, RunResult } from '../mm/result';
import { StepLog } from './stepLog';
import { mapOffset, movableExceptLists, movedResult, ShiftParams } from './movedResult';
import { ExecContext } from './context';
import { Boundary, DEFAULT_MAX_STEPS, InterpreterState, RunHooks } from './interpreter';
import { ReportShare } from './report';
import { ExpectationEdit, SpliceStop, splicedRun } from './splice';
import { simulate } from './simulate';
import { takeRecent } from '../common/recentTexts';

export interface IncrementalOptions {
  /** fewest statement executions between two copies (default 32) */
  minInterval?: number;
  /** copied objects per statement execution: a state of N objects is copied every N / this executions at most (default 2: about a tenth of the run's CPU) */
  objectsPerStep?: number;
  /**
   * a resumed run spaces its copies after the edit this many times wider than a run from scratch
   * (default 4): the next keystroke at the edit makes them useless, and they cost a walk of the whole state each
   */
  resumedSpacing?: number;
  /**
   * copies only at the edit (the language server's policy): no copies every `interval`
   * executions; a run takes one copy, at the boundary of the edit, and the next run resumes from
   * the last copy before its edit when that copy is in the edited block or the one before it, or
   * skips at least a quarter of the last run's executions (FAR_COPY_SKIPS); else it runs from
   * scratch (and copies at its edit). Typing at one place resumes at the edit; an edit at a new
   * place after an earlier one resumes at the earlier one; an edit near the start runs from
   * scratch. The copies of earlier edits before the edit stay (at most 8, AT_EDIT_SNAPSHOTS, and
   * FILL_COPIES more that an idle pass, `fill`, spreads after the last one: ADR 0040).
   */
  atEditOnly?: boolean;
  /** most copies kept (default 48); past it every other copy goes and the interval doubles */
  maxSnapshots?: number;
  /** most objects held by all copies together (default 400,000: some tens of MB), the memory budget */
  maxObjects?: number;
  /** test only: a change made to every restored machine, given the kept copy it was restored from (the tests show it is caught) */
  corruptRestore?: (mm: Mm, from: StateView) => void;
  /**
   * take copies of the state (default true). Without them only the previous run's result is kept:
   * an edit whose program is the same but for positions still reuses it (the language server's
   * default, ADR 0013)
   */
  copies?: boolean;
  /** test only: a change made to every result reused through a shift of positions */
  corruptShift?: (r: RunResult) => void;
  /** reuse the previous result when the edit changed only statements that do not run (default true; false: tests compare) */
  inertReuse?: boolean;
  /** run only to the end of edited expectations and take the rest of the previous result (ADR 0038; default true; false: tests compare) */
  spliceExpectations?: boolean;
  /** test only: the splice refused once its run reached the end of the edited expectations (the run is then made again, whole) */
  refuseSplice?: boolean;
  /** test only: objects a copy takes from the previous copy without comparing them (a wrong reuse the tests must catch) */
  staleReuse?: (o: object) => boolean;
  /**
   * answer a text an earlier run ran (an undo, a typo put right, a redo) with that run's result
   * (ADR 0039; default true; false: tests compare)
   */
  earlier?: boolean;
  /** test only: a restored state hands out the kept copy's tasks without copying them (a write around the marks, mm/taskWrites.ts) */
  leakyTasks?: boolean;
  /**
   * test only: sees every copy as it is taken, beside the state it copies (they must be equal),
   * and every kept copy before a restore and after a run (a kept copy must never change)
   */
  audit?: CopyAudit;
}

/** a copy of the state at a boundary, or the state itself (CopyAudit) */
export interface StateView {
  mm: Mm;
  ctx?: ExecContext;
  rest: Omit<InterpreterState, 'records' | 'expectations'>;
  records: StepLog;
  expectations: ExpectationResult[];
}

export interface CopyAudit {
  taken(copy: StateView, live: StateView): void;
  kept(copies: StateView[]): void;
}

/** what the last run did (for tests, the bench and logs) */
export interface IncrementalReport {
  /**
   * shifted: the program was the previous one but for positions; its result was reused, positions
   * moved. inert: the edit changed only statements that do not run (inertResult); the result
   * reused the same way, its executions counted again. spliced: the edit changed only expectations
   * (ADR 0038): the run went to the boundary after them, from a copy or from scratch (`resumedAt`
   * says which), and the rest of the result is the previous one's, positions moved. again: the
   * inputs were those of an earlier run (an undo, a typo put right, a redo): its result as it was
   * (ADR 0039)
   */
  from: 'scratch' | 'snapshot' | 'shifted' | 'inert' | 'spliced' | 'again';
  /** why it ran from scratch */
  reason?: string;
  /** the boundary it resumed from: item, statement in the item's block, text offset */
  resumedAt?: { item: number; stmt: number; offset: number };
  /** statement executions not repeated (those before the boundary) */
  reused: number;
  /** statement executions of the whole run (the same count as a run from scratch) */
  executed: number;
  /** copies held after the run, and the objects they hold */
  snapshots: number;
  objects: number;
  /**
   * the copies this run took: objects of the state they walked and made (the rest shared with the
   * copy before, or tasks taken as they are), and elements of containers they copied natively
   */
  copied?: { copies: number; visited: number; made: number; elements: number };
}

type Rest = Omit<InterpreterState, 'records' | 'expectations'>;

/**
 * Copies only at the edits (atEditOnly): a copy taken at an earlier edit, before this one, is
 * restored when the executions it skips are at least this share of the last run's; else the run
 * starts from scratch. (A restored run pays the restore, a copy of the state's containers, and
 * runs its statements somewhat slower than a run from scratch: a copy near the start saves nothing.)
 */
const FAR_COPY_SKIPS = 0.25;

/** copies kept with atEditOnly (one per edit place, the newest kept): the default maxSnapshots there */
const AT_EDIT_SNAPSHOTS = 8;

/**
 * Copies an idle pass adds after the last one (IncrementalRun.fill, ADR 0040): the last run's
 * executions after it are split into FILL_COPIES + 1 stretches, none shorter than
 * FILL_MIN_SPACING executions. With atEditOnly a session that ran a pass keeps at most
 * AT_EDIT_SNAPSHOTS + FILL_COPIES copies (one that never did, AT_EDIT_SNAPSHOTS as before).
 */
export const FILL_COPIES = 16;
export const FILL_MIN_SPACING = 64;

/**
 * Elements of a container copied natively (a flat container of the state, the interpreter's tables)
 * per object: what costs as much to copy as an object visited by the walk (about 1 us), and what
 * takes as much memory as an object made (CPU profile of the 5,000-line scenario's copies)
 */
const ELEMENTS_PER_OBJECT_VISITED = 8;
const ELEMENTS_PER_OBJECT_HELD = 4;

interface Snapshot {
  item: number;
  stmt: number;
  offset: number;
  executed: number;
  /** objects this copy made (the others it shares with the copy before it), the memory budget's unit (ELEMENTS_PER_OBJECT_HELD) */
  objects: number;
  /** what taking it cost, in objects walked (ELEMENTS_PER_OBJECT_VISITED): the next copies' spacing */
  cost: number;
  mm: Mm;
  rest: Rest;
  ctx?: ExecContext;
  /** expectation results are never changed once made: shared; the step records a copy (StepLog.slice: it shares the sealed chunks) */
  records: StepLog;
  expectations: ExpectationResult[];
}

interface Inputs {
  program: Program;
  options: RunOptions;
  statics: Diagnostic[];
  /** the text the program was lowered from, when the caller gave it (needed to reuse a result after an edit that changed no statement) */
  text?: string;
}

export class IncrementalRun {
  private prev?: Inputs;
  /** the result of `prev` (kept unless the run was cut by the clock or cancelled) */
  private prevResult?: RunResult;
  /** runs before `prev` that kept their results, the newest first (ADR 0039; common/recentTexts.ts) */
  private earlier: { inputs: Inputs; result: RunResult }[] = [];
  private snaps: Snapshot[] = [];
  /** the copies of one run share what did not change between them */
  private readonly forker: IncrementalFork;
  private copied = { copies: 0, visited: 0, made: 0, elements: 0 };
  private interval: number;
  /** objects of the state per statement execution of interval (objectsPerStep, divided by resumedSpacing in a resumed run) */
  private perStep = 2;
  /** an idle pass ran in this session (fill): with atEditOnly, FILL_COPIES more copies are kept */
  private filled = false;
  last?: IncrementalReport;
  /** the reports this session's runs share with its last one (run/report.ts ReportShare) */
  readonly reports = new ReportShare();

  constructor(private readonly opts: IncrementalOptions = {}) {
    this.interval = opts.minInterval ?? 32;
    this.forker = new IncrementalFork(opts.staleReuse);
  }

  /**
   * A session that goes on from `other`'s last run (its inputs, result and shared reports, not its
   * copies), for a rehearsal of the next edit (lsp/rehearsal.ts EditRehearsal): its runs do not move
   * `other`, whose next run is as if the rehearsal had not been. It answers no text again from an
   * earlier run (ADR 0039): a rehearsal's undo is there to warm the run resumed at the edit.
   */
  static after(other: IncrementalRun): IncrementalRun {
    const s = new IncrementalRun({ ...other.opts, earlier: false });
    s.prev = other.prev;
    s.prevResult = other.prevResult;
    s.last = other.last;
    s.reports.adopt(other.reports);
    return s;
  }

  /**
   * simulate(program, options): the previous result with its positions moved when `text` (the
   * program's source) differs from the previous one only where no statement changed; else resumed
   * from the last usable copy of the previous run
   */
  run(program: Program, options: RunOptions, text?: string): RunResult {
    const statics = options.staticDiagnostics ?? [];
    const inputs: Inputs = { program, options, statics, ...(text === undefined ? {} : { text }) };
    const prev = this.prev;
    const prevResult = this.prevResult;
    // the last run joins the earlier ones (one that the clock cut or a job cancelled kept no result)
    const last = prev && prevResult ? { inputs: prev, result: prevResult } : undefined;
    const { found: back, kept } = takeRecent(last, this.earlier, (e) => this.opts.earlier !== false && sameInputs(e.inputs, inputs), (e) => e.inputs.text);
    this.earlier = kept;
    this.prev = inputs;
    this.prevResult = undefined;
    if (back) return this.again(prev, inputs, back.result);
    const comparable = prev && prevResult && sameOptions(prev.options, options);
    // the edit between the two texts, found once for both reuses; each comparison pairs offsets on a TextShift of its own
    let edit: ReturnType<typeof editBetween> | undefined;
    const shiftOf = (a: string, b: string): TextShift => {
      const e = (edit ??= editBetween(a, b));
      return new TextShift(e.p, e.q, e.delta);
    };
    const shiftedReuse = comparable ? shiftedResult(prev, inputs, prevResult, shiftOf) : undefined;
    // the one block the edit changed, found once for the two reuses that read it
    let block: EditedBlock | undefined | null = null;
    const editedBlock = (): EditedBlock | undefined => (block === null ? (block = comparable ? blockEdit(prev, inputs, prevResult, shiftOf) : undefined) : block);
    const reuse = shiftedReuse ?? (comparable && this.opts.inertReuse !== false ? inertResult(inputs, prevResult, editedBlock()) : undefined);
    if (reuse) {
      const shifted = reuse.result;
      this.opts.corruptShift?.(shifted);
      // The copies of the state before the edit hold no position the edit moved (what a boundary's
      // state holds was made by the statements before it, and by the declarations, which must not
      // have moved): kept, so that the next change there resumes from its copy, not from scratch.
      // The others hold positions of the old text: gone.
      this.snaps = prev && sameIR(globalsOf(prev.program), globalsOf(program)) ? this.snaps.filter((s) => s.offset < reuse.editAt) : [];
      this.prevResult = shifted;
      this.last = { from: shiftedReuse ? 'shifted' : 'inert', reused: shifted.executed, executed: shifted.executed, snapshots: this.snaps.length, objects: this.snaps.reduce((a, s) => a + s.objects, 0) };
      return shifted;
    }
    const splice = comparable && this.opts.spliceExpectations !== false ? expectationEdit(inputs, prevResult, editedBlock()) : undefined;
    let snap: Snapshot | undefined;
    let reason: string | undefined;
    /** the boundary of the first changed statement: the next keystroke most likely lands there again */
    let edited: { item: number; stmt: number; headerSame: boolean } | undefined;
    if (!prev) reason = 'first run';
    else if (this.opts.copies === false) reason = 'no copies kept';
    else if (!sameGlobals(prev, inputs)) reason = 'the machine, a design or the run options changed';
    else {
      const { keep, change } = usable(prev, inputs);
      edited = change;
      this.snaps = this.snaps.filter(keep);
      snap = this.snaps[this.snaps.length - 1];
      if (!snap) reason = 'the first change is before every copy';
    }
    let target: { item: number; stmt: number } | undefined = edited;
    if (edited && edited.stmt === 0 && !edited.headerSame && edited.item > 0) {
      // a changed block header (a shifted span is a change: the task records it): the boundary
      // before it is the end of the block before, which the same edit again leaves usable
      const before = program.items[edited.item - 1];
      target = { item: edited.item - 1, stmt: 'body' in before ? before.body.length : 0 };
    }
    const atEdit = this.opts.atEditOnly === true;
    if (atEdit && snap && !(target && snap.item >= target.item - 1) && snap.executed < (prev && this.last ? this.last.executed : 0) * FAR_COPY_SKIPS) {
      // copies only at the edits: a copy further back than the block before is restored only
      // when it skips enough of the run (a restore is a copy, and the statements between it and
      // the edit run again)
      snap = undefined;
      reason = 'no copy at the edit';
    }
    if (!snap) this.snaps = [];
    // a run from scratch spaces its copies from minInterval up; a resumed one from the size of the
    // state it resumes (not a copy a few statements after the restore: that costs as much again)
    const minInterval = this.opts.minInterval ?? 32;
    this.perStep = (this.opts.objectsPerStep ?? 2) / (snap ? this.opts.resumedSpacing ?? 4 : 1);
    this.interval = atEdit ? Infinity : Math.max(minInterval, Math.ceil((snap?.cost ?? 0) / this.perStep));
    if (!target || (!snap && !atEdit) || (snap && (target.item < snap.item || (target.item === snap.item && target.stmt <= snap.stmt)))) target = undefined;
    const capture = this.opts.copies === false ? undefined : this.capture(program, options, snap?.executed ?? 0, target);
    const stop = splice ? new SpliceStop(splice) : undefined;
    const onBoundary = stop ? stop.hook(capture) : capture;
    const hooks = onBoundary ? { onBoundary } : {};
    let result: RunResult;
    this.copied = { copies: 0, visited: 0, made: 0, elements: 0 };
    this.opts.audit?.kept(this.snaps);
    if (snap) {
      const c = this.restore(snap, options);
      result = simulate(program, options, { resume: c.mm, hooks: { ...hooks, resume: c.resume }, reports: this.reports });
    } else result = simulate(program, options, { hooks, reports: this.reports });
    // the run went to the end of the edited expectations: the rest is the last run's (ADR 0038)
    const spliced = splice && stop?.reached && !this.opts.refuseSplice ? splicedRun(prevResult!, splice, result, stop.reached) : undefined;
    // (a reached stop that does not splice cannot happen: the same statements before the edit left the same lists; run again, whole)
    const again = !spliced && stop?.reached !== undefined;
    if (spliced) result = spliced;
    else if (again) result = simulate(program, options, { hooks: {}, reports: this.reports });
    const resumed = snap && !again ? snap : undefined;
    // the map from the run's objects to their copies would keep the finished run's state alive
    this.forker.reset();
    this.opts.audit?.kept(this.snaps);
    // a run the clock cut or a cancellation stopped is not what a run from scratch would give
    if (result.cut?.reason !== 'time' && result.cut?.reason !== 'cancelled') this.prevResult = result;
    this.last = {
      from: spliced ? 'spliced' : resumed ? 'snapshot' : 'scratch',
      ...(reason ? { reason } : {}),
      ...(resumed ? { resumedAt: { item: resumed.item, stmt: resumed.stmt, offset: resumed.offset } } : {}),
      reused: spliced ? result.executed - (stop!.reached!.executed - (resumed?.executed ?? 0)) : resumed?.executed ?? 0,
      executed: result.executed,
      snapshots: this.snaps.length,
      objects: this.snaps.reduce((a, s) => a + s.objects, 0),
      copied: this.copied,
    };
    return result;
  }

  /** a copy of the kept copy `snap` to run on, and where and with what the run resumes */
  private restore(snap: Snapshot, options: RunOptions): { mm: Mm; resume: { at: Boundary; state: InterpreterState } } {
    const c = copyBoundary(snap.mm, snap.rest, snap.ctx);
    // the restored state is a copy of the kept one: the run's next copy shares what stays unchanged with it
    this.forker.adopt(c.memo);
    // its tasks are the kept copy's until handed out; the block's own at once (the run writes it through its context)
    TaskWrites.watch(c.mm.kernel, this.opts.leakyTasks);
    if (c.ctx?.task) c.ctx.task = c.mm.task(c.ctx.task.name);
    this.opts.corruptRestore?.(c.mm, snap);
    const state: InterpreterState = { ...c.rest, records: recordsOf(snap.records, options), expectations: snap.expectations.slice() };
    const at: Boundary = c.ctx ? { item: snap.item, stmt: snap.stmt, ctx: c.ctx } : { item: snap.item, stmt: snap.stmt };
    return { mm: c.mm, resume: { at, state } };
  }

  /**
   * The inputs are those of an earlier run (ADR 0039): its result is theirs, as it was. The copies
   * before the first difference between the last run's text and this one stay (the states of the
   * statements before it, the same in both texts, as after a reuse above); the last run joins the
   * earlier ones, so that a redo is answered the same way.
   */
  private again(prev: Inputs | undefined, inputs: Inputs, result: RunResult): RunResult {
    const editAt = prev?.text !== undefined && inputs.text !== undefined ? editBetween(prev.text, inputs.text).p : 0;
    this.snaps = prev && sameIR(globalsOf(prev.program), globalsOf(inputs.program)) ? this.snaps.filter((s) => s.offset < editAt) : [];
    this.prevResult = result;
    this.last = { from: 'again', reused: result.executed, executed: result.executed, snapshots: this.snaps.length, objects: this.snaps.reduce((a, s) => a + s.objects, 0) };
    return result;
  }

  /**
   * In idle time (ADR 0040): the last run again, from its last copy to the end, taking a copy every
   * stretch of executions (FILL_COPIES), so that the next edit at a new place resumes near it
   * instead of at an earlier edit's copy or from scratch (with atEditOnly a run copies only at its
   * edit). The inputs are the last run's, so the states copied are the ones its run went through
   * (deterministic: the same statements from the same copy) and its result is dropped; the last
   * run's inputs, result and report stay as they were. `stop` is asked between statements (a job
   * came): the copies taken until then stay. Returns the copies taken.
   */
  fill(stop: () => boolean): number {
    const prev = this.prev;
    if (!prev || !this.prevResult || this.opts.copies === false) return 0;
    const snap = this.snaps[this.snaps.length - 1];
    const from = snap?.executed ?? 0;
    const spacing = Math.max(this.opts.minInterval ?? FILL_MIN_SPACING, Math.ceil(this.prevResult.executed / (FILL_COPIES + 1)));
    if (this.prevResult.executed - from < 2 * spacing || stop()) return 0;
    // (the result is dropped: its reports are never built)
    const options: RunOptions = { ...prev.options, isCancelled: stop, reportsWhenRead: true };
    // the spacing the run's copies use, for this pass only; a copy's cost does not widen it here (the
    // pass is off the edit's path, and the copies' number is bounded)
    const { interval, perStep } = this;
    this.interval = spacing;
    this.perStep = Infinity;
    const capture = this.capture(prev.program, options, from);
    this.copied = { copies: 0, visited: 0, made: 0, elements: 0 };
    this.filled = true;
    try {
      if (snap) {
        const c = this.restore(snap, options);
        simulate(prev.program, options, { resume: c.mm, hooks: { onBoundary: capture, resume: c.resume }, reports: new ReportShare() });
      } else simulate(prev.program, options, { hooks: { onBoundary: capture }, reports: new ReportShare() });
    } finally {
      this.forker.reset();
      this.interval = interval;
      this.perStep = perStep;
    }
    this.opts.audit?.kept(this.snaps);
    return this.copied.copies;
  }

  /** forget every copy (the document closed, or memory is short) */
  clear(): void {
    this.prev = undefined;
    this.prevResult = undefined;
    this.earlier = [];
    this.snaps = [];
    this.forker.reset();
  }

  /**
   * The boundary hook of a run: a copy every `interval` executions, and one at `target` (the
   * first changed statement of an edit: the copies before it may be far, and typing goes on there).
   */
  private capture(program: Program, options: RunOptions, startExecuted: number, target?: { item: number; stmt: number }): NonNullable<RunHooks['onBoundary']> {
    const recordCap = options.maxStepRecords ?? 20_000;
    let lastExecuted = startExecuted;
    let stopped = false;
    return (atItem, atStmt, atCtx, interp) => {
      const atTarget = target !== undefined && atItem === target.item && atStmt === target.stmt;
      if (stopped || (!atTarget && interp.executed - lastExecuted < this.interval)) return;
      // past the record cap, later executions update earlier records: no more copies
      if (recordCap > 0 && interp.records.length >= recordCap) return void (stopped = true);
      lastExecuted = interp.executed;
      const { records, expectations, ...rest } = interp.state();
      let c: Copy;
      try {
        c = copyBoundary(interp.mm, rest, atCtx, this.forker);
      } catch (e) {
        if (!(e instanceof NotForkable)) throw e;
        stopped = true;
        return;
      }
      const item = program.items[atItem];
      const offset = !('body' in item) ? item.span.start : atStmt < item.body.length ? bodyBase(item) + item.body[atStmt].span.start : item.span.end;
      // the cost and memory of a copy in objects: elements copied natively count a fraction of one
      const elements = c.count.elements + expectations.length;
      const objects = c.count.made + Math.ceil((c.count.elementsMade + expectations.length) / ELEMENTS_PER_OBJECT_HELD);
      const cost = c.count.visited + Math.ceil(elements / ELEMENTS_PER_OBJECT_VISITED);
      const snap: Snapshot = { item: atItem, stmt: atStmt, offset, executed: interp.executed, objects, cost, mm: c.mm, rest: c.rest, records: recordsOf(records, options), expectations: expectations.slice() };
      if (c.ctx) snap.ctx = c.ctx;
      this.opts.audit?.taken(snap, { mm: interp.mm, ...(atCtx ? { ctx: atCtx } : {}), rest, records, expectations });
      this.copied.copies++;
      this.copied.visited += c.count.visited;
      this.copied.made += c.count.made;
      this.copied.elements += elements;
      this.snaps.push(snap);
      // copying stays a fraction of the work: a state of N objects waits N / objectsPerStep executions
      this.interval = Math.max(this.interval, Math.ceil(cost / this.perStep));
      this.thin();
    };
  }

  /** within the budgets: drop every other copy (the newest stays) and double the interval */
  private thin(): void {
    // (with atEditOnly: the copies of the edits, and once an idle pass ran, those passes add)
    const maxSnaps = this.opts.maxSnapshots ?? (this.opts.atEditOnly ? AT_EDIT_SNAPSHOTS + (this.filled ? FILL_COPIES : 0) : 48);
    const maxObjects = this.opts.maxObjects ?? 400_000;
    let objects = this.snaps.reduce((a, s) => a + s.objects, 0);
    while (this.snaps.length > 1 && (this.snaps.length > maxSnaps || objects > maxObjects)) {
      const n = this.snaps.length;
      // a copy shares what was unchanged with the one before it: what a dropped copy made may be
      // held by the next one, which is charged for it (never more than the whole state it holds)
      let carry = 0;
      this.snaps = this.snaps.filter((s, i) => {
        if ((n - 1 - i) % 2 !== 0) return void (carry += s.objects);
        s.objects = s.objects + carry;
        carry = 0;
        return true;
      });
      this.interval *= 2;
      objects = this.snaps.reduce((a, s) => a + s.objects, 0);
    }
    if (objects > maxObjects) this.snaps = [];
  }
}

/**
 * A copy of the step records for a copy of the state (StepLog.slice: it shares the sealed chunks).
 * A run without records (the editor's diagnostics run) never writes its empty log: shared, not
 * copied (a copy allocates a chunk's arrays; the audit checks that no kept copy changes).
 */
function recordsOf(records: StepLog, options: RunOptions): StepLog {
  return records.length === 0 && options.maxStepRecords === 0 ? records : records.slice();
}

interface Copy {
  mm: Mm;
  rest: Rest;
  ctx?: ExecContext;
  count: ForkCount;
  /** each object of the state copied -> its copy */
  memo: Map<object, unknown>;
}

/**
 * A copy of the state at a boundary. The machine is copied deeply (mm/fork.ts), except what
 * never changes once made, which the copy shares: the design and the static diagnostics; the
 * run's diagnostics (but the private-leak ones, whose page count grows: copied, and the copy's
 * leak index points at the copies); the interpreter's tables, whose values (outcomes, record indexes, notes)
 * are replaced, never changed (native Map copies).
 */
function copyBoundary(mm: Mm, rest: Rest, ctx: ExecContext | undefined, forker?: IncrementalFork): Copy {
  const memo = new Map<object, unknown>();
  const shared = immutables();
  shared.add(mm.design);
  shared.add(mm.run.staticDiagnostics);
  // the tasks are taken as they are (mm/taskWrites.ts: the task map is flat, the block's task is
  // its own); a restore shares the kept copy's the same way
  if (ctx?.task) memo.set(ctx.task, ctx.task);
  const run = mm.run;
  // made beforehand, so (through the forker) the previous copy's when unchanged
  const made = <T extends object>(live: object, copy: T): T => (forker ? forker.proposed(live, copy) : copy);
  // a diagnostic's span is shared with the state that made it (the statement's span): it stays
  // one object in the copy, as the diagnostic, shared, keeps it
  for (const d of run.diagnostics) memo.set(d.span, d.span);
  for (const { diag } of run.leakDiag.values()) if (!memo.has(diag)) memo.set(diag, made(diag, { ...diag }));
  memo.set(
    run.diagnostics,
    made(
      run.diagnostics,
      run.diagnostics.map((d) => (memo.get(d) as typeof d | undefined) ?? d),
    ),
  );
  let c: { mm: Mm; ctx: ExecContext | undefined };
  let count: ForkCount;
  if (forker) {
    ({ copy: c, count } = forker.fork({ mm, ctx }, shared, memo));
    // from now on the tasks are the copy's: the state copies one before it reads or changes it, the block's at once
    const k = mm.kernel;
    const w = k.taskWrites instanceof TaskWrites ? k.taskWrites : TaskWrites.watch(k);
    const tasks = w.taken();
    if (ctx?.task) ctx.task = mm.task(ctx.task.name);
    count = { ...count, visited: count.visited + tasks, made: count.made + tasks };
  } else {
    c = forkState({ mm, ctx }, shared, memo);
    count = { visited: memo.size, made: memo.size, elements: 0, elementsMade: 0 };
  }
  const copied: Rest = { ...rest, outcomes: new Map(rest.outcomes), recordOfSpan: new Map(rest.recordOfSpan), deadNoted: new Set(rest.deadNoted) };
  // the interpreter's tables are copied natively, like flat containers
  const tables = rest.outcomes.size + rest.recordOfSpan.size + rest.deadNoted.size;
  count.elements += tables;
  count.elementsMade += tables;
  const out: Copy = { mm: c.mm, rest: copied, count, memo };
  if (c.ctx) out.ctx = c.ctx;
  return out;
}

/**
 * The run options a result depends on: every one but the wall-clock budget, the cancellation hook
 * and the static diagnostics (compared apart), so that an option added later counts without being
 * listed here (a default and its explicit value count as different: a run from scratch, not a wrong one)
 */
function sameOptions(o: RunOptions, p: RunOptions): boolean {
  const a = o as unknown as Record<string, unknown>;
  const b = p as unknown as Record<string, unknown>;
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (k !== 'maxMs' && k !== 'isCancelled' && k !== 'staticDiagnostics' && a[k] !== b[k]) return false;
  }
  return true;
}

/** the same text, lowered to the same program with the same static diagnostics, run with the same options */
function sameInputs(a: Inputs, b: Inputs): boolean {
  return a.text !== undefined && a.text === b.text && sameOptions(a.options, b.options) && sameIR(a.program, b.program) && sameIR(a.statics, b.statics);
}

function sameGlobals(a: Inputs, b: Inputs): boolean {
  return sameOptions(a.options, b.options) && sameIR(globalsOf(a.program), globalsOf(b.program));
}

// ---------------------------------------------------------------- the same program, moved

/**
 * Where an offset of the old text is in the new one, for an edit found as the two texts' common
 * prefix (up to `p`) and suffix (from `q` in the old text, `q + delta` in the new): offsets
 * before p stay, offsets after q move by delta, offsets inside the edit have no place. At p and
 * q themselves (an insertion: is a span ending there before or after it?) the pairs of spans say
 * which; the map must stay one-to-one. It keeps the order, so the run of a program that is the
 * old one with every position moved by it is the old run with every position moved: the emulator
 * uses positions only as names and for their order (it never reads the text: the IR holds what it
 * needs of it, and that is compared).
 */
class TextShift implements ShiftParams {
  atP?: number;
  atQ?: number;

  constructor(
    readonly p: number,
    readonly q: number,
    readonly delta: number,
  ) {}

  /**
   * The lines the edit touched read the same in both texts once blanks and comments are taken
   * out: a cheap guess that no statement changed (the walk proves it or not).
   */
  onlyBlanksOrComments(a: string, b: string): boolean {
    const lines = (t: string, from: number, to: number): string => {
      const end = t.indexOf('\n', to);
      return t.slice(t.lastIndexOf('\n', from - 1) + 1, end < 0 ? t.length : end);
    };
    const strip = (s: string): string => s.replace(/\/\/[^\n]*/g, '').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\s+/g, '');
    return strip(lines(a, this.p, this.q)) === strip(lines(b, this.p, this.q + this.delta));
  }

  /** the old offset a is the new offset b: false when the shift says otherwise */
  pair(a: number, b: number): boolean {
    if (a < this.p) return a === b;
    if (a > this.q) return a + this.delta === b;
    if (a === this.p && (b === this.p || (this.p === this.q && b === this.p + this.delta)) && (this.atP === undefined || this.atP === b)) {
      this.atP = b;
      return this.atQ === undefined || this.p === this.q || this.atQ !== b;
    }
    if (a === this.q && b === this.q + this.delta && (this.atQ === undefined || this.atQ === b)) {
      this.atQ = b;
      return this.atP === undefined || this.atP !== b;
    }
    return false;
  }

  map(a: number): number | undefined {
    return mapOffset(this, a);
  }

  /** the map as it stands (the walk that pairs spans at the edit has run): what a moved result keeps */
  params(): ShiftParams {
    return { p: this.p, q: this.q, delta: this.delta, ...(this.atP === undefined ? {} : { atP: this.atP }), ...(this.atQ === undefined ? {} : { atQ: this.atQ }) };
  }
}

/**
 * The previous result with its positions moved, when the new program and its static diagnostics
 * are the previous ones but for positions (a space, a blank line, a comment typed: the edit
 * changed no statement); undefined otherwise, or when a position of the result has no place in
 * the new text. `editAt`: the first offset the edit changed (every position before it stays).
 */
function shiftedResult(a: Inputs, b: Inputs, result: RunResult, shiftOf: (a: string, b: string) => TextShift): { result: RunResult; editAt: number } | undefined {
  if (a.text === undefined || b.text === undefined) return undefined;
  if (a.text === b.text) return sameIR(a.program, b.program) && sameIR(a.statics, b.statics) ? { result, editAt: Infinity } : undefined;
  const shift = shiftOf(a.text, b.text);
  // the walk proves it; this only spares it to an edit that typed or removed more than blanks
  // and comments (such an edit almost always changes a statement)
  if (!shift.onlyBlanksOrComments(a.text, b.text)) return undefined;
  if (!sameProgramMoved(a.program, b.program, shift) || !sameWalk(a.statics, b.statics, shift)) return undefined;
  const moved = movedResult(result, shift.params());
  return moved && { result: moved, editAt: shift.p };
}

/**
 * The edit's one changed block: every part of the two programs the same but for positions except
 * the top-level statements `before` (old) and `after` (new) of one block's body, from its `k`-th on,
 * `e` statements after them the same (`after` is `yb.slice(k, yb.length - e)`); the static
 * diagnostics outside them the same. Only edits that change inert statements or expectations are
 * looked for (the walk stops at any other). Undefined when the previous run was cut or panicked.
 */
interface EditedBlock {
  shift: TextShift;
  item: number;
  k: number;
  e: number;
  before: Stmt[];
  after: Stmt[];
  /** the new block's body, the text's positions */
  yb: Stmt[];
  /** the item is a top-level expectation (then `before` and `after` are the item, `k` and `e` 0) */
  topLevel?: true;
}

function blockEdit(a: Inputs, b: Inputs, result: RunResult, shiftOf: (a: string, b: string) => TextShift): EditedBlock | undefined {
  if (a.text === undefined || b.text === undefined || a.text === b.text || result.cut || result.panic) return undefined;
  const shift = shiftOf(a.text, b.text);
  let change: EditedBlock | undefined;
  const same = sameProgramMoved(a.program, b.program, shift, (i) => (change = bodyChange(i, a.program.items[i], b.program.items[i], shift)) !== undefined);
  if (!same || change === undefined) return undefined;
  const c: EditedBlock = change;
  const outside = (ds: Diagnostic[], region: Stmt[]): Diagnostic[] => ds.filter((d) => !region.some((r) => d.span.start >= r.span.start && d.span.end <= r.span.end));
  return sameWalk(outside(a.statics, c.before), outside(b.statics, c.after), shift) ? c : undefined;
}

/**
 * The statements by which two versions of the block the edit is in differ (the header the same but
 * for positions), when all of them are inert or all are expectations; undefined otherwise
 */
function bodyChange(item: number, x: TimelineItem, y: TimelineItem, shift: TextShift): EditedBlock | undefined {
  // a top-level expectation typed into: the item itself is the one statement changed
  if (isExpectationOrLine(x) && isExpectationOrLine(y)) return { shift, item, k: 0, e: 0, before: [x as Stmt], after: [y as Stmt], yb: [], topLevel: true };
  if (!('body' in x) || !('body' in y)) return undefined;
  if (!sameWalk({ ...x, body: 0, bodyShift: 0 }, { ...y, body: 0, bodyShift: 0 }, shift)) return undefined;
  const xb = absoluteBody(x);
  const yb = absoluteBody(y);
  // the same statements first (ending before the edit) and last (starting after it)
  let k = 0;
  while (k < xb.length && k < yb.length && xb[k].span.end < shift.p && sameWalk(xb[k], yb[k], shift)) k++;
  let e = 0;
  while (e < xb.length - k && e < yb.length - k && xb[xb.length - 1 - e].span.start > shift.q && sameWalk(xb[xb.length - 1 - e], yb[yb.length - 1 - e], shift)) e++;
  const before = xb.slice(k, xb.length - e);
  const after = yb.slice(k, yb.length - e);
  const all = (f: (st: Stmt) => boolean): boolean => before.every(f) && after.every(f);
  return all(inert) || all(isExpectationOrLine) ? { shift, item, k, e, before, after, yb } : undefined;
}

/** a top-level expectation right after item `i` (past invalid expectation lines: its subject is the item before it that is not an expectation) names it: it reads the diagnostics inside it */
function blockIsSubject(b: Program, i: number): boolean {
  let j = i + 1;
  while (j < b.items.length && (b.items[j].kind === 'expect' || isExpectationLine(b.items[j]))) j++;
  return namesAsSubject(b.items.slice(i + 1, j), b.items[i].span.start, b.items[i].span.end);
}

/**
 * The previous result, its positions moved and its statement executions counted again, when the
 * edit changed only statements that do not run (ADR 0034): lines that did not parse or that a
 * check rejected (error statements, but one that was an `expect`), among the top-level statements
 * of one block, everything else the same but for positions. Such a statement counts one execution
 * and is its block's latest outcome until the next statement; nothing else of a run sees it: not
 * the machine, not a step record, not a diagnostic of the run. Typing a statement is mostly such
 * edits (every version but the last holds it half written). Not taken when a top-level expectation
 * follows the block (it reads the block's last outcome and the diagnostics inside the block), when
 * a static diagnostic outside the changed statements differs, when the previous run was cut or
 * panicked, or when the new count passes the step budget.
 */
function inertResult(b: Inputs, result: RunResult, edit: EditedBlock | undefined): { result: RunResult; editAt: number } | undefined {
  if (edit === undefined || !inertChange(edit, b.program)) return undefined;
  const executed = result.executed + edit.after.length - edit.before.length;
  if (executed > (b.options.maxSteps ?? DEFAULT_MAX_STEPS)) return undefined;
  const moved = movedResult(result, edit.shift.params(), executed);
  if (moved === undefined) return undefined;
  return { result: moved, editAt: edit.shift.p };
}

/** a statement that does not run: a line the front end could not lower, but an expectation's (the run reports those) */
const inert = (st: Stmt): boolean => st.kind === 'error' && st.expect === undefined;

/** an expectation line the front end could not lower */
const isExpectationLine = (it: TimelineItem | Stmt): boolean => it.kind === 'error' && it.expect !== undefined;

/** an expectation, or an expectation line the front end could not lower (which also sets the latest outcome) */
const isExpectationOrLine = (st: TimelineItem | Stmt): boolean => st.kind === 'expect' || isExpectationLine(st);

/**
 * The edit's changed statements are inert (a statement the edit touches counts as changed even when
 * its IR is the same but for positions: an error line holds no more than its span, `t` and `to`
 * typed compare alike), and nothing after them reads them
 */
function inertChange(c: EditedBlock, b: Program): boolean {
  if (!c.before.every(inert) || !c.after.every(inert) || blockIsSubject(b, c.item)) return false;
  return latestOutcomeUnread(c, b);
}

/**
 * Nothing after the changed statements reads the latest outcome they leave, nor names one of them
 * as its subject (what an inert statement or an invalid expectation line sets, and an expectation
 * does not)
 */
function latestOutcomeUnread(c: EditedBlock, b: Program, subjectsKept = false): boolean {
  const { e, yb, after } = c;
  const reads = subjectsKept ? readsLatestOutcomeUnnamed : readsLatestOutcome;
  // the statements after them: an expectation leaves the latest outcome as it is (and reads it when
  // it names no subject); the first other one reads it when an expectation comes first in its body,
  // and sets it
  let i = yb.length - e;
  for (; i < yb.length; i++) {
    if (reads(yb[i])) return false;
    if (yb[i].kind !== 'expect') break;
  }
  // nothing but expectations after them: the latest outcome they leave is the run's when the block
  // ends, which an expectation that comes first in a later block reads (it names no subject)
  if (i === yb.length && latestOutcomeRead(b.items, c.item + 1)) return false;
  // an expectation after them that the front end gave one of them as its subject (the statement
  // before it that is not an expectation) reads its outcome and the diagnostics inside it (`expect
  // diagnostic syntax`), which the edit changed: `b = mexpectalloc(1M)` -> `b = mexpect alloc(1M)`
  return !(after.length > 0 && namesAsSubject(yb.slice(yb.length - e), after[0].span.start, after[after.length - 1].span.end));
}

/**
 * ADR 0038: the edit changed only expectations, top-level statements of one block or one top-level
 * expectation (`before` -> `after`, either may be empty): an expectation reads the state and the run's outcomes and changes
 * neither (it counts one execution, and adds its result and, failing, a diagnostic), so the state
 * after them is the last run's there. An expectation line that does not lower (one half typed)
 * adds the same (a failed result and its diagnostic) and sets the latest outcome: taken when
 * nothing after it reads that (latestOutcomeUnread). The run goes to the boundary after them; the rest of the
 * result is the previous one, moved (whether its parts but the two lists can move is decided now). Not taken when a top-level expectation
 * after the block reads the diagnostics inside it, or for what blockEdit refuses.
 */
function expectationEdit(b: Inputs, result: RunResult, edit: EditedBlock | undefined): ExpectationEdit | undefined {
  if (edit === undefined || edit.before.length + edit.after.length === 0 || !edit.before.every(isExpectationOrLine) || !edit.after.every(isExpectationOrLine) || blockIsSubject(b.program, edit.item)) return undefined;
  // an invalid expectation line (one being typed) sets the latest outcome, as an inert statement does
  if ((edit.before.some(isExpectationLine) || edit.after.some(isExpectationLine)) && !latestOutcomeUnread(edit, b.program, true)) return undefined;
  const executed = result.executed + edit.after.length - edit.before.length;
  if (executed > (b.options.maxSteps ?? DEFAULT_MAX_STEPS)) return undefined;
  // the rest of the last result must move (its two lists are made anew: splicedRun)
  const shift = edit.shift.params();
  if (!movableExceptLists(result, shift)) return undefined;
  return { item: edit.item, stmt: edit.k, before: edit.before.map((st) => st.span), after: edit.after.length, shift, executed, ...(edit.topLevel ? { topLevel: true as const } : {}) };
}

/**
 * An expectation reads the run's latest outcome before a statement sets it again, from item `from`
 * on: one that comes first in a block or a loop's body (it names no subject), or a top-level one
 * (its item is read as its subject, and the outcome before it)
 */
function latestOutcomeRead(items: readonly TimelineItem[], from: number): boolean {
  for (let i = from; i < items.length; i++) {
    const it = items[i];
    if (it.kind === 'expect') return true;
    if (it.kind === 'error') return false;
    if (it.body.length > 0) return readsLatestOutcome(it.body[0]);
  }
  return false;
}

/** the statement, or the first of its body (and so on), is an expectation: it reads the outcome before it, naming no subject */
function readsLatestOutcome(st: Stmt | undefined): boolean {
  for (let s = st; s !== undefined; s = 'body' in s ? s.body[0] : undefined) if (s.kind === 'expect') return true;
  return false;
}

/**
 * readsLatestOutcome, but an expectation that names a statement as its subject reads that
 * statement's kept outcome (interpreter.ts markNamed, observed), not the latest: only one that
 * names none (first in its body) reads the latest
 */
function readsLatestOutcomeUnnamed(st: Stmt | undefined): boolean {
  for (let s = st; s !== undefined; s = 'body' in s ? s.body[0] : undefined) if (s.kind === 'expect') return s.subject === undefined;
  return false;
}

/** one of the statements (or top-level items) is an expectation whose subject lies in [start, end) */
function namesAsSubject(stmts: readonly (Stmt | TimelineItem)[], start: number, end: number): boolean {
  return stmts.some((st) => st.kind === 'expect' && st.subject !== undefined && st.subject.start < end && st.subject.end > start);
}

/**
 * sameWalk of two programs with a shift, but a block the incremental front end moved (model/
 * relower.ts: a block after the edit, its body the same array) has only its own spans walked.
 * `atEdit`, when given, answers for the item the edit is inside of (its index) instead of the walk.
 */
function sameProgramMoved(a: Program, b: Program, shift: TextShift, atEdit?: (item: number) => boolean): boolean {
  const { items: ai, ...ra } = a;
  const { items: bi, ...rb } = b;
  if (ai.length !== bi.length || !sameWalk(ra, rb, shift)) return false;
  for (let i = 0; i < ai.length; i++) {
    const inside = atEdit !== undefined && ai[i].span.start < shift.p && ai[i].span.end > shift.q;
    if (!(inside ? atEdit(i) : sameItemMoved(ai[i], bi[i], shift))) return false;
  }
  return true;
}

/** two timeline items the same but for positions (sameWalk with the shift), a block the edit moved compared by its own spans */
function sameItemMoved(x: TimelineItem, y: TimelineItem, shift: TextShift): boolean {
  if (x === y) return true;
  if ('body' in x && 'body' in y && x.body === y.body && x.span.start > shift.q) {
    // a block the edit moved (model/relower.ts, ADR 0023): the same body, its positions all past
    // the edit as the block's start is, so the shift pairs them when it pairs the block's own
    // spans (compared here) and the block's bodyShift grew by the edit's length
    return bodyBase(y) === bodyBase(x) + shift.delta && sameMovedBlock(x, y, shift);
  }
  // the text's positions: a moved block keeps its body's as they were lowered (ADR 0023)
  return sameWalk(absoluteItem(x), absoluteItem(y), shift);
}

/**
 * the block's own keys but its body and bodyShift the same, its two spans paired by the shift: what
 * sameWalk of the two without their bodies answers, without a copy of each and a walk of every key
 * (an edit near the top of a long document compares every block after it)
 */
function sameMovedBlock(x: Block, y: Block, shift: TextShift): boolean {
  if (!shift.pair(x.span.start, y.span.start) || !shift.pair(x.span.end, y.span.end)) return false;
  if (!shift.pair(x.headerSpan.start, y.headerSpan.start) || !shift.pair(x.headerSpan.end, y.headerSpan.end)) return false;
  const rx = x as unknown as Record<string, unknown>;
  const ry = y as unknown as Record<string, unknown>;
  let n = 0;
  for (const k in rx) {
    if (MOVED_BLOCK_KEYS.has(k)) continue;
    n++;
    if (!(k in ry) || !sameWalk(rx[k], ry[k], shift)) return false;
  }
  for (const k in ry) if (!MOVED_BLOCK_KEYS.has(k)) n--;
  return n === 0;
}

/**
 * Every part of a program but its timeline: the machine, the design line, the designs, and any
 * part added later (compared until shown unread by the run). Not compared: the title and the
 * params (the lowering put their values into the IR; their use sites shift with every edit).
 */
function globalsOf(p: Program): Record<string, unknown> {
  const { items: _items, title: _title, params: _params, ...rest } = p;
  return rest;
}

/** which copies of the previous run stay valid for the new inputs */
function usable(a: Inputs, b: Inputs): { keep: (s: Snapshot) => boolean; change: { item: number; stmt: number; headerSame: boolean } } {
  const change = firstChange(a.program.items, b.program.items);
  const staticLimit = firstStaticChange(a, b);
  const keep = (s: Snapshot): boolean => {
    if (s.offset > staticLimit) return false;
    if (s.item < change.item) return true;
    if (s.item > change.item) return false;
    // a boundary inside a block comes after its header ran: the header must be the same (the
    // boundary after the last item has no item: the edit added items at the end)
    const item = a.program.items[s.item] as TimelineItem | undefined;
    if (item === undefined || !('body' in item)) return s.stmt === 0;
    const next = b.program.items[s.item];
    return change.headerSame && s.stmt <= change.stmt && 'body' in next && subjectsKept(absoluteBody(item), absoluteBody(next), s.stmt);
  };
  return { keep, change };
}

/**
 * A copy at statement k of a block holds the outcomes of the statements before k that the old
 * block's expectations name (only those are kept: interpreter.ts markNamed), and the latest
 * outcome. Every statement before k that an expectation of the new block from k on names must be
 * one of those, or still the latest outcome when that expectation runs (only expectations between
 * k and it): deleting `q` from `loop {…}; expect pages(p, 1) == 8; q; …; expect ok` makes `expect
 * ok` name the loop, whose outcome the copy at `q` did not keep (the invalid expectation line,
 * a statement that does not lower, was the latest).
 */
function subjectsKept(a: readonly Stmt[], b: readonly Stmt[], k: number): boolean {
  const at = k < b.length ? b[k].span.start : Infinity;
  const named = new Set<string>();
  for (const st of a) if (st.kind === 'expect' && st.subject) named.add(`${st.subject.start}:${st.subject.end}`);
  let latest: Span | undefined;
  for (let i = k - 1; i >= 0 && latest === undefined; i--) if (b[i].kind !== 'expect') latest = b[i].span;
  let onlyExpectations = true;
  for (let i = k; i < b.length; i++) {
    const st = b[i];
    if (st.kind !== 'expect') {
      onlyExpectations = false;
      continue;
    }
    const s = st.subject;
    if (s === undefined || s.start >= at || named.has(`${s.start}:${s.end}`)) continue;
    if (onlyExpectations && latest !== undefined && latest.start === s.start && latest.end === s.end) continue;
    return false;
  }
  return true;
}

/** an item's IR as JSON, made once per item object (the previous program's stay cached for the next edit) */
const irText = new WeakMap<object, string>();

function textOf(x: object): string {
  let t = irText.get(x);
  if (t === undefined) irText.set(x, (t = JSON.stringify(x)));
  return t;
}

/**
 * Two items are the same IR: compared as JSON text (native, several times faster than a walk),
 * with a structural compare where the text has a `null` (NaN and ±Infinity print as null). IR
 * items hold no Map or Set (ir.ts), so their JSON says all they hold.
 */
function sameItem(x: TimelineItem, y: TimelineItem): boolean {
  if (x === y) return true;
  const t = textOf(x);
  if (t !== textOf(y)) return false;
  return !t.includes('null') || sameIR(x, y);
}

/** the first item that differs and, when both are blocks with the same header, the first statement of its body that does */
export function firstChange(a: TimelineItem[], b: TimelineItem[]): { item: number; stmt: number; headerSame: boolean } {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    if (sameItem(x, y)) continue;
    if (!('body' in x) || !('body' in y) || !sameIR({ ...x, body: 0, span: 0, bodyShift: 0 }, { ...y, body: 0, span: 0, bodyShift: 0 })) return { item: i, stmt: 0, headerSame: false };
    // statements compared with the text's positions: a block an edit moved keeps its body's as
    // they were lowered, `bodyShift` away (ADR 0023); at the same shift they compare alike
    const [xb, yb] = bodyBase(x) === bodyBase(y) ? [x.body, y.body] : [absoluteBody(x), absoluteBody(y)];
    let j = 0;
    while (j < xb.length && j < yb.length && sameIR(xb[j], yb[j])) j++;
    // the same block, kept otherwise (moved, against one lowered afresh)
    if (j === xb.length && j === yb.length && sameIR(x.span, y.span)) continue;
    return { item: i, stmt: j, headerSame: true };
  }
  return { item: n, stmt: 0, headerSame: false };
}

/**
 * The text offset before which the static diagnostics are the same (Infinity: all are): a copy
 * at or before it saw the same ones. A changed one inside a declaration (the machine's setup sees
 * those) invalidates every copy.
 */
function firstStaticChange(a: Inputs, b: Inputs): number {
  const keyOf = (d: Diagnostic): string => JSON.stringify(d);
  const count = new Map<string, number>();
  for (const d of a.statics) count.set(keyOf(d), (count.get(keyOf(d)) ?? 0) + 1);
  const changed: Diagnostic[] = [];
  for (const d of b.statics) {
    const k = keyOf(d);
    const c = count.get(k) ?? 0;
    if (c > 0) count.set(k, c - 1);
    else changed.push(d);
  }
  if (count.size) for (const d of a.statics) if ((count.get(keyOf(d)) ?? 0) > 0) changed.push(d);
  let limit = Infinity;
  const m = b.program.machine;
  const decls = [...m.nodes, ...m.distances, ...m.cgroups, ...m.sysctls].map((x) => x.span);
  if (m.swapSpan) decls.push(m.swapSpan);
  if (b.program.design) decls.push(b.program.design.span);
  for (const d of changed) {
    if (decls.some((s) => d.span.start >= s.start && d.span.end <= s.end)) return -1;
    limit = Math.min(limit, d.span.start);
  }
  return limit;
}

/** structural equality of IR values (plain objects, arrays, Maps; functions by identity) */
export function sameIR(a: unknown, b: unknown): boolean {
  return sameWalk(a, b);
}

/**
 * sameIR; given a `shift`, two spans are the same when the shift pairs their offsets (the pairs
 * must agree with it), everything else compared exactly
 */
function sameWalk(a: unknown, b: unknown, shift?: TextShift): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return a !== a && b !== b; // NaN
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameWalk(a[i], b[i], shift)) return false;
    return true;
  }
  if (Array.isArray(b) || Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  // Maps and Sets (none in the IR or a diagnostic: ir.ts) are compared exactly
  if (a instanceof Map) {
    const m = b as Map<unknown, unknown>;
    if (a.size !== m.size) return false;
    for (const [k, v] of a) if (!m.has(k) || !sameWalk(v, m.get(k))) return false;
    return true;
  }
  if (a instanceof Set) {
    const s = b as Set<unknown>;
    if (a.size !== s.size) return false;
    for (const v of a) if (!s.has(v)) return false;
    return true;
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  if (shift && isTextSpan(ra) && isTextSpan(rb)) return shift.pair(ra.start as number, rb.start as number) && shift.pair(ra.end as number, rb.end as number);
  let n = 0;
  for (const k in ra) {
    n++;
    if (!(k in rb) || !sameWalk(ra[k], rb[k], shift)) return false;
  }
  for (const _ in rb) n--;
  return n === 0;
}
