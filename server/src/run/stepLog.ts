/**
 * The step records of a run, kept as raw facts and built into StepRecord objects only when read
 * (issue 15, ADR 0022). A statement execution appends a few numbers and references to columns:
 * its span, block, actor, outcome, count and node snapshots, and its placements, explain lines,
 * trace events and counter increments to flat lists (with the end offset of each). No object
 * per step, so the garbage collector has almost nothing to copy or promote during the run;
 * `materialise()` builds the same records the interpreter built eagerly before (same fields in the
 * same order, the same sharing between records: test/run/stepLog.test.ts compares them).
 *
 * The columns are cut in chunks of CHUNK records. A full chunk is sealed: never changed again, so
 * copies of the log (a statement boundary kept by run/incremental.ts, ADR 0011) share it, and a
 * copy costs at most one chunk. Past the record cap a later execution updates its statement's last
 * record: that update goes to `overrides`, never into a chunk.
 */
import { Span } from '../common/span';
import { splitPlacementKey } from '../mm/machine';
import { NodeSnapshot, Outcome, Placement, StepRecord, TraceEvent } from '../mm/result';
import { EMPTY_EVENTS, EMPTY_LINES, Tracer } from '../mm/trace';
import { NO_STATS, VmStat } from '../mm/vmstat';

/** records per chunk: a copy of the log copies at most this many records' columns */
const CHUNK = 256;

type Block = StepRecord['block'];

class Chunk {
  spans: Span[] = [];
  blocks: Block[] = [];
  actors: (string | undefined)[] = [];
  outcomes: Outcome[] = [];
  counts: number[] = [];
  nodes: NodeSnapshot[][] = [];
  /** placements: (placement key, pages) pairs; placeEnd[j] = the end of record j's */
  placeEnd: number[] = [];
  placeKeys: string[] = [];
  placePages: number[] = [];
  lineEnd: number[] = [];
  lines: string[] = [];
  eventEnd: number[] = [];
  events: TraceEvent[] = [];
  /** counter increments, by name in sorted order, zeros left out */
  statEnd: number[] = [];
  statNames: string[] = [];
  statValues: number[] = [];

  copy(): Chunk {
    const c = new Chunk();
    c.spans = this.spans.slice();
    c.blocks = this.blocks.slice();
    c.actors = this.actors.slice();
    c.outcomes = this.outcomes.slice();
    c.counts = this.counts.slice();
    c.nodes = this.nodes.slice();
    c.placeEnd = this.placeEnd.slice();
    c.placeKeys = this.placeKeys.slice();
    c.placePages = this.placePages.slice();
    c.lineEnd = this.lineEnd.slice();
    c.lines = this.lines.slice();
    c.eventEnd = this.eventEnd.slice();
    c.events = this.events.slice();
    c.statEnd = this.statEnd.slice();
    c.statNames = this.statNames.slice();
    c.statValues = this.statValues.slice();
    return c;
  }
}

/** what a record past the cap carries instead of its chunk's values (its own stats object: summed in place) */
interface Override {
  count: number;
  outcome: Outcome;
  stats: Record<string, number>;
  nodes: NodeSnapshot[];
}

/** a after b in (owner, node) order */
const placedAfter = (a: Placement, b: Placement): boolean => a.owner > b.owner || (a.owner === b.owner && a.node > b.node);

/** a + b per key, keys sorted (a record standing for several executions of its statement) */
function addStats(a: Record<string, number>, b: Record<string, number>): Record<string, number> {
  if (b === NO_STATS) return a;
  if (a === NO_STATS) return { ...b };
  let sameKeys = true;
  for (const k in b) if (!(k in a)) sameKeys = false;
  if (sameKeys) {
    // a belongs to its record alone (an Override's): add in place
    for (const k in b) a[k] += b[k];
    return a;
  }
  const out: Record<string, number> = {};
  for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
    const v = (a[k] ?? 0) + (b[k] ?? 0);
    if (v !== 0) out[k] = v;
  }
  return out;
}

export class StepLog {
  /** full chunks: never changed again (shared with copies) */
  private sealed: Chunk[] = [];
  private open = new Chunk();
  /** records appended */
  length = 0;
  private overrides = new Map<number, Override>();

  /**
   * Append the record of a statement execution: the step's placements, explain lines, trace events
   * and counter increments are drained from the machine's per-step lists (left empty for the next step).
   */
  append(span: Span, block: Block, actor: string | undefined, outcome: Outcome, count: number, nodes: NodeSnapshot[], placements: ReadonlyMap<string, number>, tracer: Tracer, stat: VmStat): void {
    let c = this.open;
    if (c.spans.length === CHUNK) {
      this.sealed.push(c);
      this.open = c = new Chunk();
    }
    c.spans.push(span);
    c.blocks.push(block);
    c.actors.push(actor);
    c.outcomes.push(outcome);
    c.counts.push(count);
    c.nodes.push(nodes);
    if (placements.size !== 0)
      for (const [k, pages] of placements) {
        c.placeKeys.push(k);
        c.placePages.push(pages);
      }
    c.placeEnd.push(c.placeKeys.length);
    tracer.drain(c.lines, c.events);
    c.lineEnd.push(c.lines.length);
    c.eventEnd.push(c.events.length);
    stat.drainDelta(c.statNames, c.statValues);
    c.statEnd.push(c.statNames.length);
    this.length++;
  }

  private chunkOf(i: number): Chunk {
    const k = Math.floor(i / CHUNK);
    return k < this.sealed.length ? this.sealed[k] : this.open;
  }

  /** executions of record i's statement so far (the record's count) */
  count(i: number): number {
    const o = this.overrides.get(i);
    return o !== undefined ? o.count : this.chunkOf(i).counts[i % CHUNK];
  }

  /** a later execution of record i's statement past the record cap: count, outcome, summed stats, and new node snapshots if given */
  update(i: number, count: number, outcome: Outcome, delta: Record<string, number>, nodes?: NodeSnapshot[]): void {
    let o = this.overrides.get(i);
    if (o === undefined) {
      const c = this.chunkOf(i);
      const j = i % CHUNK;
      o = { count, outcome, stats: statsOf(c, j, NO_STATS), nodes: c.nodes[j] };
      // its own object: summed in place from here on
      o.stats = o.stats === NO_STATS ? NO_STATS : { ...o.stats };
      this.overrides.set(i, o);
    }
    o.count = count;
    o.outcome = outcome;
    o.stats = addStats(o.stats, delta);
    if (nodes) o.nodes = nodes;
  }

  /** a copy: the sealed chunks shared, the open one and the updates past the cap copied */
  slice(): StepLog {
    const l = new StepLog();
    l.sealed = this.sealed.slice();
    l.open = this.open.copy();
    l.length = this.length;
    for (const [i, o] of this.overrides) l.overrides.set(i, { ...o, stats: o.stats === NO_STATS ? o.stats : { ...o.stats } });
    return l;
  }

  /**
   * The StepRecords, as the interpreter used to build them: consecutive records with the same
   * placements or the same counter increments share one array or object; a step with no explain
   * line or event has the shared empty list (treat all of them as immutable).
   */
  materialise(): StepRecord[] {
    const out: StepRecord[] = new Array(this.length);
    let lastPlacements: Placement[] = [];
    let lastStats: Record<string, number> = NO_STATS;
    for (let i = 0; i < this.length; i++) {
      const c = this.chunkOf(i);
      const j = i % CHUNK;
      const p0 = j === 0 ? 0 : c.placeEnd[j - 1];
      const p1 = c.placeEnd[j];
      let placements: Placement[];
      if (p0 === p1) placements = lastPlacements.length === 0 ? lastPlacements : (lastPlacements = []);
      else {
        placements = placementsOf(c, p0, p1);
        if (samePlacements(placements, lastPlacements)) placements = lastPlacements;
        else lastPlacements = placements;
      }
      const l0 = j === 0 ? 0 : c.lineEnd[j - 1];
      const l1 = c.lineEnd[j];
      const e0 = j === 0 ? 0 : c.eventEnd[j - 1];
      const e1 = c.eventEnd[j];
      const explain = l0 === l1 ? EMPTY_LINES : c.lines.slice(l0, l1);
      const events = e0 === e1 ? EMPTY_EVENTS : c.events.slice(e0, e1);
      let stats = statsOf(c, j, lastStats);
      if (stats !== NO_STATS) lastStats = stats;
      let count = c.counts[j];
      let outcome = c.outcomes[j];
      let nodes = c.nodes[j];
      const o = this.overrides.get(i);
      if (o !== undefined) {
        ({ count, outcome, nodes, stats } = o);
      }
      const span = c.spans[j];
      const block = c.blocks[j];
      const actor = c.actors[j];
      // two literals, not a field added afterwards: every record keeps its fields in the object itself
      out[i] =
        actor !== undefined
          ? { index: i, span, block, outcome, count, placements, explain, events, nodes, stats, actor }
          : { index: i, span, block, outcome, count, placements, explain, events, nodes, stats };
    }
    return out;
  }
}

/** record j's placements in (owner, node) order */
function placementsOf(c: Chunk, from: number, to: number): Placement[] {
  const placements: Placement[] = [];
  for (let k = from; k < to; k++) {
    const { owner, node } = splitPlacementKey(c.placeKeys[k]);
    placements.push({ owner, node, pages: c.placePages[k] });
  }
  // insertion sort: a step places on few (owner, node) pairs
  for (let i = 1; i < placements.length; i++) {
    const p = placements[i];
    let j = i;
    for (; j > 0 && placedAfter(placements[j - 1], p); j--) placements[j] = placements[j - 1];
    placements[j] = p;
  }
  return placements;
}

function samePlacements(a: Placement[], b: Placement[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i].owner !== b[i].owner || a[i].node !== b[i].node || a[i].pages !== b[i].pages) return false;
  return true;
}

/** record j's counter increments: `last` itself when they are the same (NO_STATS when none) */
function statsOf(c: Chunk, j: number, last: Record<string, number>): Record<string, number> {
  const s0 = j === 0 ? 0 : c.statEnd[j - 1];
  const s1 = c.statEnd[j];
  if (s0 === s1) return NO_STATS;
  let same = true;
  let n = 0;
  for (const k in last) if (k !== '') n++;
  if (n !== s1 - s0) same = false;
  for (let k = s0; k < s1 && same; k++) same = last[c.statNames[k]] === c.statValues[k];
  if (same) return last;
  const out: Record<string, number> = {};
  for (let k = s0; k < s1; k++) out[c.statNames[k]] = c.statValues[k];
  return out;
}
