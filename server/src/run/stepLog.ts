/**
 * The step records of a run, kept as raw facts and built into StepRecord objects only when read
 * (issue 15, ADR 0022). A statement execution appends a few numbers and references to columns:
 * its span, block, actor, outcome and count, and its placements, explain lines, trace events and
 * counter increments to flat lists (with the end offset of each); explain lines as the tracer kept
 * them, most as raw facts (a formatter and its values, mm/trace.ts; ADR 0024) formatted only when
 * the records are read. Node snapshots too: the machine
 * tells the log every account() call (RunContext.accounts), and each record notes a snapshot point
 * (the fields of the nodes that changed, the statement's placements and losses); when read, the
 * points are replayed on a stand-in machine through report.ts snapshots(), in the same order. No
 * object per step, so the garbage collector has almost nothing to copy or promote during the run;
 * `materialise()` builds the same records the interpreter built eagerly before (same fields in the
 * same order, the same sharing between records: test/run/stepLog.test.ts compares them).
 *
 * The columns are cut in chunks of CHUNK records. A full chunk is sealed: never changed again, so
 * copies of the log (a statement boundary kept by run/incremental.ts, ADR 0011) share it, and a
 * copy costs at most one chunk. Past the record cap a later execution updates its statement's last
 * record: that update goes to `overrides`, never into a chunk.
 */
import { Span } from '../common/span';
import { accountOwner, Mm, NodeState, OwnerAccount, splitPlacementKey } from '../mm/machine';
import { NodeSnapshot, NodeStateName, Outcome, Placement, StepRecord } from '../mm/result';
import { EMPTY_EVENTS, EMPTY_LINES, formatEvents, formatLines, KeptEvents, KeptLines } from '../mm/trace';
import { setAccounts, StepTally } from '../mm/run_context';
import { NO_STATS } from '../mm/vmstat';
import { keyOf, noteAllOwners, sameKey, setKey, SnapKey, useCreators, ServiceFields, serviceFields, snapshots } from './report';
import { anyArray } from '../common/arrays';

/** records per chunk: a copy of the log copies at most this many records' columns */
const CHUNK = 256;

type Block = StepRecord['block'];

/** a snapshot point's numbers, PT slots each in Chunk.pts: its target, call number, and the ends of its journal, captures, placements and losses */
const PT = 6;
const PT_TARGET = 0;
const PT_AT = 1;
const PT_JOURNAL = 2;
const PT_CAP = 3;
const PT_PK = 4;
const PT_LOST = 5;

/**
 * The columns and lists of up to CHUNK records. Nothing here grows by push: a list grown by push
 * is reallocated a dozen times over a chunk, and those copies were most of what a recorded run
 * allocated for its records. The per-record columns have CHUNK slots (record j's is slot j; the
 * numbers in typed arrays); every other list is made at the length the chunk before reached and
 * written by index, its count beside it (`n...`: the slots in use).
 */
class Chunk {
  /** records in the chunk */
  n = 0;
  spans: Span[] = new Array(CHUNK);
  blocks: Block[] = new Array(CHUNK);
  actors: (string | undefined)[] = new Array(CHUNK);
  outcomes: Outcome[] = new Array(CHUNK);
  counts = new Float64Array(CHUNK);
  nodes: NodeSnapshot[][] = new Array(CHUNK);
  /** placements: (placement key, pages) pairs; placeEnd[j] = the end of record j's */
  placeEnd = new Int32Array(CHUNK);
  placeKeys: string[];
  placePages: number[];
  nPlace = 0;
  /** explain lines as the tracer kept them: texts and raw facts (mm/trace.ts KeptLines), formatted when read */
  lineEnd = new Int32Array(CHUNK);
  lines: KeptLines;
  nLines = 0;
  /** trace events as the tracer kept them (mm/trace.ts KeptEvents), formatted when read */
  eventEnd = new Int32Array(CHUNK);
  events: KeptEvents;
  nEvents = 0;
  /** counter increments, by name in sorted order, zeros left out */
  statEnd = new Int32Array(CHUNK);
  statNames: string[];
  statValues: number[];
  nStats = 0;
  /** Mm.account() calls, in order (the node snapshots' raw facts) */
  jNid: number[];
  jOwner: string[];
  jDelta: number[];
  jSpan: (Span | undefined)[];
  nJournal = 0;
  /**
   * snapshot points: where a record (target >= 0) or an update past the cap (target -1 - record)
   * took the node states, after the account() calls up to its journal end, with the node fields
   * that changed since the point before (cap*, up to its capture end), the statement's placements
   * and losses (up to its pk and lost ends), the call statement's number and the node ids (ptIds).
   * The numbers in one typed array, PT slots per point (PT_*): no slots for the garbage
   * collector to scan and copy, a record's point being most of its slots.
   */
  pts: Float64Array;
  ptIds: number[][];
  nPoints = 0;
  capNode: number[];
  /** per captured node: epoch, used, deferred, poisoned, present (5 slots each) */
  capNums: number[];
  capState: NodeStateName[];
  capFields: ServiceFields[];
  nCaps = 0;
  pkKeys: string[];
  pkPages: number[];
  nPk = 0;
  lostKeys: string[];
  lostPages: number[];
  nLost = 0;

  /** `before`: the chunk before, whose lengths this one's lists start at */
  constructor(before?: Chunk) {
    const b = before;
    this.placeKeys = new Array(b ? b.nPlace : 0);
    this.placePages = new Array(b ? b.nPlace : 0);
    this.lines = new Array(b ? b.nLines : 0);
    this.events = new Array(b ? b.nEvents : 0);
    this.statNames = new Array(b ? b.nStats : 0);
    this.statValues = new Array(b ? b.nStats : 0);
    const nj = b ? b.nJournal : 0;
    this.jNid = new Array(nj);
    this.jOwner = new Array(nj);
    this.jDelta = new Array(nj);
    this.jSpan = new Array(nj);
    const np = b ? b.nPoints : 0;
    this.pts = new Float64Array(Math.max(np, CHUNK) * PT);
    this.ptIds = new Array(np);
    const nc = b ? b.nCaps : 0;
    this.capNode = new Array(nc);
    this.capNums = new Array(nc * 5);
    this.capState = new Array(nc);
    this.capFields = new Array(nc);
    this.pkKeys = new Array(b ? b.nPk : 0);
    this.pkPages = new Array(b ? b.nPk : 0);
    this.lostKeys = new Array(b ? b.nLost : 0);
    this.lostPages = new Array(b ? b.nLost : 0);
  }

  /**
   * A copy of an open chunk (a statement boundary's copy of the log): every field is a count or a
   * column or list, copied whole (slots not in use too: the copy must equal the original, which
   * the boundary copies' audit checks, and a chunk is small).
   */
  copy(): Chunk {
    const c = new Chunk();
    const from = this as unknown as Record<string, unknown[] | Float64Array | Int32Array | number>;
    const to = c as unknown as Record<string, unknown>;
    for (const k of Object.keys(from)) {
      const v = from[k];
      to[k] = typeof v === 'number' ? v : v.slice();
    }
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

/** a node's state at the start of the run (from scratch): what the snapshots' replay starts from */
interface Origin {
  id: number;
  nums: number[];
  state: NodeStateName;
  owners: [string, number, Span | undefined][];
}

/** NO_NODES: a record without node states (stepNodes false); LAZY: built from the snapshot points when read */
const NO_NODES: NodeSnapshot[] = [];
const LAZY: NodeSnapshot[] = [];

export class StepLog {
  /** full chunks: never changed again (shared with copies) */
  private sealed: Chunk[] = anyArray();
  private open = new Chunk();
  /** records appended */
  length = 0;
  private overrides = new Map<number, Override>();
  /** whether records keep node states (set by start) */
  private stepNodes = false;
  /** the nodes at the start of the run from scratch (shared with copies: never changed) */
  private origin: Origin[] = [];
  /** per node id, the fields of its last capture (report.ts's snapshot key: what a snapshot depends on) */
  private lastCap = new Map<number, SnapKey>();
  private lastIds: number[] = [];

  /** a run from scratch starts recording (the machine booted): node states kept or not */
  start(mm: Mm, stepNodes: boolean): void {
    this.stepNodes = stepNodes;
    if (!stepNodes) return;
    noteAllOwners(mm);
    this.origin = mm.sortedNodes().map((n) => ({ id: n.id, nums: numsOf(n), state: n.state, owners: [...n.owners].map(([o, a]): [string, number, Span | undefined] => [o, a.pages, a.span]) }));
    setAccounts(mm.run, this);
  }

  /** a run resumed from a copy of this log records on (its machine is a copy of the one at the copy's boundary) */
  resume(mm: Mm): void {
    if (this.stepNodes) setAccounts(mm.run, this);
  }

  /**
   * Mm.account(): a raw fact of the node snapshots. Mm.account adds the delta to the node's used
   * pages and bumps its epoch, and so does the replay: the node's last capture follows, so that a
   * point need not capture a node that changed by account() calls alone (a fault's node, every
   * statement of a scattered run).
   */
  account(nid: number, owner: string, delta: number, span: Span | undefined): void {
    const last = this.lastCap.get(nid);
    if (last !== undefined) {
      last.used += delta;
      last.epoch++;
    }
    const c = this.open;
    const k = c.nJournal++;
    c.jNid[k] = nid;
    c.jOwner[k] = owner;
    c.jDelta[k] = delta;
    c.jSpan[k] = span;
  }

  /**
   * Append the record of a statement execution: the step's placements, explain lines, trace events
   * and counter increments are drained from the machine's per-step lists (left empty for the next
   * step); `at` numbers the call statements (see report.ts snapshots).
   */
  append(span: Span, block: Block, actor: string | undefined, outcome: Outcome, count: number, mm: Mm, at: number): void {
    let c = this.open;
    if (c.n === CHUNK) {
      this.sealed.push(c);
      this.open = c = new Chunk(c);
    }
    const index = this.length;
    const j = c.n++;
    c.spans[j] = span;
    c.blocks[j] = block;
    c.actors[j] = actor;
    c.outcomes[j] = outcome;
    c.counts[j] = count;
    c.placeEnd[j] = c.nPlace = copyTally(mm.placements, c.placeKeys, c.placePages, c.nPlace);
    c.lineEnd[j] = c.nLines = mm.tracer.drain(c.lines, c.nLines);
    c.eventEnd[j] = c.nEvents = mm.tracer.drainEvents(c.events, c.nEvents);
    c.statEnd[j] = c.nStats = mm.stat.drainDelta(c.statNames, c.statValues, c.nStats);
    this.length++;
    c.nodes[j] = this.stepNodes ? LAZY : NO_NODES;
    if (this.stepNodes) this.point(mm, at, index);
  }

  /** the node states now, as raw facts: the fields of the nodes that changed since the last point */
  private point(mm: Mm, at: number, target: number): void {
    const c = this.open;
    const nodes = mm.sortedNodes();
    if (nodes.length !== this.lastIds.length) this.lastIds = nodes.map((n) => n.id);
    for (let i = 0; i < nodes.length; i++) {
      const n = nodes[i];
      const sf = serviceFields(n);
      const last = this.lastCap.get(n.id);
      if (last !== undefined && sameKey(last, n, sf)) continue;
      if (last === undefined) this.lastCap.set(n.id, keyOf(n, sf));
      else setKey(last, n, sf);
      const k = c.nCaps++;
      c.capNode[k] = n.id;
      const q = k * 5;
      c.capNums[q] = n.epoch ?? 0;
      c.capNums[q + 1] = n.used;
      c.capNums[q + 2] = n.deferred;
      c.capNums[q + 3] = n.poisoned;
      c.capNums[q + 4] = n.present;
      c.capState[k] = n.state;
      c.capFields[k] = sf;
    }
    c.nPk = copyTally(mm.placements, c.pkKeys, c.pkPages, c.nPk);
    c.nLost = copyTally(mm.run.lost, c.lostKeys, c.lostPages, c.nLost);
    const p = c.nPoints++;
    let pts = c.pts;
    if ((p + 1) * PT > pts.length) {
      // (more points than records: updates past the cap take the node states too)
      pts = new Float64Array(pts.length * 2);
      pts.set(c.pts);
      c.pts = pts;
    }
    const q = p * PT;
    pts[q + PT_TARGET] = target;
    pts[q + PT_AT] = at;
    pts[q + PT_JOURNAL] = c.nJournal;
    pts[q + PT_CAP] = c.nCaps;
    pts[q + PT_PK] = c.nPk;
    pts[q + PT_LOST] = c.nLost;
    c.ptIds[p] = this.lastIds;
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

  /** a later execution of record i's statement past the record cap: count, outcome, summed stats, and the node states when `snapshot` */
  update(i: number, count: number, outcome: Outcome, delta: Record<string, number>, snapshot: boolean, mm: Mm, at: number): void {
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
    if (snapshot && this.stepNodes) {
      o.nodes = LAZY;
      this.point(mm, at, -1 - i);
    }
  }

  /** a copy: the sealed chunks shared, the open one and the updates past the cap copied */
  slice(): StepLog {
    const l = new StepLog();
    l.sealed = this.sealed.slice();
    l.open = this.open.copy();
    l.length = this.length;
    for (const [i, o] of this.overrides) l.overrides.set(i, { ...o, stats: o.stats === NO_STATS ? o.stats : { ...o.stats } });
    l.stepNodes = this.stepNodes;
    l.origin = this.origin;
    for (const [id, cap] of this.lastCap) l.lastCap.set(id, { ...cap });
    l.lastIds = this.lastIds;
    return l;
  }

  /**
   * The StepRecords, as the interpreter used to build them: consecutive records with the same
   * placements or the same counter increments share one array or object; a step with no explain
   * line or event has the shared empty list (treat all of them as immutable). `creators`: the
   * run's owner -> creating statement table (report.ts creatorsOf of the machine it ended with).
   */
  materialise(creators: ReadonlyMap<string, Span | null>): StepRecord[] {
    const out: StepRecord[] = new Array(this.length);
    const nodesAt = this.stepNodes ? this.replay(creators) : undefined;
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
      const explain = l0 === l1 ? EMPTY_LINES : formatLines(c.lines, l0, l1);
      const events = e0 === e1 ? EMPTY_EVENTS : formatEvents(c.events, e0, e1);
      let stats = statsOf(c, j, lastStats);
      if (stats !== NO_STATS) lastStats = stats;
      let count = c.counts[j];
      let outcome = c.outcomes[j];
      let nodes = c.nodes[j] === LAZY ? nodesAt?.get(i) ?? NO_NODES : c.nodes[j];
      const o = this.overrides.get(i);
      if (o !== undefined) {
        ({ count, outcome, stats } = o);
        // the states of its last update that took them, else of the record itself
        nodes = o.nodes === LAZY ? nodesAt?.get(-1 - i) ?? nodesAt?.get(i) ?? NO_NODES : o.nodes;
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

  /**
   * The node snapshots of every point: report.ts snapshots() called, in the same order and with
   * the same numbers, on a stand-in machine whose nodes replay the run's account() calls from the
   * origin and take the captured fields at each point (so the same snapshots, sharing included).
   */
  private replay(creators: ReadonlyMap<string, Span | null>): Map<number, NodeSnapshot[]> {
    const byId = new Map<number, NodeState>();
    const shadowNode = (id: number): NodeState => {
      let n = byId.get(id);
      if (n === undefined) {
        n = { id, used: 0, deferred: 0, poisoned: 0, present: 0, state: 'offline', epoch: 0, owners: new Map<string, OwnerAccount>() } as unknown as NodeState;
        byId.set(id, n);
      }
      return n;
    };
    for (const o of this.origin) {
      const n = shadowNode(o.id);
      setNums(n, o.nums, 0);
      n.state = o.state;
      for (const [owner, pages, span] of o.owners) n.owners.set(owner, { pages, span });
    }
    let list: NodeState[] = [];
    let listIds: number[] | undefined;
    const placements = new Map<string, number>();
    const lost = new Map<string, number>();
    const shadow = {
      sortedNodes: () => list,
      freeOf: (n: NodeState) => n.present - n.used - n.deferred - n.poisoned,
      placements,
      run: { lost },
      handles: new Map(),
      tasksToRead: () => NO_TASKS,
    } as unknown as Mm;
    useCreators(shadow, creators);
    const out = new Map<number, NodeSnapshot[]>();
    const chunks = [...this.sealed, this.open];
    for (const c of chunks) {
      let jPos = 0;
      let capPos = 0;
      let pkPos = 0;
      let lostPos = 0;
      const pts = c.pts;
      for (let p = 0; p < c.nPoints; p++) {
        const q = p * PT;
        for (const jEnd = pts[q + PT_JOURNAL]; jPos < jEnd; jPos++) replayAccount(shadowNode(c.jNid[jPos]), c.jOwner[jPos], c.jDelta[jPos], c.jSpan[jPos]);
        for (const capEnd = pts[q + PT_CAP]; capPos < capEnd; capPos++) {
          const n = shadowNode(c.capNode[capPos]);
          setNums(n, c.capNums, capPos * 5);
          n.state = c.capState[capPos];
          const sf = c.capFields[capPos];
          (n as { service?: unknown }).service = { report: () => sf };
        }
        if (c.ptIds[p] !== listIds) {
          listIds = c.ptIds[p];
          list = listIds.map(shadowNode);
        }
        placements.clear();
        for (const pkEnd = pts[q + PT_PK]; pkPos < pkEnd; pkPos++) placements.set(c.pkKeys[pkPos], c.pkPages[pkPos]);
        lost.clear();
        for (const lostEnd = pts[q + PT_LOST]; lostPos < lostEnd; lostPos++) lost.set(c.lostKeys[lostPos], c.lostPages[lostPos]);
        out.set(pts[q + PT_TARGET], snapshots(shadow, pts[q + PT_AT]));
      }
      for (; jPos < c.nJournal; jPos++) replayAccount(shadowNode(c.jNid[jPos]), c.jOwner[jPos], c.jDelta[jPos], c.jSpan[jPos]);
    }
    return out;
  }
}

const NO_TASKS = new Map<string, never>();

/** a step's tally (placements or losses: key, pages) written into a chunk's two lists from slot `at` on; returns the end */
function copyTally(t: StepTally, keys: string[], pages: number[], at: number): number {
  for (let i = 0; i < t.size; i++) {
    keys[at] = t.keyAt(i);
    pages[at++] = t.valueAt(i);
  }
  return at;
}

/** an Mm.account() call on a stand-in node: the owner update, the used pages and the epoch, as Mm.account does them */
function replayAccount(n: NodeState, owner: string, delta: number, span: Span | undefined): void {
  n.used += delta;
  n.epoch = (n.epoch ?? 0) + 1;
  accountOwner(n, owner, delta, span);
}

const numsOf = (n: NodeState): number[] => [n.epoch ?? 0, n.used, n.deferred, n.poisoned, n.present];

function setNums(n: NodeState, nums: number[], at: number): void {
  n.epoch = nums[at];
  n.used = nums[at + 1];
  n.deferred = nums[at + 2];
  n.poisoned = nums[at + 3];
  n.present = nums[at + 4];
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
