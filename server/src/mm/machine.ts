/**
 * The machine: pg_data_t per node (one zone each, normal or movable, with
 * watermarks), tasks with their mm (mappings), kernel allocation handles,
 * cgroups, sysctls and swap, held in `KernelState`; `Mm` is the handle every mm/*.ts function
 * takes: the kernel state plus the run's instruments (run_context.ts). Built from the
 * declarations of ir.ts under one design.
 */
import { diag, Diagnostic, DiagnosticCode, RelatedInfo } from '../common/diagnostics';
import { Span } from '../common/span';
import { CgroupDecl, Machine, NodeDecl, NodeKind } from '../model/ir';
import { NodeStateName } from './result';
import { bootPrivate, Design } from './designs';
import { PageSet } from './extents';
import { changed, FlatMap, forkableClass } from './fork';
import { PAGE_SIZE, PAGEBLOCK_PAGES, ZoneType } from './gfp';
import { NodePrivateOps, NodeService } from './node_private';
import { OomEvent, RunContext, StepTally } from './run_context';
import { Tracer } from './trace';
import { VmStat } from './vmstat';

export interface Watermarks {
  min: number;
  low: number;
  high: number;
}

/** an owner's pages on a node: replaced when they change, never changed (node owners are flat, mm/fork.ts) */
export interface OwnerAccount {
  readonly pages: number;
  readonly span?: Span;
}

export interface NodeState {
  id: number;
  kind: NodeKind;
  decl?: NodeDecl;
  /** declared `private`, or a cram node (private under every design but stock) */
  privateDecl: boolean;
  state: NodeStateName;
  /** managed pages (what the OS sees) */
  present: number;
  used: number;
  /** pages kept by a free_folio callback (deferred free) */
  deferred: number;
  /** hwpoisoned pages: never reused */
  poisoned: number;
  /**
   * free pages outside whole free pageblocks (the buddy's order < pageblock_order lists): order-0
   * allocations take them first, an allocation of pageblock order or more needs whole free blocks
   * (kernel-rules §5.6). Absent = none.
   */
  fragFree?: number;
  cpus: number[];
  zone: ZoneType;
  tier: number;
  /** installed node_private ops (designs whose services are gated); undefined = none registered */
  ops?: NodePrivateOps;
  service?: NodeService;
  /** a kswapd thread exists for the node (N_MEMORY: always; private: only if the service started one) */
  kswapd: boolean;
  /** zone->watermark_boost (pages) */
  boost: number;
  wmark: Watermarks;
  owners: Map<string, OwnerAccount>;
  /** memory blocks hotplugged during the run */
  blocksOnline: number;
  /**
   * bumped whenever the node's owners change (snapshots are reused while it stays the same).
   * (epoch, fragFree and ownerList are set from the node's creation by newNodeState, with the
   * values their absence stood for: it says why.)
   */
  epoch?: number;
  /** owners in sorted order as immutable entries, kept up to date by account() once a report asked for them */
  ownerList?: { owner: string; pages: number; span?: Span }[];
}

/** what a node is made with (boot, or a memory block hot-added on a node the scenario did not declare) */
export type NodeInit = Pick<NodeState, 'id' | 'kind' | 'decl' | 'privateDecl' | 'state' | 'present' | 'cpus' | 'zone' | 'tier' | 'kswapd'>;

/**
 * A node as it starts: nothing used, no owners, no watermarks yet. Every node is made here, with
 * every field the run later sets (epoch, fragFree, ownerList) present from the start and in one
 * order, so that all nodes keep one class (V8 map) for their life: a node that gained fields during
 * a run had another class at the start of the next, and the functions optimised on the first run's
 * nodes deoptimised there (ADR 0027).
 */
export function newNodeState(init: NodeInit): NodeState {
  return {
    id: init.id,
    kind: init.kind,
    decl: init.decl,
    privateDecl: init.privateDecl,
    state: init.state,
    present: init.present,
    used: 0,
    deferred: 0,
    poisoned: 0,
    cpus: init.cpus,
    zone: init.zone,
    tier: init.tier,
    kswapd: init.kswapd,
    boost: 0,
    wmark: { min: 0, low: 0, high: 0 },
    owners: new FlatMap(),
    blocksOnline: 0,
    fragFree: 0,
    epoch: 0,
    ownerList: undefined,
  };
}

/** an owner's pages on a node change by delta (Mm.account; run/stepLog.ts replays it on a copy of the nodes) */
export function accountOwner(n: Pick<NodeState, 'owners' | 'ownerList'>, owner: string, delta: number, span: Span | undefined): void {
  const a = n.owners.get(owner);
  // an account is replaced, never changed: copies of the state share them (the map is flat, mm/fork.ts)
  if (a) {
    const pages = a.pages + delta;
    if (pages <= 0) n.owners.delete(owner);
    else n.owners.set(owner, a.span === undefined ? { pages } : { pages, span: a.span });
  } else if (delta > 0) {
    n.owners.set(owner, span === undefined ? { pages: delta } : { pages: delta, span });
  }
  if (n.ownerList) {
    // immutable entries: step snapshots share the ones that did not change
    const list = n.ownerList;
    changed(list);
    const i = sortedIndex(list, owner);
    const cur = n.owners.get(owner);
    const present = i < list.length && list[i].owner === owner;
    if (!cur) {
      if (present) list.splice(i, 1);
    } else {
      const entry = cur.span ? { owner, pages: cur.pages, span: cur.span } : { owner, pages: cur.pages };
      if (present) list[i] = entry;
      else list.splice(i, 0, entry);
    }
  }
}

/** first index i with list[i].owner >= k */
export function sortedIndex(list: { owner: string }[], k: string): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].owner < k) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface Policy {
  mode: number;
  /** mode flags (STATIC/RELATIVE/NUMA_BALANCING) */
  flags: number;
  /** effective nodes */
  nodes: number[];
  /** the user's mask (STATIC/RELATIVE keep it) */
  user: number[];
  /** the cpuset mems the policy was last bound to (w.cpuset_mems_allowed) */
  cpusetMems: number[];
  /** v4 internal MPOL_F_PRIVATE */
  private: boolean;
  home?: number;
  span?: Span;
}

export interface PolicyRange {
  start: number;
  end: number;
  policy: Policy;
}

/** pages [a, b) of a mapping named by a statement */
export interface PageRange {
  a: number;
  b: number;
  /** byte start, for the alignment check of mbind */
  byteStart: number;
  /** the range runs past the end of the mapping */
  overflow: boolean;
}

// split_vma() for per-VMA attributes kept as page ranges (policies, protections, VM_LOCKED): sorted
// by start, disjoint, none empty. The kernel finds a VMA in a tree; these are arrays searched by bisection and
// changed in place by one splice, so that a mapping given thousands of ranges (an mbind or mprotect
// per slice of it) costs a lookup O(log n) comparisons and a change two bisections and one native
// move of the ranges after it, not a loop in JS over every range and a new array (which made a run
// of n mbinds on one mapping cost n^2: 33 us a statement at 4,000, bench/statementCosts.ts). In
// place, as a page set's extents are changed: a mapping belongs to one task, and the state copies a
// task before it changes it once a copy of the state holds it (mm/taskWrites.ts). ADR 0041.

/**
 * the index of the first range that ends after page a (ranges.length when none does). The hot
 * paths (a fault's policy cuts, its protection check) walk on from it while a range starts before
 * their end: no [from, to) pair made per fault.
 */
export function firstEndingAfter(ranges: readonly { start: number; end: number }[], a: number): number {
  let lo = 0;
  let hi = ranges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ranges[mid].end > a) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** the range that holds page p, if one does */
export function rangeAt<T extends { start: number; end: number }>(ranges: readonly T[], p: number): T | undefined {
  const i = firstEndingAfter(ranges, p);
  return i < ranges.length && ranges[i].start <= p ? ranges[i] : undefined;
}

/** the ranges that overlap [a, b), in order, as [from, to) indexes of `ranges` */
export function rangesOverlapping(ranges: readonly { start: number; end: number }[], a: number, b: number): [number, number] {
  const i = firstEndingAfter(ranges, a);
  let j = i;
  while (j < ranges.length && ranges[j].start < b) j++;
  return [i, j];
}

/**
 * `ranges` with [a, b) cleared (a range straddling an edge cut in two: its parts are new objects,
 * a range is never changed) and `inserted` (covering [a, b)) in its place, in place. An empty
 * [a, b) changes nothing (mprotect and mbind of no page).
 */
export function replaceRanges<T extends { start: number; end: number }>(ranges: T[], a: number, b: number, inserted?: T): void {
  if (b <= a) return;
  const [i, j] = rangesOverlapping(ranges, a, b);
  if (i === j) {
    // nothing overlapped (an mbind of a mapping's first range, slices in order): the new range
    // goes in alone, with no pieces and no spread call (their arrays were most of an mbind's)
    if (inserted !== undefined) ranges.splice(i, 0, inserted);
    return;
  }
  // (something overlapped: the first and the last overlapping ranges keep what lies outside [a, b))
  const pieces: T[] = [];
  if (ranges[i].start < a) pieces.push({ ...ranges[i], end: a });
  if (inserted) pieces.push(inserted);
  if (ranges[j - 1].end > b) pieces.push({ ...ranges[j - 1], start: b });
  ranges.splice(i, j - i, ...pieces);
}

/**
 * `ranges` (sorted, disjoint, no two touching: a set of pages kept as its maximal runs, as VM_LOCKED
 * is) with [a, b) added, in place: the runs it overlaps or touches are merged with it into one. An
 * empty [a, b) adds nothing.
 */
export function addToUnion(ranges: { start: number; end: number }[], a: number, b: number): void {
  if (b <= a) return;
  // the first run that ends at or after a (touching a counts), then every run that starts at or before b
  const i = firstEndingAfter(ranges, a - 1);
  let j = i;
  while (j < ranges.length && ranges[j].start <= b) j++;
  const start = i < j ? Math.min(a, ranges[i].start) : a;
  const end = i < j ? Math.max(b, ranges[j - 1].end) : b;
  ranges.splice(i, j - i, { start, end });
}

export class Mapping {
  readonly set: PageSet;
  policies: PolicyRange[] = [];
  /** VM_HUGEPAGE (MADV_HUGEPAGE) */
  hugepage = false;
  /** VM_NOHUGEPAGE (MADV_NOHUGEPAGE): no THP here whatever the global mode (huge_memory.ts) */
  nohugepage = false;
  mergeable = false;
  /** the status array of the last move_pages query (nodes = NULL) of pages [a, b): status -> pages */
  pageStatus?: { a: number; b: number; status: Map<string, number> };
  /**
   * VM_LOCKED, as its maximal runs of pages (sorted, disjoint, none touching: addToUnion): a fault
   * whose range one of them covers is mlocked
   */
  locked: { start: number; end: number }[] = [];
  /** mprotect ranges that are not PROT_READ|PROT_WRITE ('read' = PROT_READ, 'none' = PROT_NONE) */
  prot: { start: number; end: number; prot: 'read' | 'none' }[] = [];
  /** mprotect(): [a, b) gets `prot` ('write' = read-write, the default) */
  setProt(a: number, b: number, prot: 'read' | 'write' | 'none'): void {
    replaceRanges(this.prot, a, b, prot === 'write' ? undefined : { start: a, end: b, prot });
  }
  /** the first page of [a, b) an access would fault on with SIGSEGV (no VM_READ / VM_WRITE), or -1 */
  firstBadPage(a: number, b: number, write: boolean): number {
    // (in order of start: the first range that forbids the access holds the first bad page)
    const prot = this.prot;
    for (let k = firstEndingAfter(prot, a); k < prot.length && prot[k].start < b; k++) {
      const r = prot[k];
      if (r.prot === 'read' && !write) continue;
      return Math.max(a, r.start);
    }
    return -1;
  }
  /** page ranges removed by munmap (holes: the name still refers to the old address range) */
  unmapped: [number, number][] = [];
  /** does [a, b) run into a hole left by munmap? */
  hasHole(a: number, b: number): boolean {
    return this.unmapped.some(([s, e]) => s < b && e > a);
  }
  constructor(
    readonly id: number,
    readonly task: Task,
    readonly name: string,
    readonly sizeBytes: number,
    readonly pages: number,
    readonly backing: 'anon' | 'file' | 'shmem',
    readonly shared: boolean,
    /** first virtual page number (vaddr >> 12) */
    readonly vstart: number,
    readonly span: Span,
    stamp: number,
  ) {
    this.set = new PageSet(pages, stamp);
  }
  /** set when the name shadows an earlier mapping of the task (`buf = mmap(...)` twice) */
  ownerSuffix = '';
  /**
   * the owner name, built once per suffix (every fault and allocation of the mapping asks for it).
   * A #private field: a cache, not state (copies of the state neither copy nor compare it), so
   * asking a kept copy's mapping (a report reads them, mm/taskWrites.ts) changes no copy
   */
  #ownerName: { suffix: string; name: string } | undefined = undefined;
  get owner(): string {
    const o = this.#ownerName;
    if (o !== undefined && o.suffix === this.ownerSuffix) return o.name;
    const name = `${this.task.name}:${this.name}${this.ownerSuffix}`;
    this.#ownerName = { suffix: this.ownerSuffix, name };
    return name;
  }
  /** the last `pathFor` answer (a #private cache, as #ownerName) */
  #path: { prefix: string; owner: string; path: string } | undefined = undefined;
  /**
   * `prefix` + the owner name, built once per owner name and prefix (mm/memory.ts names every
   * fault's allocation path "page fault in OWNER": a memo keyed by owner strings hashed each new
   * mapping's name, about 2% of a long run)
   */
  pathFor(prefix: string): string {
    const owner = this.owner;
    const c = this.#path;
    if (c !== undefined && c.owner === owner && c.prefix === prefix) return c.path;
    const path = prefix + owner;
    this.#path = { prefix, owner, path };
    return path;
  }
  /** the VMA policy at page p (undefined = none: the task policy applies) */
  policyAt(p: number): Policy | undefined {
    return rangeAt(this.policies, p)?.policy;
  }
}

forkableClass(Mapping, () => new Mapping(0, undefined as unknown as Task, '', 0, 0, 'anon', false, 0, { start: 0, end: 0 }, 0));

export interface Task {
  name: string;
  order: number;
  cpu: number;
  node: number;
  cgroup?: string;
  policy?: Policy;
  mappings: Map<string, Mapping>;
  /** all mappings ever made (munmapped ones removed) in creation order */
  dead?: { span: Span; why: string };
  /** next virtual page for mmap */
  vcursor: number;
  /** task interleave cursor (non-fault allocations) */
  ilNext: number;
  span: Span;
}

export interface Handle {
  name: string;
  owner: string;
  pagesByNode: Map<number, number>;
  requested: number;
  span: Span;
  gfp: number;
}

export interface Cgroup {
  name: string;
  mems: number[];
  sysram?: number[];
  span?: Span;
}

export interface LeakRecord {
  node: number;
  pages: number;
  owner: string;
  path: string;
  gfp: number;
  span: Span;
}

/**
 * The bound of the placement-key memos below: past it a memo starts again, and every owner's key is
 * built anew each time it is asked for. A kernel block of n handles has n owners: at 4,096 the
 * bench's alloc_pages_node cost 1.6 us a statement at 4,000 handles and 3.7 at 8,000
 * (bench/statementCosts.ts); 65,536 keys of a few tens of bytes are a few MiB at most.
 */
const PLACEMENT_MEMO_MAX = 65_536;

/** Mm.placements keys: one string per (owner, node), so a step's deltas sum in one Map */
export function placementKey(owner: string, nid: number): string {
  // built once per (owner, node) while the memo holds it: a fresh string per account() call had
  // to be flattened and hashed for each Map it keys (a bounded memo, like splitKeys)
  let byNode = placementKeys.get(owner);
  if (byNode === undefined) {
    if (placementKeys.size >= PLACEMENT_MEMO_MAX) placementKeys.clear();
    placementKeys.set(owner, (byNode = []));
  }
  let k = nid >= 0 && nid < 1024 ? byNode[nid] : undefined;
  if (k === undefined) {
    k = `${owner}\u0000${nid}`;
    if (nid >= 0 && nid < 1024) {
      while (byNode.length < nid) byNode.push(undefined);
      byNode[nid] = k;
    }
  }
  return k;
}
const placementKeys = new Map<string, (string | undefined)[]>();

/** the parts of a placement key (shared answers: treat as immutable; a bounded memo, keys repeat every statement) */
export function splitPlacementKey(k: string): { readonly owner: string; readonly node: number } {
  let parts = splitKeys.get(k);
  if (parts === undefined) {
    const sep = k.indexOf('\u0000');
    parts = { owner: k.slice(0, sep), node: Number(k.slice(sep + 1)) };
    if (splitKeys.size >= PLACEMENT_MEMO_MAX) splitKeys.clear();
    splitKeys.set(k, parts);
  }
  return parts;
}
const splitKeys = new Map<string, { readonly owner: string; readonly node: number }>();

/** mulberry32: a small seeded PRNG (the kernel is random in next_demotion_node); its state is one number, so it clones */
export class Prng {
  constructor(public state: number) {
    this.state = state >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
}

forkableClass(Prng, () => new Prng(0));

/** the PRNG as a function (tests that want reproducible random input) */
export function prng(seed: number): () => number {
  const r = new Prng(seed);
  return () => r.next();
}

export const DEFAULT_TIER: Record<NodeKind, number> = { hbm: 0, dram: 1, cxl: 2, cram: 3, accel: 2, nic: 2 };

/**
 * The kernel's state, and nothing else: what the next statement's behaviour and every
 * expectation about the machine depend on (docs/adr/0010-kernel-state.md). Everything here is
 * data a snapshot at a statement boundary must keep; the run's instruments (diagnostics,
 * tracer, per-step deltas, the budget) are in RunContext. A new field goes here only if a
 * re-run from a snapshot would answer differently without it (test/mm/kernel_state.test.ts
 * lists the fields, so adding one is a visible decision).
 */
export class KernelState {
  /** pg_data_t per node (its zone, watermarks, owners, the node_private ops and service) */
  nodes = new Map<number, NodeState>();
  /** the SLIT: "a,b" (a <= b) -> distance */
  distances = new Map<string, number>();
  /** flat (mm/fork.ts): a copy of the state takes the tasks as they are, and the state copies one before it changes it (mm/taskWrites.ts) */
  tasks = new FlatMap<string, Task>();
  /** kernel allocations (alloc_pages / kmalloc_node / vmalloc in kernel and driver blocks) */
  handles = new Map<string, Handle>();
  cgroups = new Map<string, Cgroup>();
  sysctls = new Map<string, number>();
  swapTotal = 0;
  swapUsed = 0;
  /** SPM pages holding zswap copies (spm_v2), per node and data ratio (`node/ratio`: the media frees what it stored) */
  zswap = new Map<string, number>();
  /** the emulator's ledger of pages that leaked into private nodes (`expect no_leak` reads it) */
  leaks: LeakRecord[] = [];
  /** /proc/vmstat counters */
  stat = new VmStat();
  /** the seeded PRNG where the kernel is random (its position is state: a replay must continue it) */
  rng = new Prng(0x6d6d6c61);
  stampCounter = 0;
  mappingIds = 0;
  /**
   * pgdat->node_zonelists: nid -> [fallback, nofallback], built at boot and on hotplug, rebuilt on
   * demand after invalidateTopology(). Memoized, but kernel data: a snapshot keeps the lists it has.
   */
  zonelistCache = new Map<number, [number[], number[]]>();
  /** ZONELIST_PRIVATE per node (designs with a private zonelist), built with zonelistCache */
  privateZonelistCache = new Map<number, number[]>();
  /**
   * Whether node cpumasks are populated when zonelists are (re)built. False at boot:
   * build_all_zonelists() runs before the CPUs are brought up, so find_next_best_node() adds no
   * PENALTY_FOR_NODE_WITH_CPUS (Linux 6.12's boot log, oracle l02/l04). A memory hotplug event
   * rebuilds them later, with the CPUs up, and from then on the penalty applies (oracle f11, h0x).
   */
  cpumasksPopulated = false;
  /** node_demotion[] (establish_demotion_targets), recomputed on demand after a topology change */
  demotionCache?: Map<number, { preferred: number[]; allowed: number[] }>;
  /** set by out_of_memory() under vm.panic_on_oom: the kernel panicked, nothing runs after it */
  panicked?: string;
  /** kswapd wakeups deferred to the end of the statement (CramCoreApi.wakeKswapd); empty between statements */
  pendingKswapd = new Set<number>();
  /** `nodes` in id order: derived from `nodes` alone (a copy of the state may drop it) */
  sortedCache?: { size: number; list: NodeState[] };
  /**
   * rootMems() and what it was computed from (which nodes counted): derived, checked against the
   * nodes on every use (a fault asks for it several times; the check allocates nothing)
   */
  rootMemsCache?: { nodes: NodeState[]; counted: boolean[]; list: number[] };
  /**
   * Told which tasks the run hands out (mm/taskWrites.ts), while copies of the state are taken
   * (run/incremental.ts): a copy then copies only those again. Set with setTaskWrites: not
   * enumerable, so a copy of the state neither copies nor keeps it.
   */
  declare readonly taskWrites?: TaskBarrier;
}

/**
 * The one way to a task of the state while copies are taken (ADR 0011, 2026-12-05 second
 * section): every object of a task (its mappings, page sets, extents, policies) is reached from
 * the task, and a task only from `KernelState.tasks` or the running block's context, so a task
 * not handed out since the last copy is unchanged. `use` hands out one task (a task of a kept
 * copy, restored lazily, is copied first), `useAll` the whole map.
 */
export interface TaskBarrier {
  use(k: KernelState, t: Task): Task;
  useAll(k: KernelState): void;
  added(t: Task): void;
}

export function setTaskWrites(k: KernelState, w: TaskBarrier | undefined): void {
  Object.defineProperty(k, 'taskWrites', { value: w, writable: true, configurable: true, enumerable: false });
}

/**
 * Mm: the handle every mm/*.ts function takes. Its state is in exactly two objects: `kernel`
 * (KernelState: what a snapshot keeps) and `run` (RunContext: diagnostics, tracer, per-step
 * deltas, budget). The accessors below only forward, so kernel code reads `mm.nodes` and
 * `mm.tracer` as kernel C reads NODE_DATA() and trace_*(); Mm itself holds no other field.
 */
export class Mm {
  readonly design: Design;
  kernel = new KernelState();
  readonly run: RunContext;

  constructor(design: Design, traceEnabled = true) {
    this.design = design;
    this.run = new RunContext(traceEnabled);
  }

  // ── the kernel state (KernelState) ──
  get nodes(): Map<number, NodeState> {
    return this.kernel.nodes;
  }
  get distances(): Map<string, number> {
    return this.kernel.distances;
  }
  /** every task, to read or change (while copies are taken, every task counts as changed: `task()` names one) */
  get tasks(): Map<string, Task> {
    const k = this.kernel;
    if (k.taskWrites !== undefined) k.taskWrites.useAll(k);
    return k.tasks;
  }
  /** the task of that name, to read or change */
  task(name: string): Task | undefined {
    const k = this.kernel;
    const t = k.tasks.get(name);
    return t === undefined || k.taskWrites === undefined ? t : k.taskWrites.use(k, t);
  }
  /** a new task (the interpreter's task blocks) */
  addTask(t: Task): void {
    const k = this.kernel;
    k.tasks.set(t.name, t);
    if (k.taskWrites !== undefined) k.taskWrites.added(t);
  }
  /**
   * The tasks to read only (the run's reports): they may be a kept copy's, which nothing may
   * change (the caches a read fills, a page set's lookup hint and a mapping's owner name, are
   * #private fields, outside the copies).
   */
  tasksToRead(): Map<string, Task> {
    return this.kernel.tasks;
  }
  get handles(): Map<string, Handle> {
    return this.kernel.handles;
  }
  get cgroups(): Map<string, Cgroup> {
    return this.kernel.cgroups;
  }
  get sysctls(): Map<string, number> {
    return this.kernel.sysctls;
  }
  get swapTotal(): number {
    return this.kernel.swapTotal;
  }
  set swapTotal(v: number) {
    this.kernel.swapTotal = v;
  }
  get swapUsed(): number {
    return this.kernel.swapUsed;
  }
  set swapUsed(v: number) {
    this.kernel.swapUsed = v;
  }
  get zswap(): Map<string, number> {
    return this.kernel.zswap;
  }
  get leaks(): LeakRecord[] {
    return this.kernel.leaks;
  }
  get stat(): VmStat {
    return this.kernel.stat;
  }
  get zonelistCache(): Map<number, [number[], number[]]> {
    return this.kernel.zonelistCache;
  }
  get privateZonelistCache(): Map<number, number[]> {
    return this.kernel.privateZonelistCache;
  }
  get cpumasksPopulated(): boolean {
    return this.kernel.cpumasksPopulated;
  }
  set cpumasksPopulated(v: boolean) {
    this.kernel.cpumasksPopulated = v;
  }
  get demotionCache(): KernelState['demotionCache'] {
    return this.kernel.demotionCache;
  }
  set demotionCache(v: KernelState['demotionCache']) {
    this.kernel.demotionCache = v;
  }
  get panicked(): string | undefined {
    return this.kernel.panicked;
  }
  set panicked(v: string | undefined) {
    this.kernel.panicked = v;
  }
  get pendingKswapd(): Set<number> {
    return this.kernel.pendingKswapd;
  }
  random(): number {
    return this.kernel.rng.next();
  }
  nextStamp(): number {
    return ++this.kernel.stampCounter;
  }
  nextMappingId(): number {
    return ++this.kernel.mappingIds;
  }

  // ── the run's instruments (RunContext) ──
  get diagnostics(): Diagnostic[] {
    return this.run.diagnostics;
  }
  get staticDiagnostics(): Diagnostic[] {
    return this.run.staticDiagnostics;
  }
  set staticDiagnostics(v: Diagnostic[]) {
    this.run.staticDiagnostics = v;
  }
  get leakDiag(): Map<string, { pages: number; diag: Diagnostic }> {
    return this.run.leakDiag;
  }
  get tracer(): Tracer {
    return this.run.tracer;
  }
  get currentSpan(): Span {
    return this.run.currentSpan;
  }
  set currentSpan(v: Span) {
    this.run.currentSpan = v;
  }
  get deadline(): number {
    return this.run.deadline;
  }
  set deadline(v: number) {
    this.run.deadline = v;
  }
  get timedOut(): boolean {
    return this.run.timedOut;
  }
  get placements(): StepTally {
    return this.run.placements;
  }
  get oomEvents(): OomEvent[] {
    return this.run.oomEvents;
  }
  set oomEvents(v: OomEvent[]) {
    this.run.oomEvents = v;
  }
  /** RunContext.pastDeadline: the time budget, checked inside long statements */
  pastDeadline(i: number): boolean {
    return this.run.pastDeadline(i);
  }

  // ── reading the kernel state ──
  node(id: number): NodeState | undefined {
    return this.kernel.nodes.get(id);
  }
  /** nodes in id order (nodes are only ever added, so the cache is keyed by the count) */
  sortedNodes(): NodeState[] {
    const k = this.kernel;
    if (!k.sortedCache || k.sortedCache.size !== k.nodes.size) k.sortedCache = { size: k.nodes.size, list: [...k.nodes.values()].sort((a, b) => a.id - b.id) };
    return k.sortedCache.list;
  }

  distance(a: number, b: number): number {
    if (a === b) return this.distances.get(`${a},${b}`) ?? 10;
    return this.distances.get(a < b ? `${a},${b}` : `${b},${a}`) ?? 20;
  }

  freeOf(n: NodeState): number {
    return n.present - n.used - n.deferred - n.poisoned;
  }

  /** N_MEMORY (SPM nodes included: they stay N_MEMORY under spm_v2) */
  isNMemory(n: NodeState): boolean {
    return n.state === 'normal' || n.state === 'spm';
  }
  nMemory(): number[] {
    return this.sortedNodes()
      .filter((n) => this.isNMemory(n))
      .map((n) => n.id);
  }
  nPrivate(): number[] {
    return this.sortedNodes()
      .filter((n) => n.state === 'private')
      .map((n) => n.id);
  }
  /** nodes with memory in the buddy allocator */
  hasMemory(n: NodeState): boolean {
    return n.present > 0 && (n.state === 'normal' || n.state === 'private' || n.state === 'spm' || n.state === 'device');
  }
  /** the local node of a CPU: the node whose cpus hold it, node 0 when none do */
  cpuNode(cpu: number): number {
    for (const n of this.sortedNodes()) if (n.cpus.includes(cpu)) return n.id;
    return this.nodes.has(0) ? 0 : (this.sortedNodes()[0]?.id ?? 0);
  }

  /** account pages of an owner on a node (delta may be negative) */
  /**
   * Pages of an owner arrive on (delta > 0) or leave (delta < 0) a node. `wholeBlocks`: the
   * allocation was of pageblock order or more (it took whole free blocks, see fragFree).
   */
  account(nid: number, owner: string, delta: number, span?: Span, wholeBlocks = false): void {
    const n = this.nodes.get(nid);
    if (!n || delta === 0) return;
    n.used += delta;
    trackFragments(this, n, delta, wholeBlocks);
    n.epoch = (n.epoch ?? 0) + 1;
    const run = this.run;
    if (delta > 0) {
      if (run.tallies) run.placements.add(placementKey(owner, nid), delta);
      // (a slot past the last one used appends: the array keeps its length between steps)
      run.placedOwners[run.placedCount++] = owner;
    } else if (run.tallies) run.lost.add(placementKey(owner, nid), -delta);
    accountOwner(n, owner, delta, span);
    // step records keep this as a raw fact and build the node snapshots when read (run/stepLog.ts)
    const sink = this.run.accounts;
    if (sink !== undefined) sink.account(nid, owner, delta, span);
  }

  sysctl(key: string): number | undefined {
    return this.sysctls.get(key);
  }

  /** a front-end diagnostic with this code inside the span (the run does not repeat what it already says) */
  hasStatic(code: DiagnosticCode, span: Span): boolean {
    return this.staticDiagnostics.some((d) => d.code === code && d.span.start >= span.start && d.span.end <= span.end);
  }

  emit(code: DiagnosticCode, message: string, related?: RelatedInfo[], span = this.currentSpan, data?: Record<string, unknown>): void {
    this.diagnostics.push(diag(code, span, message, { related, data }));
  }

  /** a hint that the outcome rests on an inference (kernel-rules [INF]), once per statement and text */
  inferred(message: string): void {
    const span = this.currentSpan;
    if (this.diagnostics.some((d) => d.code === 'inferred' && d.message === message && d.span.start === span.start && d.span.end === span.end)) return;
    this.emit('inferred', message);
  }

  nodeRelated(nid: number, what = 'node declared here'): RelatedInfo[] {
    const n = this.nodes.get(nid);
    return n?.decl ? [{ span: n.decl.span, message: `node ${nid}: ${what}` }] : [];
  }

  invalidateTopology(): void {
    this.zonelistCache.clear();
    this.privateZonelistCache.clear();
    this.demotionCache = undefined;
  }

  liveTasks(): Task[] {
    return [...this.tasks.values()].filter((t) => !t.dead).sort((a, b) => a.order - b.order);
  }

  /**
   * The root cpuset's effective mems: every node with memory (v4: N_MEMORY ∪ N_MEMORY_PRIVATE).
   * The same array while the nodes that count are the same: callers never change it.
   */
  rootMems(): number[] {
    const nodes = this.sortedNodes();
    const c = this.kernel.rootMemsCache;
    if (c && c.nodes === nodes) {
      let same = true;
      for (let i = 0; i < nodes.length && same; i++) same = c.counted[i] === inRootMems(nodes[i]);
      if (same) return c.list;
    }
    return (this.kernel.rootMemsCache = rootMemsOf(nodes)).list;
  }
}

forkableClass(KernelState, () => new KernelState());
forkableClass(Mm, () => new Mm(undefined as unknown as Design, false));

/**
 * rootMems() computed, with what it was computed from. Not inside rootMems: a closure there
 * (over `counted`) made every call allocate its context, the cache hits too.
 */
function rootMemsOf(nodes: NodeState[]): { nodes: NodeState[]; counted: boolean[]; list: number[] } {
  const counted = nodes.map(inRootMems);
  const list = nodes.filter((_, i) => counted[i]).map((n) => n.id);
  return { nodes, counted, list };
}


function inRootMems(n: NodeState): boolean {
  return n.present > 0 && (n.state === 'normal' || n.state === 'private' || n.state === 'spm');
}

/**
 * Free memory by order, at pageblock granularity (no physical addresses: memory is extents).
 * The buddy serves an order-0 request from the smallest free block, so fragments go first and a
 * whole pageblock is split only when none is left (its rest becomes fragments). Pages freed
 * together coalesce: each whole 2 MiB of one free returns a free pageblock, the rest are fragments
 * (pages faulted in order on a node sit in order, so freeing 1M of every 2M checkerboards it).
 * A node with nothing allocated is whole again. Compaction (compaction.ts) coalesces the rest.
 */
function trackFragments(mm: Mm, n: NodeState, delta: number, wholeBlocks: boolean): void {
  let frag = n.fragFree ?? 0;
  if (delta > 0) {
    if (!wholeBlocks) {
      const fromFrag = Math.min(delta, frag);
      const rest = delta - fromFrag;
      frag += -fromFrag + (Math.ceil(rest / PAGEBLOCK_PAGES) * PAGEBLOCK_PAGES - rest);
    }
  } else frag += -delta % PAGEBLOCK_PAGES;
  const free = mm.freeOf(n);
  if (n.used <= 0 && n.deferred === 0 && n.poisoned === 0) frag = free % PAGEBLOCK_PAGES;
  n.fragFree = Math.max(0, Math.min(frag, free));
}

/** whole free pageblocks of a node (what an allocation of pageblock order or more may take) */
export function freePageblocks(mm: Mm, n: NodeState): number {
  return Math.max(0, Math.floor((mm.freeOf(n) - (n.fragFree ?? 0)) / PAGEBLOCK_PAGES));
}

export function cgroupOf(decl: CgroupDecl): Cgroup {
  return { name: decl.name, mems: [...decl.mems], sysram: decl.sysram ? [...decl.sysram] : undefined, span: decl.span };
}

export function buildNodes(mm: Mm, machine: Machine): void {
  for (const d of machine.nodes) {
    if (mm.nodes.has(d.id)) continue;
    const privateDecl = d.private || d.kind === 'cram' || bootPrivate(mm.design, d);
    const present = Math.floor(d.sizeBytes / PAGE_SIZE);
    let state: NodeStateName;
    if (d.offline) state = 'offline';
    else if (present === 0) state = 'memoryless';
    else if (privateDecl) state = mm.design.nodeState;
    else state = 'normal';
    mm.nodes.set(d.id, newNodeState({
      id: d.id,
      kind: d.kind,
      decl: d,
      privateDecl,
      state,
      present: d.offline ? 0 : present,
      cpus: [...d.cpus],
      zone: d.zone,
      tier: d.tier ?? DEFAULT_TIER[d.kind] ?? 1,
      kswapd: state === 'normal' || state === 'spm',
    }));
  }
  for (const dd of machine.distances) {
    const key = dd.a <= dd.b ? `${dd.a},${dd.b}` : `${dd.b},${dd.a}`;
    mm.distances.set(key, dd.distance);
  }
  // A node onlined into ZONE_MOVABLE is hot-added memory (a CXL driver or daxctl onlines it after
  // boot, as the oracle VM does): its online_pages() rebuilt the zonelists with the CPUs up.
  if (machine.nodes.some((d) => d.zone === 'movable' && !d.offline && d.sizeBytes > 0)) mm.cpumasksPopulated = true;
}
