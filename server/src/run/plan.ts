/**
 * The statements of a body as the interpreter runs them: one StepPlan per IR statement, all of
 * one class (one object shape), made once per body array and kept while the IR lives.
 *
 * Why (ADR 0021): the IR of a statement is five or six small objects (statement, call, range,
 * selector, spans) that the garbage collector has spread over the heap, in shapes that differ
 * between a fresh lowering and a moved copy (common/shiftSpans.ts). Each statement of a long run
 * began with a chain of cache misses to read its own IR, about a third of a scattered fault. A
 * plan is made in one pass, so the plans of a body and the copies of their calls lie next to
 * each other in memory, in the order the run reads them.
 *
 * A plan is derived data: the IR is never changed once lowered, and losing the cache changes no
 * result. Every object a run hands on (the statement's span) is the IR's own object, not a copy, but
 * in a block an edit moved (ADR 0023: its body is the one lowered before the move, `bodyShift` says
 * how far). There a call statement's plan keeps the IR statement and the call of the body's plans
 * at another shift (no copy: ADR 0033), with a span object of its own placed where the text now has
 * the statement: the run reads no position inside a call, only the statement's span. An
 * expectation's is a copy of the statement alone, its span and its subject's placed (its
 * expectation the IR's: the run reads no position inside it either); any other statement (a loop's
 * or scope's header, an error line) a copy placed at the text's positions. Both are made beside the
 * plan, and the run hands on the copy's objects.
 */
import { isTextSpan, withSpansShiftedBut } from '../common/shiftSpans';
import { shiftedSpan, Span } from '../common/span';
import { Call, ExpectStmt, Stmt } from '../model/ir';
import { sameKeysLiteral } from '../common/literals';

export class StepPlan {
  constructor(
    /**
     * the IR statement. In a moved block: a call statement's is the IR's own (its positions
     * `bodyShift` from the text's: read the statement's through `span`), an expectation's a copy
     * with its span and subject placed (its expectation the IR's), any other a copy with the
     * text's positions (a loop's or scope's `body` still the IR's array: read it through `body`).
     * Read only off the hot path: expectations, loop headers, errors
     */
    readonly stmt: Stmt,
    readonly kind: Stmt['kind'],
    /** the statement's span where the text has it: `stmt.span`, but a moved call's (its own object, placed) */
    readonly span: Span,
    /** for_each, repeat, scope: the body's plans */
    readonly body: StepPlan[] | undefined,
    /**
     * a call statement: a copy of its call made beside the plan, the spans inside it the IR's objects
     * (as lowered: in a moved block not where the text has them; the run reads none of them)
     */
    readonly call: Call | undefined,
    /** `NAME = call(...)`: the name */
    readonly assign: string | undefined,
  ) {}

  /**
   * An expectation of its own body names this statement (run/interpreter.ts markNamed): the run
   * keeps its outcome. Set when the body's plans are first run; a plan belongs to one body array
   * and that array's expectations decide it, so it holds in every program that shares the plans.
   */
  named = false;

  /**
   * "start:end" of the span (run/interpreter.ts keys the outcomes an expectation may read by it),
   * made on first use: a field of the plan, not a WeakMap lookup per statement that keeps its outcome
   */
  spanKey: string | undefined = undefined;

  /** an expectation's: the key (as spanKey) of the statement it names, made on first use */
  subjectKey: string | undefined = undefined;
}

/** the plans of a body array, for the shift they were placed at */
interface Placed {
  shift: number;
  plans: StepPlan[];
  /** the plans of the shift before (a keystroke undone moves a block back: its plans are kept) */
  older: Placed | undefined;
}

const plans = new WeakMap<readonly Stmt[], Placed>();

/** the shifts whose plans a body keeps, the newest first (tests: lsp/rehearsal.ts places bodies ahead of a keystroke) */
export function placedShifts(body: readonly Stmt[]): number[] {
  const out: number[] = [];
  for (let p = plans.get(body); p !== undefined; p = p.older) out.push(p.shift);
  return out;
}

/**
 * The plans of a body (a block's or a loop's) whose positions are `shift` from the text's (the
 * block's `bodyShift`: model/blockSpans.ts bodyBase), made on first use. A body keeps the plans
 * of its last two shifts: a block an edit moved again is placed again (one pass, as a new body was
 * before ADR 0023), but a keystroke undone (a character typed then removed, before the block)
 * moves it back to the shift before, whose plans are still there (ADR 0023, 2026-12-05 section:
 * with one shift every such pair of edits placed every block after them twice, about a tenth of
 * a statement edit's CPU on 5,000 lines and most of what the edit left to the collector).
 */
export function planBody(body: readonly Stmt[], shift: number): StepPlan[] {
  const kept = plans.get(body);
  if (kept !== undefined) {
    if (kept.shift === shift) return kept.plans;
    const older = kept.older;
    if (older !== undefined && older.shift === shift) {
      kept.older = undefined;
      older.older = kept;
      plans.set(body, older);
      return older.plans;
    }
    kept.older = undefined;
  }
  const out = new Array<StepPlan>(body.length);
  // the calls of the plans this body has at another shift, if any: calls are placed by sharing them
  const calls = kept?.plans;
  for (let i = 0; i < body.length; i++) out[i] = planOf(body[i], shift, calls?.[i].call);
  plans.set(body, { shift, plans: out, older: kept });
  return out;
}

/** `call`: a copy of this statement's call already made (by its plan at another shift), or undefined */
function planOf(s: Stmt, shift: number, call: Call | undefined): StepPlan {
  switch (s.kind) {
    case 'call': {
      // a moved call: the IR's statement and call, only its span placed (ADR 0033)
      const span = shiftedSpan(s.span, shift);
      return new StepPlan(s, s.kind, span, undefined, call ?? (copyData(s.call) as Call), s.assign?.name);
    }
    case 'expect': {
      if (shift === 0) return new StepPlan(s, s.kind, s.span, undefined, undefined, undefined);
      // a moved expectation: a copy of the statement alone (its keys in order: the IR's class), its
      // span and its subject's placed; its expectation the IR's (the run reads no position inside it)
      const e = sameKeysLiteral(s) as unknown as ExpectStmt;
      e.span = shiftedSpan(s.span, shift);
      if (s.subject !== undefined) e.subject = shiftedSpan(s.subject, shift);
      return new StepPlan(e, s.kind, e.span, undefined, undefined, undefined);
    }
    default: {
      // a loop's or scope's header, an error line: placed as a whole (a loop's body kept, planned at the shift)
      const stmt = shift === 0 ? s : withSpansShiftedBut(s, shift, 'body');
      return new StepPlan(stmt, s.kind, stmt.span, 'body' in s ? planBody(s.body, shift) : undefined, undefined, undefined);
    }
  }
}

/** a copy of plain data (objects, arrays), keeping text spans as the same objects */
function copyData(v: unknown): unknown {
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) {
    const out = new Array(v.length);
    for (let i = 0; i < v.length; i++) out[i] = copyData(v[i]);
    return out;
  }
  const r = v as Record<string, unknown>;
  if (isTextSpan(r)) return r;
  const out: Record<string, unknown> = {};
  for (const k in r) out[k] = copyData(r[k]);
  return out;
}
