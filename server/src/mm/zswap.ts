/**
 * mm/zswap.c as the SPM v2 series changed it (kernel-rules §9, "zswap hack"): when
 * any SPM node exists, a page being swapped out is first copied as-is (the device
 * compresses) into an order-0 page allocated on the first SPM node with
 * GFP_NOWAIT|__GFP_NORETRY|__GFP_HIGHMEM|__GFP_MOVABLE|__GFP_SPM_NODE, nodemask =
 * the SPM nodes; if that fails the software zswap path / the swap device takes it.
 * Swap-in copies the page back and frees the SPM page. The entry still holds a swap
 * slot (zswap sits in front of a swap device). A swap-in frees the copies of the data its
 * pages held (per run of the loaded range); whether a page had a copy or a swap-device slot is
 * not tracked per page: the SPM copies are released first [inferred].
 * On a node whose device compresses (a CRAM device typed SPM), the copy is data like any other:
 * the media stores it at the ratio of what the page held, and frees it on load (kernel-rules §9).
 */
import { GFP, GFP_COMPOSITE } from './gfp';
import { countValue, SWAP } from './extents';
import { Mapping, Mm } from './machine';
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

/**
 * zswap_load() of the swapped pages of [a, b) of a mapping (a swap-in), or zswap_invalidate() of
 * them (`load` false: an unmap frees the entries; only a load counts zswpin): each page frees its
 * own entry, so the copies freed hold the data those pages held (their run's ratio), and the
 * device releases that media, not the first copies stored. Call it before the pages leave SWAP.
 */
export function zswapLoadRange(mm: Mm, m: Mapping, a: number, b: number, load = true): void {
  if (!mm.zswap.size || b <= a) return;
  for (let i = m.set.indexOf(a); i < m.set.extents.length; i++) {
    const e = m.set.extents[i];
    if (e.start >= b) break;
    const c = countValue(e, SWAP, a, b);
    if (c) zswapLoad(mm, c, e.ratio, load);
  }
}

/**
 * zswap_load() of `pages` swapped pages holding data of `ratio`: their SPM copies are freed. Which
 * of those pages had a copy (rather than a swap-device slot) is not tracked per page: copies of
 * that data are released first [inferred]; copies of other data stay.
 */
export function zswapLoad(mm: Mm, pages: number, ratio: number, load = true): void {
  let left = pages;
  const byNode = (key: string) => Number(key.split('/')[0]);
  for (const [key, p] of [...mm.zswap.entries()].sort((x, y) => byNode(x[0]) - byNode(y[0]))) {
    if (left <= 0) break;
    const [node, r] = key.split('/').map(Number);
    if (r !== ratio) continue;
    const k = Math.min(left, p);
    if (k <= 0) continue;
    mm.zswap.set(key, p - k);
    mm.account(node, OWNER, -k);
    mediaErase(mm, node, k, r);
    if (load) mm.stat.add('zswpin', k);
    left -= k;
  }
}
