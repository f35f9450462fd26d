/**
 * mm/slub.c kmalloc_node() and mm/util.c kvzalloc_node() as page allocations: up to two pages
 * come from a slab (one order-0 page); larger kmalloc is kmalloc_large(), a compound page of
 * get_order(size); kvzalloc_node falls back to vmalloc, order-0 pages one by one.
 *
 * Which node a new slab page comes from: kmalloc_node(size, gfp, nid) with a real nid
 * and no __GFP_THISNODE, when nid has no partial slab, makes ___slab_alloc() first try
 * the node only, with GFP_NOWAIT | __GFP_NOWARN | __GFP_THISNODE in place of the
 * caller's flags ("try_thisnode"), and only when that fails retry with the caller's gfp,
 * which walks nid's FALLBACK list. That internal THISNODE is how the post-v4
 * "NOFALLBACK-only" variant leaked slab onto private nodes (its author traced it to a
 * line of mm/slub.c in the June 2026 thread). Whether the target kernel has this try is
 * an upstream detail recalled, not re-read; the designs written before it was raised
 * keep the plain FALLBACK-list model (the design's `variant.slab`, default).
 * Simplification: every call takes a new slab page (no partial lists).
 */
import { AllocResult, AllocRequest, allocPages } from './page_alloc';
import { GFP, GFP_COMPOSITE, getOrder, has, PAGE_SIZE, pagesOf } from './gfp';
import { Mm } from './machine';

export interface AllocShape {
  gfp: number;
  order: number;
  /** blocks of 2^order pages */
  count: number;
}

export function kmallocShape(op: 'kmalloc_node' | 'kvzalloc_node', size: number, gfp: number): AllocShape {
  if (size <= 2 * PAGE_SIZE || op === 'kvzalloc_node') return { gfp, order: 0, count: op === 'kvzalloc_node' ? Math.max(1, pagesOf(size)) : 1 };
  return { gfp: gfp | GFP.__GFP_COMP, order: getOrder(size), count: 1 };
}

export const SLUB_THISNODE_TRY_GFP = GFP_COMPOSITE.GFP_NOWAIT | GFP.__GFP_NOWARN | GFP.__GFP_THISNODE;

const thisnodeRetryLine = (nid: number): string => `slub: the THISNODE try on node ${nid} failed; retrying with the caller's gfp on node ${nid}'s fallback list`;

export function slabAlloc(mm: Mm, req: AllocRequest): AllocResult {
  // (a slab context as given is used as is: kmalloc_node makes one per statement; no copies of it and the request per statement)
  const ctx = req.ctx?.kind === 'slab' ? req.ctx : { ...req.ctx, kind: 'slab' as const };
  if (mm.design.variant?.slab !== 'thisnode-try' || has(req.gfp, GFP.__GFP_THISNODE)) return allocPages(mm, ctx === req.ctx ? req : { ...req, ctx });
  const first = allocPages(mm, { ...req, gfp: SLUB_THISNODE_TRY_GFP | (req.gfp & GFP.__GFP_COMP), ctx, path: `${req.path} [slub: THISNODE try on node ${req.nid}]` });
  if (first.failed === 0) return first;
  if (!req.quiet) mm.tracer.fact(thisnodeRetryLine, req.nid);
  const rest = allocPages(mm, { ...req, count: first.failed, ctx });
  return { allocated: first.allocated + rest.allocated, failed: rest.failed, oom: rest.oom, reason: rest.reason, usable: rest.usable };
}
