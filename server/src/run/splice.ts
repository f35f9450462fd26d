/**
 * An edit of expectations runs only to the end of them (docs/adr/0038-an-edited-expectation-runs-to-its-end.md).
 * An expectation reads the machine and the run's outcomes and changes neither: it counts one
 * execution and adds its result and, when it fails, a diagnostic. So once the edited expectations
 * have run, the state is the last run's at the same place, and everything the run would do after
 * them, the last run did. The run stops at the boundary after them (SpliceStop); the result is the
 * last one, positions moved, with the edited expectations' entries replaced by the new ones
 * (splicedRun). run/incremental.ts decides when an edit is such an edit (expectationEdit).
 */
import { Diagnostic } from '../common/diagnostics';
import { Span } from '../common/span';
import { ExpectationResult, RunResult } from '../mm/result';
import { Interpreter, RunHooks, StopRun } from './interpreter';
import { movedBy, movedResult, ShiftParams } from './movedResult';

export interface ExpectationEdit {
  /** the block, and the index in its body of the first edited expectation (the same in both versions) */
  item: number;
  stmt: number;
  /** the old expectations' spans, in the old text */
  before: Span[];
  /** how many expectations the new block has there */
  after: number;
  /** the edit, as the walk that paired the two programs' spans placed it */
  shift: ShiftParams;
  /** the run's executions (the last run's, with those of the edited expectations counted again) */
  executed: number;
  /** the edited expectation is the top-level item `item`: the run stops at the next item's first boundary */
  topLevel?: true;
}

/** the run's lists and count at the first edited expectation, and its count at the boundary after the last */
export interface SpliceCounts {
  expectations: number;
  diagnostics: number;
  /** executions at the boundary after the edited expectations */
  executed: number;
}

type OnBoundary = NonNullable<RunHooks['onBoundary']>;

/** the boundary hook that ends a run after the edited expectations, noting the lists' lengths before them */
export class SpliceStop {
  private first?: { expectations: number; diagnostics: number };
  /** set when the run reached the boundary after the edited expectations (and stopped there) */
  reached?: SpliceCounts;

  constructor(private readonly edit: ExpectationEdit) {}

  /** `inner` (the copies' hook) sees every boundary first, the stop's too */
  hook(inner?: OnBoundary): OnBoundary {
    const { item, stmt, after, topLevel } = this.edit;
    // the boundary after them: in the block, or (after a top-level expectation) the next item's
    // first, its header run by then (what the header adds comes after the expectation's entries)
    const endItem = topLevel ? item + 1 : item;
    const end = topLevel ? 0 : stmt + after;
    return (i: number, s: number, ctx: Parameters<OnBoundary>[2], interp: Interpreter): void => {
      inner?.(i, s, ctx, interp);
      if (i === item && s === stmt) this.first = { expectations: interp.expectations.length, diagnostics: interp.mm.diagnostics.length };
      if (i === endItem && s === end && this.first) {
        this.reached = { ...this.first, executed: interp.executed };
        throw new StopRun();
      }
    };
  }
}

const sameSpan = (a: Span, b: Span): boolean => a.start === b.start && a.end === b.end;

/** `diagnostics` from `from` on begin with the failed expectations' own, in order (interpreter.ts pushExpectation: one `expect-failed` at each one's span) */
function failuresListed(diagnostics: readonly Diagnostic[], from: number, failed: readonly ExpectationResult[]): boolean {
  for (let j = 0; j < failed.length; j++) {
    const d = diagnostics[from + j] as Diagnostic | undefined;
    if (d === undefined || d.code !== 'expect-failed' || !sameSpan(d.span, failed[j].span)) return false;
  }
  return true;
}

/**
 * The result of the edited program: the last result moved by the edit, its entries of the old
 * expectations (at `at`, in the order they ran: one result each, a diagnostic each that failed)
 * replaced by the new ones the stopped run `partial` made (movedResult with lists of its own: the
 * old entries need no place in the new text, typed at their end as a new line is). Everything else, the entries before and
 * after them included, is the last run's: a leak diagnostic made before the edit grows with later
 * statements, so the stopped run's copy of it is not the one a whole run ends with. Undefined where
 * the last result does not hold the old entries where the stopped run says (never, as the same
 * statements ran before them; the caller then runs again, whole).
 */
export function splicedRun(prev: RunResult, edit: ExpectationEdit, partial: RunResult, at: SpliceCounts): RunResult | undefined {
  if (partial.cut || partial.panic) return undefined;
  const e0 = at.expectations;
  const d0 = at.diagnostics;
  const nb = edit.before.length;
  const na = edit.after;
  if (partial.expectations.length !== e0 + na) return undefined;
  // the new expectations' entries: one result each, a diagnostic each that failed, in the order
  // they ran (and, after a top-level one, what the next item's header added: the last run's too)
  const made = partial.expectations.slice(e0);
  const madeFailed = made.filter((r) => !r.passed);
  if (!failuresListed(partial.diagnostics, d0, madeFailed)) return undefined;
  const madeDiagnostics = partial.diagnostics.slice(d0, d0 + madeFailed.length);
  const old = prev.expectations;
  const failed: ExpectationResult[] = [];
  for (let j = 0; j < nb; j++) {
    const r = old[e0 + j] as ExpectationResult | undefined;
    if (r === undefined || !sameSpan(r.span, edit.before[j])) return undefined;
    if (!r.passed) failed.push(r);
  }
  if (!failuresListed(prev.diagnostics, d0, failed)) return undefined;
  // the last run's entries around the old ones, moved by the edit (one walk: they share spans)
  const kept = movedBy(
    { e: [old.slice(0, e0), old.slice(e0 + nb)], d: [prev.diagnostics.slice(0, d0), prev.diagnostics.slice(d0 + failed.length)] },
    edit.shift,
  );
  if (kept === undefined) return undefined;
  const expectations = [...kept.e[0], ...made, ...kept.e[1]];
  const diagnostics = [...kept.d[0], ...madeDiagnostics, ...kept.d[1]];
  return movedResult(prev, edit.shift, edit.executed, { expectations, diagnostics });
}
