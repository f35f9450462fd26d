/**
 * What mm/cram.c registers and uses (kernel-rules.md §8.2-§8.4), as data: its ops and
 * callbacks, its two allocators, the pressure scale, which callbacks a CRAM device cannot do
 * without, and the counters and sysctls the emulator's CRAM service adds.
 */
import { GFP, GFP_COMPOSITE } from '../../vocab/gfp';
import { CallbackName, CRAM_CALLBACKS, CRAM_OPS, NP_OPS } from '../../vocab/npops';
import type { NodePrivateOps } from '../node_private';

export const CRAM_PRESSURE_MAX = 1000;

/** alloc_cram_folio() (§8.3): THISNODE, no direct reclaim, no retry, never OOM */
export const CRAM_MIGRATE_GFP =
  GFP_COMPOSITE.GFP_PRIVATE | GFP.__GFP_KSWAPD_RECLAIM | GFP.__GFP_HIGHMEM | GFP.__GFP_MOVABLE | GFP.__GFP_NOWARN | GFP.__GFP_NORETRY;

/** cram_fault's promotion allocator (§8.4): may reclaim, may fail, never OOM-kills */
export const CRAM_PROMOTE_GFP = GFP_COMPOSITE.GFP_HIGHUSER_MOVABLE | GFP.__GFP_RETRY_MAYFAIL;

/**
 * vmstat-like counters the CRAM service adds (beside the core's pgdemote_*, pgpromote_success,
 * pswpout/pswpin). Not kernel counters: v4 mm/cram.c has none (§8.8); these are the emulator's.
 * Defined in the vocabulary table (model/vocab/vmstat.ts), so `expect stat(...)` accepts each one.
 */
export { CRAM_STATS } from '../../vocab/vmstat';

/** What cram_register_private_node() installs (§8.2). */
export function cramRegisteredOps(): NodePrivateOps {
  return { flags: CRAM_OPS, callbacks: [...CRAM_CALLBACKS] };
}

/** A callback a CRAM node lacks, and what goes wrong without it (for `missing-callback`). */
export interface CallbackGap {
  callback: CallbackName;
  message: string;
}

/**
 * What a CRAM device needs from its node's ops. Pure: usable by the static checker (node
 * declarations) as well as by the service at attach time.
 */
export function cramCallbackGaps(nid: number, ops: NodePrivateOps): CallbackGap[] {
  const has = (c: CallbackName) => ops.callbacks.includes(c);
  const flag = (b: number) => (ops.flags & b) !== 0;
  const gaps: CallbackGap[] = [];
  if (!has('free_folio'))
    gaps.push({
      callback: 'free_folio',
      message: `CRAM node ${nid} has no free_folio callback: freed compressed pages go back to the buddy allocator without being zeroed (mm/cram.c zeroes them in free_folio), so their stale data keeps occupying device media until the page is reused [INF]`,
    });
  if (!has('migrate_to'))
    gaps.push({
      callback: 'migrate_to',
      message: `CRAM node ${nid} has no migrate_to callback: node_private_migrate_to() returns -ENODEV, so demotion never reaches the node (vmscan moves on to swap) and move_pages into it fails with ENODEV`,
    });
  if (flag(NP_OPS.NP_OPS_PROTECT_WRITE) && !has('handle_fault'))
    gaps.push({
      callback: 'handle_fault',
      message: `CRAM node ${nid} keeps pages read-only (PROTECT_WRITE) but has no handle_fault callback: a write fault takes the normal do_wp_page path, which reuses the page writable in place [INF], so writes change device media behind CRAM's back`,
    });
  if (flag(NP_OPS.NP_OPS_RECLAIM) && !has('reclaim_policy'))
    gaps.push({
      callback: 'reclaim_policy',
      message: `CRAM node ${nid} has no reclaim_policy callback: boosted kswapd reclaim runs without may_swap/may_writepage, so under device pressure compressed pages cannot be evicted to swap`,
    });
  return gaps;
}
