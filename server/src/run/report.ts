/**
 * Node reports, snapshots and mapping reports (result.ts shapes) from the mm state.
 *
 * Step snapshots are the bulk of a run's memory, so they are built to be shared:
 * a node that did not change since the previous step keeps its snapshot object,
 * a step where no node changed reuses the previous step's array, and a snapshot
 * lists at most OWNERS_PER_SNAPSHOT owners (the largest) plus one OTHER_OWNER
 * entry holding the exact total of the rest. The final NodeReport lists every owner.
 */
import { Span } from '../common/span';
import { isNode, SWAP } from '../mm/extents';
import { Mapping, Mm, NodeState, sortedIndex, splitPlacementKey } from '../mm/machine';
import { NodeService } from '../mm/node_private';
import { MappingReport, NodeReport, NodeSnapshot, NodeStateName, OwnerPages } from '../mm/result';
import { flat, FlatMap, forkableTable } from '../mm/fork';

/** owners listed per step snapshot (the largest; ties by name); the same as lsp/compact.ts folds to */
export const OWNERS_PER_SNAPSHOT = 8;
/** the snapshot entry holding the pages of the owners past OWNERS_PER_SNAPSHOT (a stable name: the map keeps its colour) */
export const OTHER_OWNER = 'other';
const DEFERRED_OWNER = 'deferred-free';

type Entry = { owner: string; pages: number; span?: Span };

// ───────────── owner -> the statement that created it ─────────────

/** per run: owner -> span of its mmap/malloc/alloc statement (null: not created by a statement, e.g. slab, foreign) */
const creators = forkableTable(new WeakMap<Mm, Map<string, Span | null>>());

function creatorTable(mm: Mm): Map<string, Span | null> {
  let t = creators.get(mm);
  // flat (mm/fork.ts FlatMap): a copy of the state copies it whole only after it changed
  if (!t) creators.set(mm, (t = new FlatMap()));
  return t;
}

/** the mapping ("task:name[#id]") or kernel handle ("kernel:name") an owner name stands for */
function findCreator(mm: Mm, owner: string): Span | undefined {
  const colon = owner.indexOf(':');
  if (colon <= 0) return undefined;
  const scope = owner.slice(0, colon);
  const name = owner.slice(colon + 1);
  if (scope === 'kernel') {
    const h = mm.handles.get(name);
    if (h && h.owner === owner) return h.span;
  }
  const t = mm.tasksToRead().get(scope);
  if (!t) return undefined;
  // the live mapping under its name, or a shadowed one (kept under "name#id", its owner suffix)
  const direct = t.mappings.get(name);
  if (direct && direct.owner === owner) return direct.span;
  for (const m of t.mappings.values()) if (m.owner === owner) return m.span;
  return undefined;
}

/**
 * Notes the creating statement of the owners that got pages in this step. Called after
 * every statement, while the handle or mapping behind a new owner name is still the one
 * that placed the pages (a later `p = alloc...` reusing the name does not move the span).
 */
export function noteOwners(mm: Mm): void {
  const run = mm.run;
  const n = run.placedCount;
  if (n === 0) return;
  const table = creatorTable(mm);
  const owners = run.placedOwners;
  for (let i = 0; i < n; i++) {
    const owner = owners[i];
    if (!table.has(owner)) noteCreator(mm, table, owner);
  }
}

/** find and keep `owner`'s creating statement (the table is a FlatMap: the set marks it changed for the copies) */
function noteCreator(mm: Mm, table: Map<string, Span | null>, owner: string): Span | null {
  const s = findCreator(mm, owner) ?? null;
  table.set(owner, s);
  return s;
}

/**
 * Notes the creating statement of every owner with pages now (a run that builds its node
 * snapshots when read, run/stepLog.ts, fixes them at its start: the owners no statement placed).
 */
export function noteAllOwners(mm: Mm): void {
  const table = creatorTable(mm);
  for (const n of mm.sortedNodes()) for (const owner of n.owners.keys()) if (!table.has(owner)) noteCreator(mm, table, owner);
}

/** the run's owner -> creating statement table (null: no statement created it) */
export function creatorsOf(mm: Mm): ReadonlyMap<string, Span | null> {
  return creatorTable(mm);
}

/** a copy of a run's creators table for `to` (a stand-in for the machine that never looks a creator up) */
export function useCreators(to: Mm, table: ReadonlyMap<string, Span | null>): void {
  creators.set(to, new Map(table));
}

function creatorOf(mm: Mm, owner: string): Span | undefined {
  const table = creatorTable(mm);
  let s = table.get(owner);
  if (s === undefined) s = noteCreator(mm, table, owner);
  return s ?? undefined;
}

/**
 * Immutable entries with their span: the same object while the machine's entry is the same. Per
 * node and owner the last entry seen and its answer (account() replaces an owner's entry when its
 * pages change, so only the latest can be asked for again); a Map, not a WeakMap keyed by every
 * entry ever made: weak entries are costly for the garbage collector.
 */
const withSpan = new WeakMap<NodeState, Map<string, { e: Entry; out: OwnerPages }>>();

function spanned(mm: Mm, n: NodeState, e: Entry, cache = true): OwnerPages {
  if (e.span) return e;
  let byOwner = withSpan.get(n);
  if (!byOwner) {
    // the final report of a node no snapshot listed (a run without step records): nothing to share
    if (!cache) {
      const span = creatorOf(mm, e.owner);
      return span ? { owner: e.owner, pages: e.pages, span } : e;
    }
    withSpan.set(n, (byOwner = new Map()));
  }
  const cached = byOwner.get(e.owner);
  if (cached !== undefined && cached.e === e) return cached.out;
  const span = creatorOf(mm, e.owner);
  const out: OwnerPages = span ? { owner: e.owner, pages: e.pages, span } : e;
  if (cached !== undefined) {
    cached.e = e;
    cached.out = out;
  } else byOwner.set(e.owner, { e, out });
  return out;
}

// ───────────── owners of a node ─────────────

/** the machine's sorted owner entries (account() keeps them up to date once they exist) */
function ownerEntries(n: NodeState): Entry[] {
  if (!n.ownerList) {
    // one pass (no entry pairs, no filtered and mapped copies), sorted only when out of order
    const list: Entry[] = [];
    let sorted = true;
    n.owners.forEach((a, owner) => {
      if (!(a.pages > 0)) return;
      if (sorted && list.length > 0 && list[list.length - 1].owner > owner) sorted = false;
      list.push(a.span ? { owner, pages: a.pages, span: a.span } : { owner, pages: a.pages });
    });
    if (!sorted) list.sort(byOwnerName);
    // flat (mm/fork.ts): its entries are replaced, never changed, so copies of the state share them
    n.ownerList = flat(list);
  }
  return n.ownerList;
}

const byOwnerName = (a: Entry, b: Entry): number => (a.owner < b.owner ? -1 : a.owner > b.owner ? 1 : 0);

/**
 * What a run's final reports share with the last run of the same session (run/incremental.ts
 * IncrementalRun: one document under one design, in the editor): the next report of an owner or a
 * node whose entries are the same is the same object, and the simulation worker posts a result as
 * the change from the last one, comparing such objects by identity (lsp/resultDelta.ts, ADR 0025).
 * Reports are read, never changed, so an object shared by two results is safe. A run without a
 * session gets an empty one (nothing shared); two sessions never share, so documents and designs
 * do not see each other's owners (the tables were once one per process, keyed by owner name).
 */
export class ReportShare {
  /**
   * Per owner, the `pages` record last made and its number of keys, and the owner's last mapping
   * report: the next report of an owner whose pages are the same gets the same record (and the
   * same report when its other fields are too).
   */
  readonly pages = new Map<string, SharedPages>();
  /** per node id, owner -> the entry the last node report listed */
  readonly owners = new Map<number, Map<string, OwnerPages>>();

  /** bounded: past this many owners a table starts again (a session's owners change as its text does) */
  static readonly MAX_OWNERS = 65_536;

  /** start from what `other` shares (copied: this share's reports do not move `other`'s) */
  adopt(other: ReportShare): void {
    // (an entry's `report` is replaced in place when an owner's report changes: each share its own entries)
    for (const [k, v] of other.pages) this.pages.set(k, { ...v });
    for (const [k, v] of other.owners) this.owners.set(k, new Map(v));
  }
}

function sameEntry(a: OwnerPages, b: OwnerPages): boolean {
  if (a.owner !== b.owner || a.pages !== b.pages) return false;
  if (a.span === b.span) return true;
  return a.span !== undefined && b.span !== undefined && a.span.start === b.span.start && a.span.end === b.span.end;
}

/** every owner, sorted by owner, with spans (no `share`: the entries shared with the node's other snapshots; else the final report's, shared with the session's last one) */
function allOwners(mm: Mm, n: NodeState, share: ReportShare | undefined): OwnerPages[] {
  const list = ownerEntries(n);
  const out = new Array<OwnerPages>(list.length);
  if (share === undefined) for (let i = 0; i < list.length; i++) out[i] = spanned(mm, n, list[i], true);
  else {
    let last = share.owners.get(n.id);
    if (last === undefined || last.size > ReportShare.MAX_OWNERS) share.owners.set(n.id, (last = new Map()));
    for (let i = 0; i < list.length; i++) {
      const e = spanned(mm, n, list[i], false);
      const prev = last.get(e.owner);
      if (prev !== undefined && prev !== e && sameEntry(prev, e)) out[i] = prev;
      else {
        out[i] = e;
        last.set(e.owner, e);
      }
    }
  }
  if (n.deferred > 0) out.splice(sortedIndex(out, DEFERRED_OWNER), 0, { owner: DEFERRED_OWNER, pages: n.deferred });
  return out;
}

/** what the last capped snapshot of a node kept, to update it without rescanning every owner */
interface Kept {
  /** the call statement it was taken after (see snapshots) */
  at: number;
  used: number;
  deferred: number;
  /** pages of all owners */
  total: number;
  /** the kept entries, largest first */
  best: Entry[];
}

/** (pages descending, owner ascending): the order the largest owners are kept in */
const larger = (a: Entry, b: Entry): boolean => a.pages > b.pages || (a.pages === b.pages && a.owner < b.owner);

function keepLargest(best: Entry[], e: Entry): void {
  const K = OWNERS_PER_SNAPSHOT;
  if (best.length === K && !larger(e, best[K - 1])) return;
  let i = best.length < K ? best.length : K - 1;
  while (i > 0 && larger(e, best[i - 1])) i--;
  if (best.length === K) best.pop();
  // shift by hand: splice returns a new array per call
  best.push(e);
  for (let j = best.length - 1; j > i; j--) best[j] = best[j - 1];
  best[i] = e;
}

/** sort at most OWNERS_PER_SNAPSHOT entries by owner in place (insertion: no comparator calls through Array.prototype.sort) */
function byOwner(list: Entry[]): void {
  for (let i = 1; i < list.length; i++) {
    const e = list[i];
    let j = i;
    for (; j > 0 && list[j - 1].owner > e.owner; j--) list[j] = list[j - 1];
    list[j] = e;
  }
}

/**
 * Pages placed on a node by this step's statement, by owner (mm.placements keeps positive
 * deltas), and the pages owners lost there (mm.run.lost: negative deltas). `lostKept`: an owner
 * that lost pages is one of `kept` (then a smaller owner may have overtaken it).
 */
function placedOn(mm: Mm, nid: number, kept: Entry[]): { pages: number; owners: string[]; lost: number; lostKept: boolean } {
  let pages = 0;
  const owners: string[] = [];
  for (const [k, p] of mm.placements) {
    const { owner, node } = splitPlacementKey(k);
    if (node !== nid) continue;
    pages += p;
    owners.push(owner);
  }
  let lost = 0;
  let lostKept = false;
  for (const [k, p] of mm.run.lost) {
    const { owner, node } = splitPlacementKey(k);
    if (node !== nid) continue;
    lost += p;
    if (!lostKept) for (const e of kept) if (e.owner === owner) lostKept = true;
  }
  return { pages, owners, lost, lostKept };
}

function currentEntry(list: Entry[], owner: string): Entry | undefined {
  const i = sortedIndex(list, owner);
  return i < list.length && list[i].owner === owner ? list[i] : undefined;
}

/**
 * At most OWNERS_PER_SNAPSHOT owners, the largest (ties: the first by name), sorted by
 * owner, then one OTHER_OWNER entry with the exact pages of the rest. When the node's
 * previous snapshot was taken after the previous statement and no owner lost pages since
 * (used grew by exactly what the statement placed), only the kept owners and the ones
 * just placed can be the largest: no pass over every owner. Otherwise one pass with a
 * small insertion buffer.
 */
function snapshotOwners(mm: Mm, n: NodeState, at: number, kept: Map<NodeState, Kept>): OwnerPages[] {
  const list = ownerEntries(n);
  const count = list.length + (n.deferred > 0 ? 1 : 0);
  if (count <= OWNERS_PER_SNAPSHOT + 1) {
    kept.delete(n);
    return allOwners(mm, n, undefined);
  }
  const prev = kept.get(n);
  const deferredEntry = (): Entry => ({ owner: DEFERRED_OWNER, pages: n.deferred });
  const best: Entry[] = [];
  let total = 0;
  const placed = prev && prev.at === at - 1 && prev.deferred === n.deferred ? placedOn(mm, n.id, prev.best) : undefined;
  // owners outside the kept ones that lost pages cannot become the largest: the kept ones, the
  // ones just placed, and the exact total still say everything (a kept one that lost pages: rescan)
  if (prev && placed && !placed.lostKept && n.used - prev.used === placed.pages - placed.lost) {
    total = prev.total + placed.pages - placed.lost;
    // each candidate once: the kept owners, then the placed ones not among them (no Set, no spread)
    const kept = prev.best;
    for (let i = 0; i < kept.length; i++) {
      const owner = kept[i].owner;
      const e = owner === DEFERRED_OWNER ? deferredEntry() : currentEntry(list, owner);
      if (e) keepLargest(best, e);
    }
    const owners = placed.owners;
    for (let i = 0; i < owners.length; i++) {
      const owner = owners[i];
      let dup = false;
      for (let j = 0; j < kept.length && !dup; j++) dup = kept[j].owner === owner;
      for (let j = 0; j < i && !dup; j++) dup = owners[j] === owner;
      if (dup) continue;
      const e = owner === DEFERRED_OWNER ? deferredEntry() : currentEntry(list, owner);
      if (e) keepLargest(best, e);
    }
  } else {
    // 'deferred-free' competes like any owner
    if (n.deferred > 0) {
      const d = deferredEntry();
      total += d.pages;
      keepLargest(best, d);
    }
    const K = OWNERS_PER_SNAPSHOT;
    for (let i = 0; i < list.length; i++) {
      const e = list[i];
      total += e.pages;
      if (best.length < K || larger(e, best[K - 1])) keepLargest(best, e);
    }
  }
  // the node's previous Kept updated in place (one object per node, not one per step)
  if (prev) {
    prev.at = at;
    prev.used = n.used;
    prev.deferred = n.deferred;
    prev.total = total;
    const b = prev.best;
    for (let i = 0; i < best.length; i++) b[i] = best[i];
    b.length = best.length;
  } else kept.set(n, { at, used: n.used, deferred: n.deferred, total, best: best.slice() });
  let keptPages = 0;
  for (const e of best) keptPages += e.pages;
  byOwner(best);
  const out = best.map((e) => spanned(mm, n, e));
  out.push({ owner: OTHER_OWNER, pages: total - keptPages });
  return out;
}

// ───────────── service fields ─────────────

type ServiceReport = NonNullable<ReturnType<NonNullable<NodeService['report']>>> & { watermarks?: { low: number; high: number } };

export interface ServiceFields {
  mediaUsedBytes?: number;
  mediaCapacityBytes?: number;
  open?: boolean;
  pressure?: number;
  watermarks?: { low: number; high: number };
}

const NO_FIELDS: ServiceFields = Object.freeze({});

export function serviceFields(n: NodeState): ServiceFields {
  const s = n.service;
  if (!s) return NO_FIELDS;
  const r: ServiceReport = s.report?.(n.id) ?? {};
  const out: ServiceFields = {};
  const used = r.mediaUsedBytes ?? s.media?.usedBytes(n.id);
  const cap = r.mediaCapacityBytes ?? s.media?.capacityBytes(n.id);
  if (used !== undefined) out.mediaUsedBytes = used;
  if (cap !== undefined) out.mediaCapacityBytes = cap;
  const open = r.open ?? s.isOpen?.(n.id);
  if (open !== undefined) out.open = open;
  const p = r.pressure ?? s.pressure?.(n.id);
  if (p !== undefined) out.pressure = p;
  if (r.watermarks) out.watermarks = { low: r.watermarks.low, high: r.watermarks.high };
  return out;
}

/** the final report of every node (`share`: the run's session's, ReportShare) */
export function nodeReports(mm: Mm, share: ReportShare): NodeReport[] {
  return mm.sortedNodes().map((n) => {
    const sf = serviceFields(n);
    const r: NodeReport = {
      id: n.id,
      kind: n.kind,
      state: n.state,
      capacityPages: n.present,
      usedPages: n.used + n.deferred,
      freePages: Math.max(0, mm.freeOf(n)),
      mediaUsedBytes: sf.mediaUsedBytes ?? 0,
      tier: n.tier,
      cpus: [...n.cpus],
      owners: allOwners(mm, n, share),
    };
    if (sf.mediaCapacityBytes !== undefined) r.mediaCapacityBytes = sf.mediaCapacityBytes;
    if (sf.open !== undefined) r.open = sf.open;
    if (sf.pressure !== undefined) r.pressure = sf.pressure;
    if (sf.watermarks) r.watermarks = sf.watermarks;
    return r;
  });
}

// ───────────── step snapshots ─────────────

/** what a node snapshot depends on: equal keys give the same snapshot object */
export interface SnapKey {
  epoch: number;
  used: number;
  deferred: number;
  poisoned: number;
  present: number;
  state: NodeStateName;
  media?: number;
  open?: boolean;
  pressure?: number;
}

interface SnapState {
  byNode: Map<NodeState, { key: SnapKey; snap: NodeSnapshot }>;
  kept: Map<NodeState, Kept>;
  /** the array the previous step got: shared while no node changed */
  last?: NodeSnapshot[];
}

const snapStates = forkableTable(new WeakMap<Mm, SnapState>());

/** the node's snapshot key is still `a` (compared field by field: no key object per node and step) */
export function sameKey(a: SnapKey, n: NodeState, sf: ServiceFields): boolean {
  return (
    a.epoch === (n.epoch ?? 0) &&
    a.used === n.used &&
    a.deferred === n.deferred &&
    a.poisoned === n.poisoned &&
    a.present === n.present &&
    a.state === n.state &&
    a.media === sf.mediaUsedBytes &&
    a.open === sf.open &&
    a.pressure === sf.pressure
  );
}

/** a new key holding the node's fields now */
export function keyOf(n: NodeState, sf: ServiceFields): SnapKey {
  const key: SnapKey = { epoch: 0, used: 0, deferred: 0, poisoned: 0, present: 0, state: n.state, media: undefined, open: undefined, pressure: undefined };
  setKey(key, n, sf);
  return key;
}

export function setKey(k: SnapKey, n: NodeState, sf: ServiceFields): void {
  k.epoch = n.epoch ?? 0;
  k.used = n.used;
  k.deferred = n.deferred;
  k.poisoned = n.poisoned;
  k.present = n.present;
  k.state = n.state;
  k.media = sf.mediaUsedBytes;
  k.open = sf.open;
  k.pressure = sf.pressure;
}

/**
 * Node snapshots after a step. An unchanged node reuses its previous snapshot object and a
 * step where no node changed gets the previous step's array (treat both as immutable).
 * `at` numbers the call statements: snapshots taken after consecutive statements update
 * the capped owner lists incrementally (a gap, e.g. past the record cap, rescans).
 */
export function snapshots(mm: Mm, at = -2): NodeSnapshot[] {
  let st = snapStates.get(mm);
  if (!st) snapStates.set(mm, (st = { byNode: new Map(), kept: new Map() }));
  const nodes = mm.sortedNodes();
  const last = st.last;
  let out: NodeSnapshot[] | undefined = last && last.length === nodes.length ? undefined : [];
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i];
    const sf = serviceFields(n);
    const c = st.byNode.get(n);
    let snap: NodeSnapshot;
    if (c && sameKey(c.key, n, sf)) {
      snap = c.snap;
      const k = st.kept.get(n);
      if (k) k.at = at; // unchanged through this statement: still a valid base for the next one
    } else {
      snap = { id: n.id, usedPages: n.used + n.deferred, freePages: Math.max(0, mm.freeOf(n)), state: n.state, owners: snapshotOwners(mm, n, at, st.kept) };
      if (sf.mediaUsedBytes !== undefined) snap.mediaUsedBytes = sf.mediaUsedBytes;
      if (sf.open !== undefined) snap.open = sf.open;
      if (sf.pressure !== undefined) snap.pressure = sf.pressure;
      if (c) {
        // the node's key and entry updated in place (one of each per node, not one per step)
        setKey(c.key, n, sf);
        c.snap = snap;
      } else {
        const key = keyOf(n, sf);
        st.byNode.set(n, { key, snap });
      }
    }
    if (!out && last![i] !== snap) out = last!.slice(); // exact size (a pushed-to array keeps room for 16 more)
    if (out) out[i] = snap;
  }
  if (!out) return last!;
  st.last = out;
  return out;
}

/**
 * A list sorted by a number, in place. The lists here are almost always in order already (tasks
 * and mappings are kept in creation order), and Array.prototype.sort allocates a work array per
 * call: a 5,000-line run sorted a thousand lists, most of a run's report bytes. Stable, as sort.
 */
function inOrder<T>(xs: T[], by: (x: T) => number): T[] {
  for (let i = 1; i < xs.length; i++) if (by(xs[i - 1]) > by(xs[i])) return xs.sort((a, b) => by(a) - by(b));
  return xs;
}

const taskOrder = (t: { order: number }): number => t.order;
const mappingId = (m: { id: number }): number => m.id;

/** the counts of the mapping being reported (value, pages: one pair of lists for every report) */
const vals: number[] = [];
const cnts: number[] = [];

type SharedPages = { pages: Record<string, number>; n: number; report?: MappingReport };

/** the owner's entry in the session, its `pages` the mapping's pages by node (and swap): the record of the owner's last report when they are the same */
function pagesOf(m: Mapping, share: ReportShare): SharedPages {
  const count = m.set.countsInto(vals, cnts);
  const owner = m.owner;
  const last = share.pages.get(owner);
  if (last !== undefined) {
    let n = 0;
    let same = true;
    for (let i = 0; i < count && same; i++) {
      const v = vals[i];
      const k = isNode(v) ? String(v) : v === SWAP ? 'swap' : undefined;
      if (k === undefined) continue;
      n++;
      same = last.pages[k] === cnts[i];
    }
    if (same && n === last.n) return last;
  }
  const pages: Record<string, number> = {};
  let n = 0;
  // no sorted copy of the counts: node ids are integer keys, which an object enumerates in
  // ascending order before `swap` whatever order they were set in
  for (let i = 0; i < count; i++) {
    const v = vals[i];
    if (isNode(v)) pages[String(v)] = cnts[i];
    else if (v === SWAP) pages.swap = cnts[i];
    else continue;
    n++;
  }
  if (last !== undefined) {
    last.pages = pages;
    last.n = n;
    return last;
  }
  const entry: SharedPages = { pages, n };
  share.pages.set(owner, entry);
  return entry;
}

/** the final report of every mapping (`share`: the run's session's, ReportShare) */
export function mappingReports(mm: Mm, share: ReportShare): MappingReport[] {
  const out: MappingReport[] = [];
  // (bounded: owners the session's text no longer has go when it has grown past what runs report)
  if (share.pages.size > ReportShare.MAX_OWNERS) share.pages.clear();
  for (const t of inOrder([...mm.tasksToRead().values()], taskOrder)) {
    // a task's mappings through one list for every task (not a copy of each task's)
    const ms = taskMappings;
    ms.length = 0;
    for (const m of t.mappings.values()) ms.push(m);
    inOrder(ms, mappingId);
    for (let i = 0; i < ms.length; i++) {
      const m = ms[i];
      const kept = pagesOf(m, share);
      const pages = kept.pages;
      // the owner's last report when nothing in it changed (the same object: compared by identity when posted)
      const r = kept.report;
      // (spans by value: a resumed run's machine is a copy, its mappings' spans too)
      if (r !== undefined && r.pages === pages && r.span.start === m.span.start && r.span.end === m.span.end && r.sizeBytes === m.sizeBytes && r.name === m.name && r.task === t.name) out.push(r);
      else out.push((kept.report = { task: t.name, name: m.name, sizeBytes: m.sizeBytes, pages, span: m.span }));
    }
    ms.length = 0;
  }
  return out;
}

const taskMappings: Mapping[] = [];
