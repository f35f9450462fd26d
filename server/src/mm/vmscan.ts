/**
 * mm/vmscan.c: kswapd (balance_pgdat to the HIGH watermark + boost), direct
 * reclaim (shrink_zones over the allocation's zonelist), the LRU order (least
 * recently touched first; a page just faulted, written, promoted or migrated is
 * the most recently used), demotion (demote_folio_list: a private target through
 * its migrate_to, else stock migrate_pages), then swap-out of anon pages (needs
 * swap space and may_swap) and dropping of clean file pages.
 *
 * Reclaim gates (kernel-rules §5.5): a private node is reclaimed and its
 * kswapd woken only with NP_OPS_RECLAIM (zone_reclaim_allowed), and only if a
 * kswapd thread exists (the service starts one); ZONE_DEVICE memory has no LRU.
 */
import { NP_OPS } from '../vocab/npops';
import { SWAP, NP } from './extents';
import { GFP, GFP_COMPOSITE } from './gfp';
import { Mapping, Mm } from './machine';
import { canDemote, demotionTargets } from './memory_tiers';
import { migrateToNode, Segment, segmentsOf } from './migrate';
import { ReclaimPolicy } from './node_private';
import { mediaErase, serviceApi, writableGone } from './services';
import { resolveRatio } from './service_nodes';
import { zswapStore } from './zswap';
import { pageFreeEvent } from './trace';
import { servicesGated } from './designs';
import { forkableTable } from './fork';

export type ReclaimMode = 'kswapd' | 'direct' | 'madvise';

/** zone_reclaim_allowed(): may global reclaim touch this node? */
export function reclaimAllowed(mm: Mm, nid: number): { ok: boolean; why?: string } {
  const n = mm.node(nid);
  if (!n) return { ok: false, why: 'no such node' };
  if (n.state === 'device') return { ok: false, why: 'ZONE_DEVICE memory has no LRU' };
  if (n.state === 'private' && servicesGated(mm.design) && !(n.ops && n.ops.flags & NP_OPS.NP_OPS_RECLAIM))
    return { ok: false, why: 'private node without NP_OPS_RECLAIM' };
  return { ok: true };
}

/** reclaim refuses the node because it is a private node without NP_OPS_RECLAIM (a service skip, not a missing node) */
export function reclaimSkipsPrivate(mm: Mm, nid: number): boolean {
  const n = mm.node(nid);
  return !!n && n.state === 'private' && servicesGated(mm.design) && !(n.ops && n.ops.flags & NP_OPS.NP_OPS_RECLAIM);
}

/** the kswapd statement: balance_pgdat() of a node that has a kswapd thread and may be reclaimed */
export function kswapdStatement(mm: Mm, nid: number): { reclaimed: number; notRun?: string } {
  const n = mm.node(nid);
  const allowed = reclaimAllowed(mm, nid);
  if (!n) return { reclaimed: 0, notRun: 'no such node' };
  if (!allowed.ok) return { reclaimed: 0, notRun: allowed.why };
  if (!n.kswapd) return { reclaimed: 0, notRun: 'the node has no kswapd thread (private nodes get one only from their service)' };
  return { reclaimed: balancePgdat(mm, nid) };
}

const warnedNoKswapd = forkableTable(new WeakMap<Mm, Set<number>>());

/** wakeup_kswapd() from the allocator slow path: runs kswapd now (synchronously). Returns pages reclaimed. */
export function wakeupKswapd(mm: Mm, nid: number, gfp: number, order: number, want = 0): number {
  const n = mm.node(nid);
  if (!n) return 0;
  const allowed = reclaimAllowed(mm, nid);
  if (!allowed.ok || !n.kswapd) {
    let warned = warnedNoKswapd.get(mm);
    if (!warned) warnedNoKswapd.set(mm, (warned = new Set()));
    if (!warned.has(nid)) {
      warned.add(nid);
      mm.tracer.line(`kswapd on node ${nid} not woken: ${allowed.ok ? 'no kswapd thread on the node' : allowed.why}`);
    }
    return 0;
  }
  if (mm.freeOf(n) >= n.wmark.high + n.boost) return 0;
  return balancePgdat(mm, nid, want);
}

function policyOf(mm: Mm, nid: number): ReclaimPolicy | undefined {
  const n = mm.node(nid);
  if (!n?.service?.reclaim_policy) return undefined;
  if (servicesGated(mm.design) && n.ops && !n.ops.callbacks.includes('reclaim_policy')) return undefined;
  return n.service.reclaim_policy(serviceApi(mm), nid);
}

/**
 * balance_pgdat(): reclaim until free >= high + boost. `ahead` is what the waking allocation
 * still needs: kswapd runs concurrently with the allocating task, so over the whole request it
 * reclaims that much more in LRU order; doing it in one pass gives the same placement with far
 * fewer rounds.
 */
export function balancePgdat(mm: Mm, nid: number, ahead = 0): number {
  const n = mm.node(nid);
  if (!n || !reclaimAllowed(mm, nid).ok) return 0;
  mm.stat.add('kswapd_wake', 1);
  mm.tracer.event('mm_vmscan_kswapd_wake', `nid=${nid} order=0`);
  const need = n.wmark.high + n.boost - mm.freeOf(n) + Math.min(ahead, Math.floor(n.present / 4));
  if (need <= 0) return 0;
  const got = shrinkNode(mm, nid, need, 'kswapd');
  const pol = policyOf(mm, nid);
  // boosted reclaim done: kswapd clears the boost unless the service manages watermarks
  if (n.boost > 0 && !pol?.managed_watermarks && mm.freeOf(n) >= n.wmark.high) n.boost = 0;
  return got;
}

const reclaimSkipsLine = (id: number, why: string | undefined): string => `direct reclaim skips node ${id}: ${why}`;

/** try_to_free_pages(): shrink_zones over the usable nodes of the allocation. */
export function directReclaim(mm: Mm, nodes: number[], nr: number, gfp: number): number {
  mm.tracer.event('mm_vmscan_direct_reclaim_begin', `order=0 gfp_flags=... nr=${nr}`);
  let got = 0;
  for (const id of nodes) {
    if (got >= nr) break;
    if (!reclaimAllowed(mm, id).ok) {
      mm.tracer.fact(reclaimSkipsLine, id, reclaimAllowed(mm, id).why);
      continue;
    }
    got += shrinkNode(mm, id, nr - got, 'direct');
  }
  mm.tracer.event('mm_vmscan_direct_reclaim_end', `nr_reclaimed=${got}`);
  return got;
}

/** LRU of a node: segments of evictable pages, oldest first */
export function lruSegments(mm: Mm, nid: number): Segment[] {
  const entries: { stamp: number; mid: number; seg: Segment }[] = [];
  for (const t of mm.tasks.values()) {
    for (const m of t.mappings.values()) {
      for (const e of m.set.extents) {
        if (e.pins > 0 || e.mlocked) continue;
        if (!e.cycle.includes(nid)) continue;
        for (const seg of segmentsOf(m, e.start, e.start + e.len, (v) => v === nid)) entries.push({ stamp: e.stamp, mid: m.id, seg });
      }
    }
  }
  entries.sort((x, y) => x.stamp - y.stamp || x.mid - y.mid || x.seg.a - y.seg.a);
  return entries.map((x) => x.seg);
}

/** shrink_node()'s explain lines, formatted when a record is read (mm/trace.ts fact) */
const demotedLine = (mode: string, nid: number, moved: number, target: number): string => `${mode} reclaim on node ${nid}: demoted ${moved} page(s) toward node ${target}`;
const noDemotionLine = (nid: number, why: string | undefined): string => `no demotion from node ${nid}: ${why}`;
const swappedOutLine = (mode: string, nid: number, pages: number): string => `${mode} reclaim on node ${nid}: swapped out ${pages} page(s)`;
const droppedLine = (mode: string, nid: number, pages: number): string => `${mode} reclaim on node ${nid}: dropped ${pages} clean file page(s)`;
const noReclaimLine = (nid: number): string => `reclaim on node ${nid}: anonymous pages need swap or a demotion target (none)`;

/** shrink_node(): reclaim up to nr pages of the node. Returns pages freed on the node. */
export function shrinkNode(mm: Mm, nid: number, nr: number, mode: ReclaimMode, only?: Segment[]): number {
  if (nr <= 0) return 0;
  const n = mm.node(nid);
  if (!n) return 0;
  const pol = policyOf(mm, nid);
  const boosted = n.boost > 0 && mode === 'kswapd';
  const maySwap = boosted ? !!pol?.may_swap : true;
  let segs = only ?? lruSegments(mm, nid);
  if (segs.length === 0) return 0;
  mm.stat.add(mode === 'kswapd' ? 'pgscan_kswapd' : 'pgscan_direct', Math.min(nr, segs.reduce((s, g) => s + g.pages, 0)));
  let freed = 0;
  // 1. demotion (not for madvise pageout: reclaim_pages() does not demote)
  if (mode !== 'madvise') {
    const cd = canDemote(mm, nid);
    if (cd.ok && cd.target !== undefined) {
      const moved = demoteFolioList(mm, nid, cd.target, takeSegments(segs, nr));
      if (moved > 0) {
        mm.stat.add(mode === 'kswapd' ? 'pgdemote_kswapd' : 'pgdemote_direct', moved);
        freed += moved;
        mm.tracer.fact(demotedLine, mode, nid, moved, cd.target);
      }
      if (freed < nr) segs = only ? segs : lruSegments(mm, nid);
    } else if (mm.sysctl('vm.demotion_enabled') && cd.why && demotionTargets(mm, nid)) {
      mm.tracer.fact(noDemotionLine, nid, cd.why);
    }
  }
  // 2. swap-out / drop
  let swapped = 0;
  let dropped = 0;
  const media = n.service?.media;
  const balanced = () => mode === 'kswapd' && mm.freeOf(n) >= n.wmark.high + n.boost;
  for (const seg of segs) {
    if (freed >= nr || balanced()) break;
    const m = seg.mapping;
    let left = Math.min(nr - freed, seg.pages);
    while (left > 0 && !balanced()) {
      let want = left;
      // stop at the device's next interrupt edge and re-check the goal (the high interrupt drops the boost)
      const room = mode === 'kswapd' ? media?.releaseRoom?.(nid, resolveRatio(mm, nid, seg.ratio)) : undefined;
      if (room !== undefined && Number.isFinite(room)) want = Math.min(want, Math.max(1, Math.floor(room)));
      let k: number;
      if (m.backing === 'file') {
        k = m.set.remapRange(seg.a, seg.b, nid, NP, want);
        dropped += k;
      } else {
        const swapRoom = mm.swapTotal - mm.swapUsed;
        if (!maySwap || swapRoom <= 0) break;
        k = m.set.remapRange(seg.a, seg.b, nid, SWAP, Math.min(want, swapRoom));
        mm.swapUsed += k;
        const inSpm = zswapStore(mm, k, seg.ratio);
        swapped += k - inSpm;
      }
      if (k <= 0) break;
      releasePages(mm, m, nid, k, seg.ratio);
      writableGone(mm, nid, k, seg.wp);
      freed += k;
      left -= k;
    }
  }
  if (swapped) {
    mm.stat.add('pswpout', swapped);
    mm.tracer.fact(swappedOutLine, mode, nid, swapped);
  }
  if (dropped) {
    mm.stat.add('drop_pagecache', dropped);
    mm.tracer.fact(droppedLine, mode, nid, dropped);
  }
  const steal = swapped + dropped;
  if (steal) mm.stat.add(mode === 'kswapd' ? 'pgsteal_kswapd' : 'pgsteal_direct', steal);
  if (freed === 0 && mode !== 'madvise' && segs.length > 0 && !mm.swapTotal)
    mm.tracer.fact(noReclaimLine, nid);
  return freed;
}

/** pages left a node without going to another node (swap, drop, free): accounting + media */
export function releasePages(mm: Mm, m: Mapping, nid: number, pages: number, ratio: number): void {
  if (pages <= 0) return;
  mm.account(nid, m.owner, -pages);
  mm.stat.add('pgfree', pages);
  mediaErase(mm, nid, pages, ratio);
  mm.tracer.eventFact('mm_page_free', pageFreeEvent, nid, pages, m.owner);
}

function takeSegments(segs: Segment[], nr: number): Segment[] {
  const out: Segment[] = [];
  let left = nr;
  for (const s of segs) {
    if (left <= 0) break;
    if (s.pages <= left) {
      out.push(s);
      left -= s.pages;
    } else {
      out.push({ ...s, pages: left });
      left = 0;
    }
  }
  return out;
}

const demotionErrorLine = (t: number, error: string): string => `demotion to private node ${t}: migrate_to returned -${error}`;

/**
 * demote_folio_list() (v4): from next_demotion_node, while the target is private call its
 * migrate_to; advance through the allowed mask on failure; the first normal node gets stock
 * migrate_pages with alloc_demote_folio (THISNODE first, then any allowed node).
 */
export function demoteFolioList(mm: Mm, nid: number, start: number, segs: Segment[]): number {
  const targets = demotionTargets(mm, nid);
  if (!targets) return 0;
  const order = [start, ...targets.allowed.filter((x) => x !== start)];
  let moved = 0;
  let remaining = segs;
  for (const t of order) {
    if (remaining.length === 0) break;
    const tn = mm.node(t);
    if (!tn) continue;
    if (tn.state === 'private' && servicesGated(mm.design)) {
      const r = migrateToNode(mm, t, remaining, 'demotion');
      moved += r.moved;
      if (r.error) mm.tracer.fact(demotionErrorLine, t, r.error);
      if (!r.error && r.moved >= remaining.reduce((s, g) => s + g.pages, 0)) break;
      remaining = lruSegmentsFrom(mm, nid, remaining);
      continue;
    }
    // stock alloc_demote_folio: THISNODE on the target without direct reclaim, then the allowed mask
    const gfp = (GFP_COMPOSITE.GFP_HIGHUSER_MOVABLE & ~GFP.__GFP_DIRECT_RECLAIM) | GFP.__GFP_THISNODE | GFP.__GFP_NOWARN | GFP.__GFP_NOMEMALLOC;
    let r = migrateToNode(mm, t, remaining, 'demotion', gfp);
    moved += r.moved;
    remaining = lruSegmentsFrom(mm, nid, remaining);
    if (remaining.length) {
      r = migrateToNode(mm, t, remaining, 'demotion', gfp & ~GFP.__GFP_THISNODE, targets.allowed);
      moved += r.moved;
    }
    break;
  }
  return moved;
}

/** re-read what is still on the node inside the given segments */
function lruSegmentsFrom(mm: Mm, nid: number, segs: Segment[]): Segment[] {
  const out: Segment[] = [];
  for (const s of segs) {
    const c = s.mapping.set.countOn(nid, s.a, s.b);
    if (c > 0) out.push({ ...s, pages: Math.min(c, s.pages) });
  }
  return out;
}
