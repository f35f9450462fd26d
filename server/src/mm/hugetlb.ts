/**
 * mm/hugetlb.c pool growth (set_max_huge_pages -> alloc_pool_huge_folio): each new
 * 2 MiB page is a folio allocated with htlb_alloc_mask() | __GFP_THISNODE |
 * __GFP_COMP | __GFP_RETRY_MAYFAIL | __GFP_NOWARN on the next node of nodes_allowed
 * (round robin, for_each_node_mask_to_alloc); a node that fails is passed over and the
 * pool may end smaller than asked (no OOM kill: RETRY_MAYFAIL and THISNODE).
 * nodes_allowed is N_MEMORY for /proc/sys/vm/nr_hugepages, or the one node of a
 * node's sysfs nr_hugepages file.
 *
 * Folio + __GFP_THISNODE is exactly what the post-v4 "folio-only" and
 * "NOFALLBACK-only" variants admit on a private node, which is why the June 2026
 * thread named hugetlb as their second leak. htlb_alloc_mask is GFP_HIGHUSER
 * (hugepages_treat_as_movable off): a movable-only node never takes these pages.
 */
import type { AllocCtx } from './alloc_context';
import { GFP, GFP_COMPOSITE } from './gfp';
import { Mm } from './machine';
import { AllocRequest, allocPages } from './page_alloc';
import { CAPS } from '../vocab/caps';

export const HPAGE_ORDER = 9;
export const HUGETLB_POOL_GFP = GFP_COMPOSITE.GFP_HIGHUSER | GFP.__GFP_THISNODE | GFP.__GFP_COMP | GFP.__GFP_RETRY_MAYFAIL | GFP.__GFP_NOWARN;

export interface PoolGrowth {
  allocated: number;
  wanted: number;
  /** nodes that were in nodes_allowed */
  nodes: number[];
  /** why a node was left out of nodes_allowed */
  excluded: string[];
}

/** nodes_allowed of the write: the sysfs node, or N_MEMORY; a design may admit only USER_NUMA private nodes */
function nodesAllowed(mm: Mm, node: number | undefined, excluded: string[]): number[] {
  const userNuma = !!mm.design.variant?.hugetlbNeedsUserNuma;
  // in the post-v5 snapshot that gates HugeTLB by USER_NUMA, private nodes are N_MEMORY too
  const memory = userNuma ? [...mm.nMemory(), ...mm.nPrivate()].sort((a, b) => a - b) : mm.nMemory();
  const base = node !== undefined ? [node] : memory.filter((n) => (mm.node(n)?.present ?? 0) > 0);
  if (!userNuma) return base;
  return base.filter((n) => {
    const st = mm.node(n);
    if (st?.state !== 'private') return true;
    const ok = ((st.decl?.caps ?? 0) & CAPS.USER_NUMA) !== 0;
    if (!ok) excluded.push(`node ${n}: private without USER_NUMA (HugeTLB pool placement is a USER_NUMA feature)`);
    return ok;
  });
}

export function growHugetlbPool(mm: Mm, wanted: number, node: number | undefined, req: Pick<AllocRequest, 'owner' | 'path' | 'sink' | 'span' | 'ctx'>): PoolGrowth {
  const excluded: string[] = [];
  let nodes = nodesAllowed(mm, node, excluded);
  const all = [...nodes];
  let remaining = wanted;
  let allocated = 0;
  // round robin: equal shares, the first nodes taking the remainder; a node that falls short drops out
  while (remaining > 0 && nodes.length) {
    const share = Math.floor(remaining / nodes.length);
    const extra = remaining % nodes.length;
    const next: number[] = [];
    let round = 0;
    nodes.forEach((nid, i) => {
      const want = share + (i < extra ? 1 : 0);
      if (want === 0) {
        next.push(nid);
        return;
      }
      const st = mm.node(nid);
      const ctx: AllocCtx = { ...req.ctx, kind: 'hugetlb' };
      if (mm.design.variant?.hugetlbNeedsUserNuma && st?.state === 'private') ctx.zonelist = 'private';
      const r = allocPages(mm, { ...req, nid, gfp: HUGETLB_POOL_GFP, order: HPAGE_ORDER, count: want, ctx, path: `${req.path} node ${nid}` });
      round += r.allocated;
      if (r.failed === 0) next.push(nid);
    });
    allocated += round;
    remaining -= round;
    if (round === 0) break;
    nodes = next;
  }
  return { allocated, wanted, nodes: all, excluded };
}
