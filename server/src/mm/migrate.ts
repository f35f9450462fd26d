/**
 * mm/migrate.c: moving pages between nodes. `PageMover` is the batch both the
 * stock path (migrate_pages() with an allocation callback) and a private
 * node's migrate_to callback drive: it walks source segments in order,
 * allocates each target through the real allocator and remaps the pages.
 * Also the syscalls move_pages(2) and migrate_pages(2) (kernel-rules §5.1, §5.2).
 */
import { MPOL_MF } from '../vocab/mpol';
import { NP_OPS } from '../vocab/npops';
import { countValue, expandCycle, isNode, lcm, MOVING, setWpOn, ZERO } from './extents';
import { GFP, GFP_COMPOSITE, MAX_NUMNODES } from './gfp';
import { Mapping, Mm, Task } from './machine';
import { BatchRun, MigrateOptions, MigrateReason, MigrationBatch } from './node_private';
import { allocPages } from './page_alloc';
import { mediaErase, mediaStore, nodePrivateMigrateTo, serviceApi, writableGone } from './services';
import { taskMems, userVisibleMems } from './cpuset';
import { cpusetIgnores, servicesGated, specialNode } from './designs';

/** pages of one mapping range [a, b) that sit on node `from` */
export interface Segment {
  mapping: Mapping;
  a: number;
  b: number;
  from: number;
  pages: number;
  ratio: number;
  /** the pages are mapped write-protected */
  wp: boolean;
  /** the cycle value that stands for these pages while they are isolated (default: `from`) */
  value?: number;
}

export const STOCK_MIGRATE_GFP = GFP_COMPOSITE.GFP_HIGHUSER_MOVABLE | GFP.__GFP_THISNODE;

/** folio_managed_allows_migrate(): may pages on this node be migrated away? */
export function nodeAllowsMigrate(mm: Mm, nid: number): boolean {
  const n = mm.node(nid);
  if (!n) return false;
  if (n.state === 'device') return false;
  if (n.state !== 'private' || !servicesGated(mm.design)) return true;
  return !!n.ops && (n.ops.flags & NP_OPS.NP_OPS_MIGRATION) !== 0;
}

export function isProtectWrite(mm: Mm, nid: number): boolean {
  const n = mm.node(nid);
  return !!n && n.state === 'private' && servicesGated(mm.design) && !!n.ops && (n.ops.flags & NP_OPS.NP_OPS_PROTECT_WRITE) !== 0;
}

/** Segments of [a, b) of a mapping whose pages are on `from` (or on any node but `not`), evictable or pinned per filter. */
export function segmentsOf(m: Mapping, a: number, b: number, pick: (node: number) => boolean, skipPinned = true): Segment[] {
  const out: Segment[] = [];
  const set = m.set;
  if (b <= a) return out;
  for (let i = set.indexOf(a); i < set.extents.length; i++) {
    const e = set.extents[i];
    if (e.start >= b) break;
    if (skipPinned && e.pins > 0) continue;
    const lo = Math.max(a, e.start);
    const hi = Math.min(b, e.start + e.len);
    for (const v of new Set(e.cycle)) {
      if (!isNode(v) || !pick(v)) continue;
      const c = countValue(e, v, lo, hi);
      if (c > 0) out.push({ mapping: m, a: lo, b: hi, from: v, pages: c, ratio: e.ratio, wp: e.wp });
    }
  }
  return out;
}

export class PageMover implements MigrationBatch {
  moved = 0;
  private idx = 0;
  private doneInSeg = 0;
  readonly offered: number;
  readonly runs: BatchRun[];
  constructor(
    private readonly mm: Mm,
    readonly nid: number,
    private readonly segments: Segment[],
    readonly reason: MigrateReason,
    readonly mode: 'async' | 'sync',
    /** the target allocation comes from the node's own service (migrate_to) */
    private readonly viaService: boolean,
    private readonly nodemask?: number[],
  ) {
    this.offered = segments.reduce((s, g) => s + g.pages, 0);
    this.runs = segments.map((g) => ({ pages: g.pages, ratio: g.ratio }));
  }

  migrate(opts: MigrateOptions): number {
    const mm = this.mm;
    let movedNow = 0;
    const max = opts.max ?? Infinity;
    const target = mm.node(this.nid);
    const wp = isProtectWrite(mm, this.nid);
    while (this.idx < this.segments.length && movedNow < max) {
      if (opts.stopWhen?.()) break;
      const seg = this.segments[this.idx];
      const left = seg.pages - this.doneInSeg;
      if (left <= 0) {
        this.idx++;
        this.doneInSeg = 0;
        continue;
      }
      let k = Math.min(left, max - movedNow);
      const room = target?.service?.media?.room?.(this.nid, seg.ratio);
      if (room !== undefined && Number.isFinite(room)) k = Math.min(k, Math.max(1, Math.floor(room)));
      let got = 0;
      const r = allocPages(mm, {
        nid: this.nid,
        gfp: opts.gfp,
        order: 0,
        count: k,
        nodemask: this.nodemask,
        owner: seg.mapping.owner,
        path: `migrate(${this.reason})`,
        serviceRight: this.viaService,
        quiet: true,
        // migration into a private node is each variant's sanctioned path (alloc_zonelist_for_node in the
        // zonelist-selector designs, the driver's scope in the scoped one): a folio on the private zonelist.
        // A longterm pin's alloc_migration_target(the folio's own node) moves pages *off* it: not that path.
        ...(mm.node(this.nid)?.state === 'private' && this.reason !== 'longterm_pin' ? { ctx: { kind: 'folio' as const, zonelist: 'private' as const, scopePrivate: true } } : {}),
        stopWhen: opts.stopWhen,
        sink: (node, pages) => {
          const n = moveRemap(mm, seg, node, pages, wp && node === this.nid);
          got += n;
        },
      });
      this.doneInSeg += got;
      movedNow += got;
      this.moved += got;
      if (r.failed > 0 || got < k) {
        if (got === 0) break;
        if (r.failed > 0) break;
      }
    }
    return movedNow;
  }
}

/** mm_migrate_pages's text, formatted when a record is read (mm/trace.ts eventFact) */
const migrateEvent = (n: number, from: number, to: number, owner: string): string => `succeeded=${n} src_nid=${from} dst_nid=${to} owner=${owner}`;

/** remap `pages` pages of seg.from inside the segment to `node`, with the side effects of a migration */
function moveRemap(mm: Mm, seg: Segment, node: number, pages: number, wp: boolean): number {
  const stamp = mm.nextStamp();
  // remove_migration_pte() on a PROTECT_WRITE node strips the write bit; the service may leave the first g writable
  const svc = mm.node(node)?.service;
  const g = wp && svc?.writableOnArrival ? Math.max(0, Math.min(pages, svc.writableOnArrival(serviceApi(mm), node, pages))) : 0;
  const v = seg.value ?? seg.from;
  const set = seg.mapping.set;
  let n: number;
  if (!wp && !g && !seg.wp) n = set.remapRange(seg.a, seg.b, v, node, pages, { stamp, wp: false });
  else {
    // the write-protect bit is per page: set it on the moved pages alone (through MOVING), not on
    // the rest of an interleaved run they sat in (pages of other nodes)
    const place = (k: number, bit: boolean): number => {
      const got = set.remapRange(seg.a, seg.b, v, MOVING, k, { stamp });
      setWpOn(set, seg.a, seg.b, MOVING, bit);
      set.remapRange(seg.a, seg.b, MOVING, node, got);
      return got;
    };
    n = g ? place(g, false) : 0;
    n += place(pages - n, wp);
  }
  writableGone(mm, seg.from, n, seg.wp);
  if (n < pages) mm.account(node, seg.mapping.owner, -(pages - n)); // could not place: give back
  mm.account(seg.from, seg.mapping.owner, -n);
  mm.stat.add('pgfree', n);
  mediaErase(mm, seg.from, n, seg.ratio);
  mediaStore(mm, node, n, seg.ratio);
  mm.stat.add('pgmigrate_success', n);
  const src = mm.node(seg.from);
  if (src?.state === 'private' && src.service?.folio_migrate) src.service.folio_migrate(serviceApi(mm), seg.from, n, node);
  mm.tracer.eventFact('mm_migrate_pages', migrateEvent, n, seg.from, node, seg.mapping.owner);
  return n;
}

/**
 * migrate_folios_to_node(): move segments onto nid. A private target goes through its
 * migrate_to (v4 family); a normal one through stock migrate_pages() with gfp.
 */
export function migrateToNode(
  mm: Mm,
  nid: number,
  segments: Segment[],
  reason: MigrateReason,
  gfp = STOCK_MIGRATE_GFP,
  nodemask?: number[],
  /** stock migrate_pages() with an allocation preferring nid (alloc_migration_target), never migrate_to */
  forceStock = false,
): { moved: number; error?: string } {
  const n = mm.node(nid);
  const usesService = !forceStock && !!n && specialNode(mm.design, n) && mm.design.migrateTargets === 'driver';
  const mover = new PageMover(mm, nid, segments, reason, reason === 'demotion' ? 'async' : 'sync', usesService, nodemask);
  if (usesService) {
    const r = nodePrivateMigrateTo(mm, mover);
    const offered = mover.offered;
    if (offered - mover.moved > 0) mm.stat.add('pgmigrate_fail', offered - mover.moved);
    return { moved: mover.moved, error: r.error };
  }
  mover.migrate({ gfp });
  if (mover.offered - mover.moved > 0) mm.stat.add('pgmigrate_fail', mover.offered - mover.moved);
  return { moved: mover.moved };
}

/**
 * A page isolated for a per-address migration: from node `from`, aimed at node `to`. Transient
 * (only inside migrateByAddress), never a node, never NP/SWAP/ZERO, below every pending(t):
 * reclaim and the fault path pass such pages by, as the kernel's LRU does not see isolated folios.
 */
const isolatedValue = (from: number, to: number): number => -(1 << 21) - (from * MAX_NUMNODES + to);

/**
 * migrate_pages() over a list whose every folio has its own target (mbind MOVE under an
 * interleave policy: alloc_migration_target_by_mpol() gives each folio the node of its interleave
 * index, computed from its address like a fault's: `targets[(vstart + page) % targets.length]`).
 * The pages of [a, b) on a node `pick` accepts are isolated, then moved target by target through
 * the allocator with `gfp` and no nodemask (the target's fallback list); they keep their data
 * (compression ratio, as every migration). What finds no page stays where it was. Extents, not
 * pages: the cost grows with the runs and the interleave width. Returns the pages moved.
 */
export function migrateByAddress(mm: Mm, m: Mapping, a: number, b: number, pick: (node: number) => boolean, targets: number[], reason: MigrateReason, gfp: number): number {
  const L = targets.length;
  if (!L || b <= a) return 0;
  // isolate: every picked page becomes isolatedValue(its node, its target)
  const groups = new Map<number, { from: number; to: number }>();
  const [i, j] = m.set.carve(a, b);
  for (let x = i; x < j; x++) {
    const e = m.set.extents[x];
    if (e.pins > 0 || !e.cycle.some((v) => isNode(v) && pick(v))) continue; // pinned folios fail to migrate
    const L2 = lcm(e.cycle.length, L);
    if (L2 > 1 << 16) continue; // pathological pattern: those pages stay
    expandCycle(e, L2);
    e.cycle = e.cycle.map((v, slot) => {
      if (!isNode(v) || !pick(v)) return v;
      const to = targets[(((m.vstart + slot - e.base) % L) + L) % L];
      const iso = isolatedValue(v, to);
      groups.set(iso, { from: v, to });
      return iso;
    });
  }
  // one migrate_pages() batch per target node, in the order the targets first appear. The kernel
  // walks the folio list in address order, targets alternating; the batches give the same counts
  // per node, but when the targets fill up, which addresses stay (or fall back) differs: the kernel
  // leaves the tail of the range, this leaves the later folios of the later targets.
  let moved = 0;
  // carved once per target (the last target's migration changed the extents); collecting changes none
  for (const to of new Set(targets)) {
    const segs: Segment[] = [];
    const [i2, j2] = m.set.carve(a, b);
    for (const [iso, g] of groups) {
      if (g.to !== to) continue;
      for (let x = i2; x < j2; x++) {
        const e = m.set.extents[x];
        const c = countValue(e, iso);
        if (c > 0) segs.push({ mapping: m, a: e.start, b: e.start + e.len, from: g.from, pages: c, ratio: e.ratio, wp: e.wp, value: iso });
      }
    }
    if (!segs.length) continue;
    const before = m.set.countOn(to, a, b);
    const got = migrateToNode(mm, to, segs, reason, gfp, undefined, true).moved;
    moved += got;
    // alloc_pages_mpol() counts its interleave allocations as a fault's do (NUMA_INTERLEAVE_HIT on the target)
    mm.stat.add('numa_interleave', got);
    mm.stat.add('interleave_hit', Math.min(got, Math.max(0, m.set.countOn(to, a, b) - before)));
  }
  // putback_movable_pages(): what did not move stays on its node
  const [i3, j3] = m.set.carve(a, b);
  for (let x = i3; x < j3; x++) {
    const e = m.set.extents[x];
    if (e.cycle.some((v) => groups.has(v))) e.cycle = e.cycle.map((v) => groups.get(v)?.from ?? v);
  }
  m.set.coalesce(Math.max(0, i3 - 1), j3);
  return moved;
}

// ───────────────────────────── migrate_folios_to_node() from a driver ─────────────────────────────

export interface FolioMigrateResult {
  errno?: string;
  rule?: string;
  moved: number;
  /** folios that stayed because they may not move: on a node that refuses migration, or pinned */
  stayed: number;
  /** why they stayed, one phrase per cause */
  why: string[];
}

/**
 * v4 migrate_folios_to_node() (mm/migrate.c), called by a driver on a task's pages [a, b): the
 * folios a driver isolated go to nid. A private target (node_state N_MEMORY_PRIVATE, under a design
 * that sends user migration through the driver) is served by node_private_migrate_to(): the node's
 * migrate_to callback, -ENODEV without one; any other node by stock migrate_pages() with
 * alloc_migration_target(GFP_HIGHUSER_MOVABLE | __GFP_THISNODE), whose allocation the design's gate
 * decides. Folios on a node that refuses migration (folio_managed_allows_migrate(): a private node
 * without NP_OPS_MIGRATION, ZONE_DEVICE) and pinned ones fail to migrate and stay: the call returns
 * how many (>0). A target allocation that fails stops the batch: -ENOMEM (migrate_pages_batch()),
 * what moved before stays moved. The data follows every page (kernel-rules §5.10).
 */
export function migrateFoliosToNode(mm: Mm, m: Mapping, a: number, b: number, nid: number): FolioMigrateResult {
  const n = mm.node(nid);
  const why: string[] = [];
  const refused = segmentsOf(m, a, b, (v) => v !== nid && !nodeAllowsMigrate(mm, v), false).reduce((s, g) => s + g.pages, 0);
  if (refused) why.push(`${refused} on a node that refuses migration (no NP_OPS_MIGRATION, or ZONE_DEVICE)`);
  const pinned = segmentsOf(m, a, b, (v) => v !== nid && nodeAllowsMigrate(mm, v), false)
    .filter((s) => m.set.extents[m.set.indexOf(s.a)].pins > 0)
    .reduce((s, g) => s + g.pages, 0);
  if (pinned) why.push(`${pinned} pinned`);
  const segs = segmentsOf(m, a, b, (v) => v !== nid && nodeAllowsMigrate(mm, v));
  const offered = segs.reduce((s, g) => s + g.pages, 0);
  const stayed = refused + pinned;
  if (offered === 0) return { moved: 0, stayed, why };
  if (!n || !validMigrationTarget(mm, nid))
    return {
      errno: 'ENOMEM',
      rule: n?.state === 'device'
        ? `node ${nid} is ZONE_DEVICE memory, outside the buddy allocator: alloc_migration_target() finds no page (device-private memory takes pages through migrate_vma_*(), not modelled)`
        : `node ${nid} has no memory: alloc_migration_target(__GFP_THISNODE) finds no page, migrate_pages() returns -ENOMEM`,
      moved: 0,
      stayed: stayed + offered,
      why,
    };
  const viaDriver = specialNode(mm.design, n) && mm.design.migrateTargets === 'driver';
  if (specialNode(mm.design, n) && !viaDriver)
    mm.inferred(`inferred (kernel-rules §5.10): no posted code of this design shows a driver migrating pages onto its node; mmlab runs upstream migrate_pages() with alloc_migration_target(__GFP_THISNODE), which the design's gate decides`);
  const r = migrateToNode(mm, nid, segs, 'syscall');
  if (r.error)
    return {
      errno: r.error,
      rule: r.error === 'ENODEV' ? `private node ${nid} has no migrate_to callback: node_private_migrate_to() returns -ENODEV and nothing moves` : `node ${nid}'s migrate_to returned -${r.error}`,
      moved: r.moved,
      stayed: stayed + offered - r.moved,
      why,
    };
  if (r.moved < offered)
    return {
      errno: 'ENOMEM',
      rule: `a target page on node ${nid} could not be allocated${viaDriver ? ' by its migrate_to' : ' (GFP_HIGHUSER_MOVABLE | __GFP_THISNODE)'}: migrate_pages() stops with -ENOMEM after moving ${r.moved} of ${offered} page(s)`,
      moved: r.moved,
      stayed: stayed + offered - r.moved,
      why,
    };
  return { moved: r.moved, stayed, why };
}

// ───────────────────────────── move_pages(2) ─────────────────────────────

export interface MovePagesResult {
  errno?: string;
  /** per-page status summary: status -> pages */
  status: Map<string, number>;
  notMoved: number;
  rule?: string;
  /** the call failed on its flags, before looking at the node */
  badFlags?: boolean;
}

/** which nodes may be a move_pages/migrate_pages target (N_MEMORY; v4 family: also N_MEMORY_PRIVATE) */
export function validMigrationTarget(mm: Mm, nid: number): boolean {
  const n = mm.node(nid);
  if (!n || n.present === 0) return false;
  if (n.state === 'normal' || n.state === 'spm') return true;
  if (n.state === 'private') return true;
  return false;
}

export function movePages(mm: Mm, task: Task, m: Mapping, a: number, b: number, nid: number, flags: number): MovePagesResult {
  const status = new Map<string, number>();
  const bump = (k: string, n: number) => n > 0 && status.set(k, (status.get(k) ?? 0) + n);
  if (flags & ~(MPOL_MF.MPOL_MF_MOVE | MPOL_MF.MPOL_MF_MOVE_ALL))
    return { errno: 'EINVAL', status, notMoved: 0, rule: 'flags other than MPOL_MF_MOVE / MPOL_MF_MOVE_ALL', badFlags: true };
  if (nid < 0 || nid >= MAX_NUMNODES || !validMigrationTarget(mm, nid))
    return { errno: 'ENODEV', status, notMoved: 0, rule: `node ${nid} is not ${mm.design.nodeState === 'private' ? 'N_MEMORY or N_MEMORY_PRIVATE' : 'N_MEMORY'}: the whole call fails` };
  const target = mm.node(nid)!;
  if (specialNode(mm.design, target) && mm.design.migrateTargets === 'refused')
    return { errno: 'EACCES', status, notMoved: 0, rule: `${target.state === 'spm' ? 'SPM node' : 'node'} ${nid} is not in the task's sysram_nodes` };
  if (!taskMems(mm, task).includes(nid) && !cpusetIgnores(mm.design, target)) return { errno: 'EACCES', status, notMoved: 0, rule: `node ${nid} is not in the task's cpuset mems` };
  if (specialNode(mm.design, target) && mm.design.migrateTargets === 'driver') {
    const hasCb = target.service?.migrate_to || (target.ops && target.ops.callbacks.includes('migrate_to'));
    if (!hasCb || !target.ops?.callbacks.includes('migrate_to'))
      return { errno: 'ENODEV', status, notMoved: 0, rule: `private node ${nid} has no migrate_to callback (node_private_migrate_to returns -ENODEV)` };
  }
  const counts = m.set.counts(a, b);
  for (const [v, c] of counts) {
    if (v === ZERO) bump('-EFAULT', c); // add_page_for_migration(): the zero page is -EFAULT (oracle d06)
    else if (!isNode(v)) bump('-ENOENT', c);
    else if (v === nid) bump(String(nid), c);
    else if (!nodeAllowsMigrate(mm, v)) bump('-ENOENT', c);
  }
  // pinned pages: isolation fails
  const pinned = segmentsOf(m, a, b, (v) => v !== nid && nodeAllowsMigrate(mm, v), false).filter((s) => {
    const e = m.set.extents[m.set.indexOf(s.a)];
    return e.pins > 0;
  });
  for (const s of pinned) bump('-EBUSY', s.pages);
  // pages mapped by more than one process need MPOL_MF_MOVE_ALL (-EACCES otherwise); a mapping
  // here belongs to one task (no fork, no cross-task mapping), so every folio has mapcount 1
  const segs = segmentsOf(m, a, b, (v) => v !== nid && nodeAllowsMigrate(mm, v));
  const offered = segs.reduce((s, g) => s + g.pages, 0);
  if (offered === 0) return { status, notMoved: 0 };
  const r = migrateToNode(mm, nid, segs, 'syscall');
  if (r.error) return { errno: r.error, status, notMoved: offered - r.moved, rule: `migrate_to of node ${nid} returned -${r.error}` };
  bump(String(nid), r.moved);
  bump('-ENOMEM', offered - r.moved);
  return { status, notMoved: offered - r.moved };
}

/**
 * do_pages_stat() (move_pages with nodes = NULL): each page's status is its node; a page not
 * present is -ENOENT, the zero page -EFAULT, and a page on a private node user space may not
 * migrate from is -ENOENT as well (v4: folio_managed_allows_user_migrate(), the same test as a
 * move; a design without user migration onto private nodes hides them all): its location is hidden.
 */
export function queryPages(mm: Mm, m: Mapping, a: number, b: number): Map<string, number> {
  const status = new Map<string, number>();
  const bump = (k: string, n: number) => n > 0 && status.set(k, (status.get(k) ?? 0) + n);
  for (const [v, c] of m.set.counts(a, b)) {
    if (v === ZERO) bump('-EFAULT', c);
    else if (!isNode(v)) bump('-ENOENT', c);
    else if (!nodeAllowsMigrate(mm, v) || (mm.node(v)?.state === 'private' && mm.design.migrateTargets === 'none')) bump('-ENOENT', c);
    else bump(String(v), c);
  }
  return status;
}

export function formatStatus(status: Map<string, number>): string {
  return [...status.entries()]
    .sort((x, y) => (x[0] < y[0] ? -1 : 1))
    .map(([k, v]) => `${k} ×${v}`)
    .join(', ');
}

// ───────────────────────────── migrate_pages(2) ─────────────────────────────

export function migratePagesSyscall(mm: Mm, task: Task, from: number[], to: number[]): MovePagesResult {
  const status = new Map<string, number>();
  if ([...from, ...to].some((n) => n < 0 || n >= MAX_NUMNODES)) return { errno: 'EINVAL', status, notMoved: 0, rule: 'a node id >= MAX_NUMNODES' };
  const allowed = userVisibleMems(mm, task);
  // the task runs as root (CAP_SYS_NICE): no EPERM for targets outside its cpuset; new ∩= mems
  const dest = to.filter((n) => allowed.includes(n) && validMigrationTarget(mm, n));
  if (dest.length === 0) return { errno: 'EINVAL', status, notMoved: 0, rule: `new nodes {${to.join(',')}} ∩ the task's mems {${allowed.join(',')}} is empty` };
  let notMoved = 0;
  const src = [...new Set(from.filter((n) => mm.node(n)))].sort((x, y) => x - y);
  const to_ = [...new Set(dest)].sort((x, y) => x - y);
  // do_migrate_pages(): each round picks a source s (node_remap(s, from, to) = d) whose
  // destination is not itself still to be drained, so with {0,1} -> {1,2} node 1 goes to 2
  // before node 0 goes to 1 and every page moves once (oracle j01). A source that is also a
  // destination stays when the sets differ in size.
  const pending = new Set(src);
  const rounds: [number, number][] = [];
  while (pending.size) {
    let source = -1;
    let d = -1;
    for (const s of [...pending].sort((x, y) => x - y)) {
      if (src.length !== to_.length && to_.includes(s)) continue;
      const dd = to_[src.indexOf(s) % to_.length];
      if (s === dd) continue;
      source = s;
      d = dd;
      if (!pending.has(dd)) break;
    }
    if (source < 0) break;
    pending.delete(source);
    rounds.push([source, d]);
  }
  for (const [s, d] of rounds) {
    if (!nodeAllowsMigrate(mm, s)) continue;
    const segs: Segment[] = [];
    for (const m of task.mappings.values()) segs.push(...segmentsOf(m, 0, m.pages, (v) => v === s));
    const offered = segs.reduce((x, g) => x + g.pages, 0);
    if (offered === 0) continue;
    const target = mm.node(d)!;
    // v4 migrate_to_node() -> migrate_folios_to_node() -> node_private_migrate_to(): no callback is
    // -ENODEV, and do_migrate_pages() returns the first error as the whole call's (earlier rounds
    // stay done; kernel-rules: migrate_pages and the migrate_to callback)
    if (specialNode(mm.design, target) && mm.design.migrateTargets === 'driver' && !target.ops?.callbacks.includes('migrate_to'))
      return { errno: 'ENODEV', status, notMoved, rule: `private node ${d} has no migrate_to callback (node_private_migrate_to returns -ENODEV; do_migrate_pages stops at that round)` };
    const r = migrateToNode(mm, d, segs, 'syscall');
    notMoved += offered - r.moved;
    if (r.moved) status.set(String(d), (status.get(String(d)) ?? 0) + r.moved);
    if (offered - r.moved) status.set(r.error ? `-${r.error}` : '-ENOMEM', (status.get('-ENOMEM') ?? 0) + offered - r.moved);
  }
  return { status, notMoved };
}
