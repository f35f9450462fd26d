/**
 * mm/zswap.c as the SPM v2 series changed it (kernel-rules §9, "zswap hack"): when
 * any SPM node exists, a page being swapped out is first copied as-is (the device
 * compresses) into an order-0 page allocated on the first SPM node with
 * GFP_NOWAIT|__GFP_NORETRY|__GFP_HIGHMEM|__GFP_MOVABLE|__GFP_SPM_NODE, nodemask =
 * the SPM nodes; if that fails the software zswap path / the swap device takes it.
 * Swap-in copies the page back and frees the SPM page. The entry still holds a swap
 * slot (zswap sits in front of a swap device). Which entries a swap-in hits is not
 * tracked per page: the SPM copies are released first [inferred].
 * On a node whose device compresses (a CRAM device typed SPM), the copy is data like any other:
 * the media stores it at the ratio of what the page held, and frees it on load (kernel-rules §9).
 */
import { GFP, GFP_COMPOSITE } from './gfp';
import { Mm } from './machine';
import { allocPages } from './page_alloc';
import { injected, specialNode } from './designs';
import { mediaErase, mediaStore } from './services';

/** the store's request, without the design's unlock flag (injected when the design says zswap adds it) */
export const ZSWAP_STORE_GFP = GFP_COMPOSITE.GFP_NOWAIT | GFP.__GFP_NORETRY | GFP.__GFP_HIGHMEM | GFP.__GFP_MOVABLE;
const OWNER = 'kernel:zswap';

function spmNodes(mm: Mm): number[] {
  return mm.sortedNodes().filter((n) => specialNode(mm.design, n) && n.present > 0).map((n) => n.id);
}

/** the ledger key of SPM copies on a node holding data of that ratio (the media frees what it stored) */
const entry = (node: number, ratio: number) => `${node}/${ratio}`;

/** zswap_store() of `pages` pages holding data of `ratio` (0: unspecified): how many went into SPM pages */
export function zswapStore(mm: Mm, pages: number, ratio = 0): number {
  const unlock = injected(mm.design, 'zswap');
  if (!unlock || pages <= 0) return 0;
  const spm = spmNodes(mm);
  if (!spm.length) return 0;
  let stored = 0;
  allocPages(mm, {
    nid: spm[0],
    gfp: ZSWAP_STORE_GFP | unlock,
    order: 0,
    count: pages,
    nodemask: spm,
    owner: OWNER,
    path: 'zswap_store (SPM direct copy)',
    quiet: true,
    sink: (node, p) => {
      const key = entry(node, ratio);
      mm.zswap.set(key, (mm.zswap.get(key) ?? 0) + p);
      mediaStore(mm, node, p, ratio);
      stored += p;
    },
  });
  if (stored) {
    mm.stat.add('zswpout', stored);
    mm.tracer.line(`zswap: ${stored} page(s) copied uncompressed to SPM node(s) ${spm.join(',')}`);
  }
  return stored;
}

/** zswap_load() of `pages` swapped pages: the SPM copies are freed */
export function zswapLoad(mm: Mm, pages: number): void {
  let left = pages;
  const byNode = (key: string) => Number(key.split('/')[0]);
  for (const [key, p] of [...mm.zswap.entries()].sort((a, b) => byNode(a[0]) - byNode(b[0]))) {
    if (left <= 0) break;
    const k = Math.min(left, p);
    if (k <= 0) continue;
    const [node, ratio] = key.split('/').map(Number);
    mm.zswap.set(key, p - k);
    mm.account(node, OWNER, -k);
    mediaErase(mm, node, k, ratio);
    mm.stat.add('zswpin', k);
    left -= k;
  }
}
