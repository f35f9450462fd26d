/**
 * The oracle of test/run/stepLog.test.ts: step records built the way the interpreter built them
 * before they were kept as raw facts (run/stepLog.ts, ADR 0022), node snapshots included (report.ts
 * snapshots() at every step), one StepRecord object per
 * statement execution, made at once. Same sharing rules: a step that placed what the previous
 * recorded step placed gets its placements array, one whose counters moved as the previous
 * one's gets its stats object; a record past the cap gets its own stats object, summed in place.
 */
import { Mm, splitPlacementKey } from '../../server/src/mm/machine';
import { snapshots } from '../../server/src/run/report';
import { NodeSnapshot, Outcome, Placement, StepRecord, TraceEvent } from '../../server/src/mm/result';
import { NO_STATS } from '../../server/src/mm/vmstat';
import { Span } from '../../server/src/common/span';
import { StepLog } from '../../server/src/run/stepLog';
import { EMPTY_EVENTS, EMPTY_LINES, formatEvents, formatLines, Tracer } from '../../server/src/mm/trace';

/**
 * The step's events and lines formatted at once, then forgotten: what the eager builder kept per
 * record (exact copies; an empty list is the shared empty one), so the equivalence test compares
 * text formatted at the step with text formatted when the lazy log is read.
 */
export function takeNow(tracer: Tracer): { events: TraceEvent[]; explain: string[] } {
  const lines: unknown[] = [];
  const events: unknown[] = [];
  const nLines = tracer.drain(lines, 0);
  const nEvents = tracer.drainEvents(events, 0);
  return { events: nEvents ? formatEvents(events, 0, nEvents) : EMPTY_EVENTS, explain: nLines ? formatLines(lines, 0, nLines) : EMPTY_LINES };
}

/** the nodes of every record without node states (one shared array, as the interpreter had) */
const NO_NODES: NodeSnapshot[] = [];

const placedAfter = (a: Placement, b: Placement): boolean => a.owner > b.owner || (a.owner === b.owner && a.node > b.node);

function addStats(a: Record<string, number>, b: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
    const v = (a[k] ?? 0) + (b[k] ?? 0);
    if (v !== 0) out[k] = v;
  }
  return out;
}

export class EagerStepLog extends StepLog {
  readonly records: StepRecord[] = [];
  private lastPlacements: Placement[] = [];
  private lastStats: Record<string, number> = NO_STATS;
  /** records whose stats object is theirs alone (a record past the cap) */
  private readonly own = new Set<number>();

  private nodes = true;

  override start(_mm: Mm, stepNodes: boolean): void {
    this.nodes = stepNodes;
  }

  override resume(): void {
    throw new Error('the eager oracle serves runs from scratch only');
  }

  override append(span: Span, block: StepRecord['block'], actor: string | undefined, outcome: Outcome, count: number, mm: Mm, at: number): void {
    const ps = this.placementsOf(mm.placements);
    const nodes: NodeSnapshot[] = this.nodes ? snapshots(mm, at) : NO_NODES;
    const { events, explain } = takeNow(mm.tracer);
    const index = this.records.length;
    const stats = this.sharedStats(mm.stat.takeDelta());
    const rec: StepRecord = actor !== undefined ? { index, span, block, outcome, count, placements: ps, explain, events, nodes, stats, actor } : { index, span, block, outcome, count, placements: ps, explain, events, nodes, stats };
    this.records.push(rec);
    this.length = this.records.length;
  }

  override count(i: number): number {
    return this.records[i].count;
  }

  override update(i: number, count: number, outcome: Outcome, delta: Record<string, number>, snapshot: boolean, mm: Mm, at: number): void {
    const r = this.records[i];
    r.count = count;
    r.outcome = outcome;
    if (delta !== NO_STATS) {
      if (this.own.has(i)) r.stats = addStats(r.stats, delta);
      else {
        r.stats = addStats({ ...r.stats }, delta);
        this.own.add(i);
      }
    }
    if (snapshot && this.nodes) r.nodes = snapshots(mm, at);
  }

  override slice(): StepLog {
    throw new Error('the eager oracle serves runs from scratch only');
  }

  override materialise(): StepRecord[] {
    return this.records;
  }

  private placementsOf(m: { readonly size: number } & Iterable<[string, number]>): Placement[] {
    const last = this.lastPlacements;
    if (m.size === 0) return last.length === 0 ? last : (this.lastPlacements = []);
    const out: Placement[] = [];
    for (const [k, pages] of m) {
      const { owner, node } = splitPlacementKey(k);
      out.push({ owner, node, pages });
    }
    out.sort((a, b) => (placedAfter(a, b) ? 1 : placedAfter(b, a) ? -1 : 0));
    if (out.length === last.length && out.every((p, i) => p.owner === last[i].owner && p.node === last[i].node && p.pages === last[i].pages)) return last;
    return (this.lastPlacements = out);
  }

  private sharedStats(d: Record<string, number>): Record<string, number> {
    const last = this.lastStats;
    if (d === NO_STATS) return d;
    const keys = Object.keys(d);
    if (keys.length === Object.keys(last).length && keys.every((k) => last[k] === d[k])) return last;
    return (this.lastStats = d);
  }
}
