/**
 * mm/slub.c kmalloc_node() and mm/util.c kvzalloc_node() as page allocations: up to two pages
 * come from a slab (one order-0 page); larger kmalloc is kmalloc_large(), a compound page of
 * get_order(size); kvzalloc_node falls back to vmalloc, order-0 pages one by one.
 */
import { GFP, getOrder, PAGE_SIZE, pagesOf } from './gfp';

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
