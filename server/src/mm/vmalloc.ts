/**
 * mm/vmalloc.c __vmalloc_node(): the pages behind a vmalloc area come one at a time
 * (vm_area_alloc_pages: alloc_pages_bulk / alloc_pages_node on the preferred node with
 * the caller's gfp, never __GFP_THISNODE), so they follow the node's FALLBACK list.
 * Non-folio: the variants that admit only folios never put them on a private node.
 */
import { AllocResult, AllocRequest, allocPages } from './page_alloc';
import { GFP, GFP_COMPOSITE } from './gfp';
import { Mm } from './machine';

export const VMALLOC_GFP = GFP_COMPOSITE.GFP_KERNEL | GFP.__GFP_NOWARN;

export function vmallocNode(mm: Mm, req: Omit<AllocRequest, 'gfp' | 'order'>): AllocResult {
  return allocPages(mm, { ...req, gfp: VMALLOC_GFP, order: 0, ctx: { ...req.ctx, kind: 'vmalloc' } });
}
