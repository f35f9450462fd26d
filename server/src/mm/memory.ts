/**
 * mm/memory.c: the fault path (handle_mm_fault -> do_anonymous_page /
 * do_swap_page / do_wp_page, with the v4 handle_fault dispatch for write faults
 * on PROTECT_WRITE nodes) and the free path (zap_page_range, exit_mmap, with
 * the v4 folio_managed_on_free -> free_folio callback).
 *
 * Fault allocations: anonymous and private-COW faults use vma_alloc_folio with
 * the VMA policy (else the task policy) and get __GFP_PRIVATE when the policy has
 * MPOL_F_PRIVATE (v4); shmem uses the shared policy without the injection [INF];
 * file page cache uses only the task policy and never __GFP_PRIVATE (§4.3).
 */
import { countValue, expandCycle, Extent, isPending, lcm, NP, pending, positionAfterK, setWpOn, SWAP, ZERO } from './extents';
import { GFP, GFP_COMPOSITE, GFP_FAULT } from './gfp';
import { thpVmaAllowable } from './huge_memory';
import { firstEndingAfter, Mapping, Mm, rangeAt, Task } from './machine';
import { describePolicy, planFor, Plan, planWhy } from './mempolicy';
import { isProtectWrite, migrateToNode, nodeAllowsMigrate, segmentsOf } from './migrate';
import { allocPages, AllocResult } from './page_alloc';
import type { AllocCtx } from './alloc_context';
import { mediaErase, mediaStore, serviceApi, writableGone } from './services';
import { resolveRatio } from './service_nodes';
import { hasCallback } from './node_private';
import { zswapLoadRange } from './zswap';
import { killTask } from './oom_kill';
import { injected, zoneGate } from './designs';

export interface FaultOutcome {
  faulted: number;
  failed: number;
  oom?: { victim?: string; constraint: string; privateOom: boolean };
  reason?: string;
  privateFault: boolean;
  /** pages left write-protected after a handle_fault VM_FAULT_RETRY */
  retried: number;
}


/**
 * What a fault does with the shared zero page on private anonymous memory:
 *   'map'     a read fault maps it for never-written pages (no allocation)
 *   'replace' a write fault (or FOLL_WRITE populate: mlock's populate_vma_page_range() breaks COW
 *             on private writable VMAs) replaces zero-page mappings with real pages
 *   'keep'    kernel-internal refaults (an mbind move) allocate what is absent, leave zero pages
 */
export type ZeroPageMode = 'map' | 'replace' | 'keep';

/** a user access to a range: the fault outcome, or the SIGSEGV that killed the task */
export type AccessResult = { segv: string; fault?: undefined } | { segv?: undefined; fault: FaultOutcome };

/**
 * A user access to [a, b) (touch / poke). A page whose VMA lacks the access right (mprotect)
 * is bad_area_access_error(): SIGSEGV kills the task, and the pages before it were faulted in
 * (oracle m04).
 */
export function faultRange(mm: Mm, t: Task, m: Mapping, a: number, b: number, write: boolean, ratio: number): AccessResult {
  const bad = m.firstBadPage(a, b, write);
  if (bad < 0) return { fault: touchRange(mm, t, m, a, b, write, ratio) };
  if (bad > a) touchRange(mm, t, m, a, bad, write, ratio);
  const segv = `killed by SIGSEGV (${write ? 'write' : 'read'} access to ${m.name}[${bad}], mprotect ${protAt(m, bad)})`;
  killTask(mm, t, segv);
  return { segv };
}

/**
 * The mprotect of page p. (Its own function: a closure over `bad` in faultRange made every access
 * allocate faultRange's context; hot functions of this file keep closures out, see faultSubrange.)
 */
function protAt(m: Mapping, p: number): string | undefined {
  return rangeAt(m.prot, p)?.prot;
}

/**
 * touch(RANGE, access, data): fault in every page of [a, b), in address order (kernel-rules §5.5:
 * a just-touched page is the most recently used; §8.4: every write to a write-protected CRAM page
 * promotes it). The kernel's loop faults one page after another, so a fault's allocation may
 * reclaim, swap out or demote pages the loop has not reached yet; it faults those again when it
 * gets there. Memory is extents, not pages: the range is walked in chunks of alike runs (all
 * needing a fault, or all present), and the state after each chunk is read afresh, so the cost
 * grows with the runs the loop meets, never with bytes.
 */
export function touchRange(
  mm: Mm,
  task: Task,
  m: Mapping,
  a: number,
  b: number,
  write: boolean,
  ratio: number,
  zero: ZeroPageMode = write ? 'replace' : 'map',
): FaultOutcome {
  const out: FaultOutcome = { faulted: 0, failed: 0, privateFault: false, retried: 0 };
  let p = a;
  while (p < b && !task.dead) {
    const q = chunkEnd(m, p, b, write, zero);
    const next = touchChunk(mm, task, m, p, q, write, ratio, zero, out);
    p = Math.max(next, p + 1);
  }
  mm.stat.add('pgfault', out.faulted);
  return out;
}

/** does the access fault on this run (an allocation, a swap-in or a write-protect fault)? */
function needsFault(m: Mapping, e: Extent, write: boolean, zero: ZeroPageMode): boolean {
  const privateAnon = m.backing === 'anon' && !m.shared;
  for (const v of e.cycle) {
    if (v === SWAP) return true;
    if (v === NP && !(privateAnon && zero === 'map')) return true;
    if (v === ZERO && privateAnon && zero === 'replace') return true;
    if (v >= 0 && write && e.wp) return true;
  }
  return false;
}

/** end of the chunk starting at p: the runs after it that are alike (all faulting, or all present) */
function chunkEnd(m: Mapping, p: number, b: number, write: boolean, zero: ZeroPageMode): number {
  const ex = m.set.extents;
  let i = m.set.indexOf(p);
  const kind = needsFault(m, ex[i], write, zero);
  let end = ex[i].start + ex[i].len;
  for (i++; i < ex.length && end < b; i++) {
    if (needsFault(m, ex[i], write, zero) !== kind) break;
    end = ex[i].start + ex[i].len;
  }
  return Math.min(end, b);
}

/** touchChunk's explain lines, formatted when a record is read (mm/trace.ts fact) */
const zeroPageLine = (name: string, a: number, b: number, pages: number): string => `read fault ${name}[${a}:${b}): ${pages} page(s) map the shared zero page (no allocation)`;
const swappedInLine = (pages: number): string => `${pages} page(s) swapped in`;

/**
 * One chunk [a, b) of a touch. Returns where the loop goes on: b, or earlier when an in-place
 * write was cut at the device's next interrupt edge (the interrupt may have write-protected the
 * rest: the loop re-reads it).
 */
function touchChunk(
  mm: Mm,
  task: Task,
  m: Mapping,
  a: number,
  b: number,
  write: boolean,
  ratio: number,
  zero: ZeroPageMode,
  out: FaultOutcome,
): number {
  // 0. private anonymous memory and the shared zero page (do_anonymous_page): a read fault on a
  // never-written page maps the zero page and allocates nothing (oracle i04, d06, m07); a write
  // fault replaces it with a page allocated under the policy in force at that time. (Done before
  // swap-in: swapped pages hold data and are faulted back as real pages.)
  if (m.backing === 'anon' && !m.shared) {
    if (zero === 'replace') {
      const z = m.set.countOn(ZERO, a, b);
      if (z) m.set.remapRange(a, b, ZERO, NP, z);
    } else if (zero === 'map') {
      const np = m.set.countOn(NP, a, b);
      if (np) {
        m.set.remapRange(a, b, NP, ZERO, np);
        mm.stat.add('pgfault', np);
        mm.tracer.fact(zeroPageLine, m.name, a, b, np);
      }
    }
  }
  // 1. write faults on write-protected pages (PROTECT_WRITE nodes): the service's handle_fault
  if (write) handleWriteFaults(mm, task, m, a, b, out);
  // 2. swapped pages: do_swap_page (they are faulted in again below)
  const swapped = m.set.countOn(SWAP, a, b);
  if (swapped) {
    zswapLoadRange(mm, m, a, b);
    m.set.remapRange(a, b, SWAP, NP, swapped);
    mm.swapUsed -= swapped;
    mm.stat.add('pswpin', swapped);
    mm.stat.add('pgmajfault', swapped);
    mm.tracer.fact(swappedInLine, swapped);
  }
  // 3. present pages become most recently used (and, for writes, carry the new data)
  const stamp = mm.nextStamp();
  if (a > 0 && b < m.set.pages && a < b && !m.set.anyNodeIn(a, b)) {
    // nothing present in [a, b) (a first fault): the loop below would change no extent, and
    // carving only split extents that its merge joins again (two copies per fault, garbage)
    m.set.coalesceAround(a, b);
  } else {
    const [i, j] = m.set.carve(a, b);
    for (let x = i; x < j; x++) {
      const e = m.set.extents[x];
      if (!holdsNode(e.cycle)) continue;
      // pages still write-protected (VM_FAULT_RETRY) were not written
      if (write && ratio > 0 && e.ratio !== ratio && !e.wp) {
        const cut = rewriteCut(mm, e, ratio);
        if (cut < e.start + e.len) {
          // the write crosses the device's next edge: write up to it (the interrupt is handled
          // there and may write-protect the rest), then the loop re-reads the rest
          m.set.splitAt(cut);
          e.stamp = stamp;
          rewriteInPlace(mm, e.cycle, e, ratio);
          return cut;
        }
        e.stamp = stamp;
        rewriteInPlace(mm, e.cycle, e, ratio);
      } else e.stamp = stamp;
    }
    m.set.coalesce(i - 1, j);
  }
  // 4. not-present pages: allocate under the policy, per VMA-policy subrange
  const points = policyCuts(m, a, b);
  if (points === undefined) {
    // no VMA policy edge inside [a, b): one subrange (the common case, no list built)
    if (!task.dead) faultSubrange(mm, task, m, a, b, ratio, out, write);
    return b;
  }
  for (let k = 0; k + 1 < points.length; k++) {
    if (task.dead) break;
    faultSubrange(mm, task, m, points[k], points[k + 1], ratio, out, write);
  }
  return b;
}

/** does the cycle hold a node (a present page)? */
function holdsNode(cycle: number[]): boolean {
  for (let k = 0; k < cycle.length; k++) if (cycle[k] >= 0) return true;
  return false;
}

/** [a, edges of VMA policies strictly inside (a, b)..., b] in order, or undefined when there is no such edge */
function policyCuts(m: Mapping, a: number, b: number): number[] | undefined {
  // (only the ranges overlapping [a, b) have an edge inside it; none on the common path: no list made)
  const ranges = m.policies;
  const i = firstEndingAfter(ranges, a);
  let j = i;
  let inside = false;
  for (; j < ranges.length && ranges[j].start < b; j++) {
    const r = ranges[j];
    if ((r.start > a && r.start < b) || (r.end > a && r.end < b)) inside = true;
  }
  if (!inside) return undefined;
  const cuts = new Set<number>([a, b]);
  for (let k = i; k < j; k++) {
    const r = ranges[k];
    if (r.start > a && r.start < b) cuts.add(r.start);
    if (r.end > a && r.end < b) cuts.add(r.end);
  }
  return [...cuts].sort((x, y) => x - y);
}

/**
 * Where an in-place write of extent e (data now compressing `ratio`:1) reaches a device's next
 * interrupt edge: the end of the extent when it does not. The page that crosses is written (it is
 * what raises the interrupt), as a demotion batch stops after the crossing page (media.room).
 */
function rewriteCut(mm: Mm, e: Extent, ratio: number): number {
  let cut = e.start + e.len;
  for (const v of new Set(e.cycle)) {
    if (v < 0) continue;
    const media = mm.node(v)?.service?.media;
    const room = media?.rewriteRoom?.(v, resolveRatio(mm, v, e.ratio), ratio);
    if (room === undefined || !Number.isFinite(room)) continue;
    const k = Math.max(1, Math.floor(room));
    if (k < countValue(e, v)) cut = Math.min(cut, positionAfterK(e, v, k));
  }
  return cut;
}

function rewriteInPlace(mm: Mm, cycle: number[], e: Extent, ratio: number): void {
  const writes: [number, number, number][] = [];
  for (const v of new Set(cycle)) {
    if (v < 0 || !mm.node(v)?.service?.media?.rewrite) continue;
    writes.push([v, countValue(e, v), resolveRatio(mm, v, e.ratio)]);
  }
  // the data changes before the device reacts: an interrupt handler (revoking writable mappings)
  // sees, and may merge, this run with its new data
  e.ratio = ratio;
  for (const [v, pages, from] of writes) mm.node(v)!.service!.media!.rewrite!(serviceApi(mm), v, pages, from, ratio);
}

/**
 * Anonymous-like faults (vma_alloc_folio under the VMA policy). A write fault on a MAP_PRIVATE
 * file mapping COWs the page-cache page into an anonymous page allocated under the VMA policy,
 * and the mapping maps that copy (oracle j11). Simplification: the page-cache page the copy was
 * read from is not modelled; shared file mappings are pure page cache (task policy, oracle j10).
 */
function anonLike(m: Mapping, cow: boolean): boolean {
  return m.backing === 'anon' || (m.backing === 'file' && !m.shared && cow);
}

function effectivePolicy(m: Mapping, task: Task, p: number, cow: boolean) {
  if (m.backing === 'file' && !anonLike(m, cow)) return task.policy; // generic page cache ignores the VMA policy
  return m.policyAt(p) ?? task.policy;
}

function faultGfp(mm: Mm, m: Mapping, privatePolicy: boolean, cow: boolean): number {
  let gfp = GFP_FAULT;
  if (privatePolicy && anonLike(m, cow)) gfp |= injected(mm.design, 'fault');
  return gfp;
}

/** a fault's allocation path is named "page fault in OWNER" (Mapping.pathFor: built once per mapping) */
const FAULT_PATH = 'page fault in ';

/** a fault's allocation context (read, never changed, by the allocator: shared) */
const FOLIO: AllocCtx = { kind: 'folio' };
const PRIVATE_FOLIO: AllocCtx = { kind: 'folio', zonelist: 'private' };

/** a fault's explain line: the pages faulted and the policy's plan (policy: its description, or undefined for none) */
const faultLine = (name: string, a: number, b: number, need: number, backing: string, why: string, policy: string | undefined): string =>
  `fault ${name}[${a}:${b}) ×${need} (${backing}): ${why}${policy !== undefined ? ` [${policy}]` : ''}`;
const secondPassLine = (failed: number): string => `MPOL_PREFERRED_MANY: ${failed} page(s) not in the mask: second pass on any node`;

function faultSubrange(mm: Mm, task: Task, m: Mapping, a: number, b: number, ratio: number, out: FaultOutcome, cow: boolean): void {
  const need = m.set.countOn(NP, a, b);
  if (need === 0) return;
  const pol = effectivePolicy(m, task, a, cow);
  const plan = planFor(mm, task, pol, task.node);
  const privatePolicy = !!pol?.private;
  const gfp = faultGfp(mm, m, privatePolicy, cow);
  const privateFault = privatePolicy && allPrivate(mm, pol!.nodes) && anonLike(m, cow);
  if (privateFault) out.privateFault = true;
  // a fault allocates a folio; MPOL_F_PRIVATE selects ZONELIST_PRIVATE (designs that have one)
  const faultCtx: AllocCtx = privatePolicy && anonLike(m, cow) ? PRIVATE_FOLIO : FOLIO;
  if (mm.tracer.explaining) mm.tracer.fact(faultLine, m.name, a, b, need, m.backing, planWhy(plan), pol ? describePolicy(pol) : undefined);
  // (VM_LOCKED as maximal runs: the fault is mlocked when one run covers it)
  const lockedRun = rangeAt(m.locked, a);
  const locked = lockedRun !== undefined && lockedRun.end >= b;
  // (no closures made here on the common path: only the branches that hand one on make it)
  const fa: FaultAlloc = { mm, task, m, a, b, ratio, locked, out, privateFault, ctx: faultCtx };
  if (m.backing === 'file' && !anonLike(m, cow) && privatePolicy && zoneGate(mm.design, { state: 'private' }, gfp))
    mm.inferred('inferred (kernel-rules §4.3): page-cache allocations use the task policy without __GFP_PRIVATE, so the policy\'s private nodes are gated for them');
  if (plan.kind !== 'interleave' && thpVmaAllowable(mm, m)) thpFault(mm, task, m, a, b, plan, gfp, privateFault, noting(out));
  if (plan.kind === 'single') {
    const left = m.set.countOn(NP, a, b);
    if (left > 0 && !task.dead) noteAlloc(out, faultAlloc(fa, plan.nid, plan.nodemask, gfp, left, NP));
    return;
  }
  if (plan.kind === 'preferred_many') {
    const left = m.set.countOn(NP, a, b);
    if (left === 0 || task.dead) return;
    const first = faultAlloc(fa, plan.nid, plan.nodemask, (gfp & ~GFP.__GFP_DIRECT_RECLAIM) | GFP.__GFP_NOWARN, left, NP);
    if (first.failed > 0 && !task.dead) {
      mm.tracer.fact(secondPassLine, first.failed);
      noteAlloc(out, faultAlloc(fa, plan.nid, undefined, gfp, first.failed, NP));
    }
    return;
  }
  interleaveFault(mm, task, m, a, b, plan, gfp, out, committing(fa), noting(out));
}

// The closures the THP and interleave paths take, made by functions of their own: a closure
// inside faultSubrange made every fault allocate its context, whichever path it took.
function noting(out: FaultOutcome): (r: AllocResult) => void {
  return (r) => noteAlloc(out, r);
}
function committing(fa: FaultAlloc): (t: number, node: number, pages: number) => void {
  return (t, node, pages) => commitFault(fa, pending(t), node, pages);
}
function allPrivate(mm: Mm, nodes: number[]): boolean {
  for (let i = 0; i < nodes.length; i++) if (mm.node(nodes[i])?.state !== 'private') return false;
  return true;
}

/** what every allocation of one fault subrange shares (one object, not a closure context per allocation) */
interface FaultAlloc {
  mm: Mm;
  task: Task;
  m: Mapping;
  a: number;
  b: number;
  ratio: number;
  locked: boolean;
  out: FaultOutcome;
  privateFault: boolean;
  ctx: AllocCtx;
}

/** vma_alloc_folio() for `count` pages of the subrange that hold `from` */
function faultAlloc(fa: FaultAlloc, nid: number, nodemask: number[] | undefined, gfp: number, count: number, from: number): AllocResult {
  return allocPages(fa.mm, {
    nid,
    gfp,
    order: 0,
    count,
    nodemask,
    task: fa.task,
    owner: fa.m.owner,
    path: fa.m.pathFor(FAULT_PATH),
    privateFault: fa.privateFault,
    ctx: fa.ctx,
    sink: (node, pages) => commitFault(fa, from, node, pages),
  });
}

/** the patch of a fault's extents: one object, filled per commit (remapRange copies its fields, keeps no reference) */
const FAULT_PATCH: Partial<Extent> = { stamp: 0, ratio: undefined, wp: false, mlocked: false };

/** a fault's pages arrived on `node`: they replace the first `pages` of value `from` in [a, b) */
function commitFault(fa: FaultAlloc, from: number, node: number, pages: number): void {
  const { mm, m, a, b, ratio, locked, out } = fa;
  const patch = FAULT_PATCH;
  patch.stamp = mm.nextStamp();
  // a write brings new data; a swap-in (or a dropped file page read again) brings back what the
  // page held (ratio undefined: the extent keeps its own)
  patch.ratio = ratio > 0 ? ratio : undefined;
  patch.mlocked = locked;
  const n = m.set.remapRange(a, b, from, node, pages, patch);
  if (n < pages) mm.account(node, m.owner, -(pages - n));
  mediaStore(mm, node, n, ratio);
  out.faulted += n;
}

/** what an allocation of the fault left: the OOM it met, the pages it could not get */
function noteAlloc(out: FaultOutcome, r: AllocResult): void {
  if (r.oom?.victim) out.oom = { victim: r.oom.victim, constraint: r.oom.constraint, privateOom: r.oom.privateOom };
  else if (r.oom && !out.oom) out.oom = { constraint: r.oom.constraint, privateOom: r.oom.privateOom };
  if (r.failed) {
    out.failed += r.failed;
    out.reason = r.reason;
  }
}

const HPAGE_PAGES = 512;


/**
 * vma_thp_gfp_mask() (upstream mm/huge_memory.h): the THP fault's GFP follows
 * transparent_hugepage/defrag (`vm.transparent_hugepage_defrag`: 0 always, 1 defer,
 * 2 defer+madvise, 3 madvise = the default, 4 never) and whether the VMA is MADV_HUGEPAGE.
 * Only __GFP_DIRECT_RECLAIM lets the fault reclaim and compact (page_alloc.ts).
 */
function vmaThpGfpMask(mm: Mm, m: Mapping): number {
  const light = GFP_COMPOSITE.GFP_TRANSHUGE_LIGHT;
  switch (mm.sysctl('vm.transparent_hugepage_defrag') ?? 3) {
    case 0:
      return GFP_COMPOSITE.GFP_TRANSHUGE | (m.hugepage ? 0 : GFP.__GFP_NORETRY);
    case 1:
      return light | GFP.__GFP_KSWAPD_RECLAIM;
    case 2:
      return light | (m.hugepage ? GFP.__GFP_DIRECT_RECLAIM : GFP.__GFP_KSWAPD_RECLAIM);
    case 3:
      return light | (m.hugepage ? GFP.__GFP_DIRECT_RECLAIM : 0);
    default:
      return light;
  }
}

const thpFaultLine = (allocated: number, chunks: number): string => `THP fault: ${allocated} huge page(s) of 2M${chunks > allocated ? `, ${chunks - allocated} fell back to order-0` : ''}`;

/**
 * do_huge_pmd_anonymous_page(): every 2 MiB-aligned, fully absent part of the range first tries
 * an order-9 folio (the GFP of vmaThpGfpMask(); under a policy whose mask holds the
 * preferred node, __GFP_THISNODE|__GFP_NORETRY on that node first). Order 9 is costly: never an
 * OOM kill; what fails falls back to order-0 faults (the caller continues with them).
 */
function thpFault(
  mm: Mm,
  task: Task,
  m: Mapping,
  a: number,
  b: number,
  plan: Exclude<Plan, { kind: 'interleave' }>,
  faultGfpMask: number,
  privateFault: boolean,
  note: (r: AllocResult) => void,
): void {
  // huge-page aligned window (virtual addresses: vstart + p)
  const first = Math.ceil((m.vstart + a) / HPAGE_PAGES) * HPAGE_PAGES - m.vstart;
  const last = Math.floor((m.vstart + b) / HPAGE_PAGES) * HPAGE_PAGES - m.vstart;
  if (last - first < HPAGE_PAGES) return;
  // only chunks that are entirely absent
  let chunks = 0;
  for (let c = first; c < last; c += HPAGE_PAGES) if (m.set.countOn(NP, c, c + HPAGE_PAGES) === HPAGE_PAGES) chunks++;
  if (chunks === 0) return;
  const extra = faultGfpMask & mm.design.unlock;
  const thpGfp = vmaThpGfpMask(mm, m) | extra;
  let got = 0;
  const attempt = (nid: number, nodemask: number[] | undefined, gfp: number, count: number) => {
    const r = allocPages(mm, {
      nid,
      gfp,
      order: 9,
      count,
      nodemask,
      task,
      owner: m.owner,
      path: `THP fault in ${m.owner}`,
      privateFault,
      ctx: extra ? { kind: 'folio', zonelist: 'private' } : { kind: 'folio' },
      sink: (node, pages) => {
        // whole chunks, in address order, each entirely absent
        let left = pages;
        for (let c = first; c < last && left > 0; c += HPAGE_PAGES) {
          if (m.set.countOn(NP, c, c + HPAGE_PAGES) !== HPAGE_PAGES) continue;
          const stamp = mm.nextStamp();
          const n = m.set.remapRange(c, c + HPAGE_PAGES, NP, node, HPAGE_PAGES, { stamp, wp: false });
          mediaStore(mm, node, n, 0);
          left -= n;
        }
        got += pages - left;
      },
    });
    if (r.oom) note(r);
    return r;
  };
  const mask = plan.nodemask;
  if (!mask || mask.includes(plan.nid)) attempt(plan.nid, undefined, thpGfp | GFP.__GFP_THISNODE | GFP.__GFP_NORETRY, chunks);
  const left = chunks - got / HPAGE_PAGES;
  if (left > 0 && !task.dead) attempt(plan.nid, mask, thpGfp, left);
  const allocated = got / HPAGE_PAGES;
  mm.stat.add('thp_fault_alloc', allocated);
  mm.stat.add('thp_fault_fallback', chunks - allocated);
  if (allocated) mm.tracer.fact(thpFaultLine, allocated, chunks);
}

function interleaveFault(
  mm: Mm,
  task: Task,
  m: Mapping,
  a: number,
  b: number,
  plan: Extract<Plan, { kind: 'interleave' }>,
  gfp: number,
  out: FaultOutcome,
  commit: (t: number, node: number, pages: number) => void,
  note: (r: AllocResult) => void,
): void {
  const C = plan.cycle;
  const L = C.length;
  // mark NP pages as pending(target): target of page p = C[(vstart + p) % L]
  const [i, j] = m.set.carve(a, b);
  for (let x = i; x < j; x++) {
    const e = m.set.extents[x];
    if (!e.cycle.includes(NP)) continue;
    const L2 = lcm(e.cycle.length, L);
    if (L2 > 1 << 16) continue; // pathological pattern: leave those pages for a later touch
    expandCycle(e, L2);
    e.cycle = e.cycle.map((v, slot) => {
      if (v !== NP) return v;
      // page p with (e.base + p) % L2 == slot
      const p = slot - e.base;
      const idx = (((m.vstart + p) % L) + L) % L;
      return pending(C[idx]);
    });
  }
  const targets = [...new Set(C)];
  for (const t of targets) {
    if (task.dead) break;
    const cnt = m.set.countOn(pending(t), a, b);
    if (cnt === 0) continue;
    let hit = 0;
    const r = allocPages(mm, {
      nid: t,
      gfp,
      order: 0,
      count: cnt,
      task,
      owner: m.owner,
      path: `page fault in ${m.owner} (interleave → node ${t})`,
      sink: (node, pages) => {
        if (node === t) hit += pages;
        commit(t, node, pages);
      },
    });
    mm.stat.add('numa_interleave', cnt - r.failed);
    mm.stat.add('interleave_hit', hit);
    note(r);
  }
  // whatever is still pending (failed allocations) is not present
  const [i2, j2] = m.set.carve(a, b);
  for (let x = i2; x < j2; x++) {
    const e = m.set.extents[x];
    if (e.cycle.some(isPending)) e.cycle = e.cycle.map((v) => (isPending(v) ? NP : v));
  }
  m.set.coalesce(i2 - 1, j2);
}

/** write faults on PROTECT_WRITE pages: the owning service's handle_fault (CRAM promotes) */
function handleWriteFaults(mm: Mm, task: Task, m: Mapping, a: number, b: number, out: FaultOutcome): void {
  // no write-protected run in [a, b): nothing to do, and no carving (touchChunk carves the same
  // range right after, so skipping it here leaves the same extents)
  if (m.set.anyWp(a, b)) writeProtectFaults(mm, task, m, a, b, out);
}

const promotionRefusedLine = (nid: number): string => `handle_fault on node ${nid}: promotion refused (the node's ops have no NP_OPS_MIGRATION)`;
const faultRetryLine = (nid: number, left: number): string => `handle_fault on node ${nid}: VM_FAULT_RETRY, ${left} page(s) stay write-protected`;

/** handleWriteFaults with write-protected runs (its closures would make every write allocate a context) */
function writeProtectFaults(mm: Mm, task: Task, m: Mapping, a: number, b: number, out: FaultOutcome): void {
  const [i, j] = m.set.carve(a, b);
  const wpNodes = new Set<number>();
  for (let x = i; x < j; x++) {
    const e = m.set.extents[x];
    if (e.wp) for (const v of e.cycle) if (v >= 0) wpNodes.add(v);
  }
  for (const nid of [...wpNodes].sort((x, y) => x - y)) {
    const segs = segmentsOf(m, a, b, (v) => v === nid).filter((s) => s.wp);
    const pages = segs.reduce((s, g) => s + g.pages, 0);
    if (pages === 0) continue;
    const n = mm.node(nid)!;
    const svc = n.service;
    if (!svc?.handle_fault || !hasCallback(n.ops, 'handle_fault') || !isProtectWrite(mm, nid)) {
      // no handler: do_wp_page makes them writable in place
      for (const s of segs) setWpOn(m.set, s.a, s.b, nid, false); // this node's pages only
      continue;
    }
    const res = svc.handle_fault(serviceApi(mm), {
      nid,
      pages,
      cpuNode: task.node,
      task: task.name,
      promote: (opts) => {
        // try_to_migrate() refuses a private-node folio without NP_OPS_MIGRATION
        // (folio_managed_allows_migrate): nothing moves, the fault retries, the page stays
        if (!nodeAllowsMigrate(mm, nid)) {
          mm.tracer.fact(promotionRefusedLine, nid);
          return 0;
        }
        // only the write-protected pages: writable ones are written in place
        const wpSegs = segmentsOf(m, a, b, (v) => v === nid).filter((s) => s.wp);
        const r = migrateToNode(mm, opts.nid ?? task.node, wpSegs, 'promotion', opts.gfp);
        return r.moved;
      },
    });
    if (res === 'retry') {
      const left = m.set.countOn(nid, a, b);
      out.retried += left;
      mm.tracer.fact(faultRetryLine, nid, left);
    }
  }
}

// ───────────────────────────── free path ─────────────────────────────

/** zap [a, b) of a mapping: pages return to the buddy (or to the service through free_folio) */
export function freeRange(mm: Mm, m: Mapping, a: number, b: number): number {
  let freed = 0;
  for (const [v, c] of m.set.counts(a, b)) {
    if (v === SWAP) {
      mm.swapUsed -= c;
      zswapLoadRange(mm, m, a, b, false); // zswap_invalidate(): freed, not loaded
      m.set.remapRange(a, b, SWAP, NP, c, { ratio: 0 });
      continue;
    }
    if (v === ZERO) {
      m.set.remapRange(a, b, ZERO, NP, c); // zap_pte_range: the zero page is not freed
      continue;
    }
    if (v < 0) continue;
    // ratio per extent for the media model
    for (const seg of segmentsOf(m, a, b, (x) => x === v, false)) {
      releaseToNode(mm, v, seg.pages, m.owner, seg.ratio);
      writableGone(mm, v, seg.pages, seg.wp);
    }
    m.set.remapRange(a, b, v, NP, c, { pins: 0, wp: false, ratio: 0 }); // freed: the data is gone
    freed += c;
  }
  return freed;
}

/** mm_page_free's text, formatted when a record is read (mm/trace.ts eventFact) */
const pageFreeDeferredEvent = (nid: number, pages: number, deferred: number, owner: string): string => `nid=${nid} pages=${pages}${deferred ? ` deferred=${deferred}` : ''} owner=${owner}`;

/** pages of an owner leave a node for good: free_folio may keep some (deferred) */
export function releaseToNode(mm: Mm, nid: number, pages: number, owner: string, ratio: number): void {
  const n = mm.node(nid);
  if (!n || pages <= 0) return;
  mm.account(nid, owner, -pages);
  let kept = 0;
  if (n.state === 'private' && n.service?.free_folio && hasCallback(n.ops, 'free_folio')) {
    kept = Math.max(0, Math.min(pages, n.service.free_folio(serviceApi(mm), { nid, pages, owner })));
    n.deferred += kept;
  }
  mm.stat.add('pgfree', pages - kept);
  mediaErase(mm, nid, pages - kept, ratio);
  mm.tracer.eventFact('mm_page_free', pageFreeDeferredEvent, nid, pages - kept, kept, owner);
}

export function freeTaskMemory(mm: Mm, t: Task): void {
  for (const m of t.mappings.values()) {
    freeRange(mm, m, 0, m.pages);
    m.policies = [];
  }
}
