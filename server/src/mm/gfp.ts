/**
 * include/linux/gfp.h helpers: zone index from GFP, the flags the allocator and
 * the OOM decision read. Bit values come from vocab/gfp.ts.
 */
import { GFP, GFP_COMPOSITE, formatGfp as formatGfpUncached, gfpAllowsMovableZone } from '../vocab/gfp';

export { GFP, GFP_COMPOSITE };

const gfpNames = new Map<number, string>();
/** formatGfp of the vocabulary, memoised (every allocation's explain line prints its mask) */
export function formatGfp(gfp: number): string {
  let s = gfpNames.get(gfp);
  if (s === undefined) {
    s = formatGfpUncached(gfp);
    if (gfpNames.size < 4096) gfpNames.set(gfp, s);
  }
  return s;
}

export type ZoneType = 'normal' | 'movable';

/** gfp_zone() on 64-bit: MOVABLE needs __GFP_MOVABLE|__GFP_HIGHMEM; DMA/DMA32 are below NORMAL (we model no DMA zones). */
export function gfpHighestZone(gfp: number): ZoneType {
  return gfpAllowsMovableZone(gfp) ? 'movable' : 'normal';
}

/** Can an allocation with this gfp use a zone of this type? (zone index <= highest_zoneidx) */
export function zoneUsable(gfp: number, zone: ZoneType): boolean {
  return zone === 'normal' || gfpHighestZone(gfp) === 'movable';
}

export const has = (gfp: number, bit: number): boolean => (gfp & bit) !== 0;

export const GFP_FAULT = GFP_COMPOSITE.GFP_HIGHUSER_MOVABLE;
import { PAGE_SIZE } from '../common/format';
export { PAGE_SIZE };
export const PAGE_ALLOC_COSTLY_ORDER = 3;
/** pageblock_order on x86-64 (HPAGE_PMD_ORDER): the unit free memory is tracked in for fragmentation */
export const PAGEBLOCK_ORDER = 9;
export const PAGEBLOCK_PAGES = pow2(PAGEBLOCK_ORDER);
export const MAX_NUMNODES = 1024;

/**
 * 2^order pages. `2 ** n` is a boxed double in V8, and so is every count multiplied by it: stored
 * into an object field it turns the field's representation to double for every object of that
 * shape (each store then allocates a box). A shift gives a small integer.
 */
export function pow2(order: number): number {
  return order >= 0 && order < 30 ? 1 << order : 2 ** order;
}

export function pagesOf(bytes: number): number {
  return Math.ceil(bytes / PAGE_SIZE);
}

/** get_order(size) */
export function getOrder(bytes: number): number {
  let order = 0;
  while (PAGE_SIZE * 2 ** order < bytes) order++;
  return order;
}
