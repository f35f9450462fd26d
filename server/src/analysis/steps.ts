/**
 * Lookups over a run's step records by source position: which records belong to
 * a statement, the state at a statement, where a statement put its pages.
 * Records are in execution order; a loop body statement may have several.
 */
import { Span } from '../common/span';
import { describeOutcome, RunResult, StepRecord } from '../mm/result';

export class StepLookup {
  private readonly byStart = new Map<number, StepRecord[]>();

  constructor(readonly run: RunResult) {
    for (const s of run.steps) {
      const list = this.byStart.get(s.span.start);
      if (list) list.push(s);
      else this.byStart.set(s.span.start, [s]);
    }
  }

  /** Records of the statement starting at span.start (any record whose span starts there). */
  recordsOf(stmt: Span): StepRecord[] {
    return this.byStart.get(stmt.start) ?? [];
  }

  lastOf(stmt: Span): StepRecord | undefined {
    const r = this.recordsOf(stmt);
    return r[r.length - 1];
  }

  /**
   * The step for a cursor position: the last record of the innermost statement
   * containing it, else the last record that ended before it (the state "at that
   * line"), else -1.
   */
  indexAt(offset: number): number {
    let inside: StepRecord | undefined;
    let before: StepRecord | undefined;
    for (const s of this.run.steps) {
      if (offset >= s.span.start && offset <= s.span.end) {
        if (!inside || s.span.end - s.span.start <= inside.span.end - inside.span.start) inside = s;
      } else if (s.span.end <= offset) {
        if (!before || s.index > before.index) before = s;
      }
    }
    return (inside ?? before)?.index ?? -1;
  }

  /** The state after the statement (or the last step before the offset). */
  stepAt(offset: number): StepRecord | undefined {
    const i = this.indexAt(offset);
    return i >= 0 ? this.run.steps.find((s) => s.index === i) : undefined;
  }
}

const cache = new WeakMap<RunResult, StepLookup>();
export function stepLookup(run: RunResult): StepLookup {
  let l = cache.get(run);
  if (!l) {
    l = new StepLookup(run);
    cache.set(run, l);
  }
  return l;
}

/** Pages per node over all records of a statement, node order. */
export function placementsByNode(records: StepRecord[]): { node: number; pages: number }[] {
  const m = new Map<number, number>();
  for (const r of records) for (const p of r.placements) m.set(p.node, (m.get(p.node) ?? 0) + p.pages);
  return [...m.entries()].filter(([, n]) => n !== 0).sort((a, b) => a[0] - b[0]).map(([node, pages]) => ({ node, pages }));
}

export function formatPlacements(ps: { node: number; pages: number }[]): string {
  return ps.map((p) => `N${p.node} ×${p.pages}`).join(', ');
}

/** "ENOMEM", "OOM (victim app)", "skipped", "ok" */
export function outcomeText(r: StepRecord | undefined): string {
  return r ? describeOutcome(r.outcome, 'short') : 'not run';
}

/**
 * How the executions of one statement ended (a loop runs it many times): each short outcome text
 * with its count, in first-seen order. A record folded past the step-record cap counts once.
 */
export function outcomeTally(records: StepRecord[]): { kind: StepRecord['outcome']['kind']; text: string; count: number }[] {
  const out: { kind: StepRecord['outcome']['kind']; text: string; count: number }[] = [];
  for (const r of records) {
    const text = outcomeText(r);
    const hit = out.find((o) => o.text === text);
    if (hit) hit.count++;
    else out.push({ kind: r.outcome.kind, text, count: 1 });
  }
  return out;
}

/** "ok ×2, ENOMEM ×1" (or the one outcome alone when every execution ended alike) */
export function formatTally(tally: { text: string; count: number }[]): string {
  return tally.length === 1 ? tally[0].text : tally.map((t) => `${t.text} ×${t.count}`).join(', ');
}
