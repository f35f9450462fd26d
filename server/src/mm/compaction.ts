/**
 * mm/compaction.c: compact_node(), manual (`compact(N)`) and direct (an allocation of pageblock
 * order that may reclaim, page_alloc.ts). Private nodes are compacted only with NP_OPS_COMPACTION
 * (v4 p19); kcompactd is not started for them. Free memory is tracked per pageblock
 * (machine.ts fragFree): compaction migrates movable pages together so the free fragments
 * coalesce into whole free pageblocks. Simplification: every page is movable.
 */
import { NP_OPS } from '../vocab/npops';
import { PAGEBLOCK_PAGES } from './gfp';
import { Mm } from './machine';
import { servicesGated } from './designs';

/** why compaction may not run on a node, or undefined */
export function compactionSkipReason(mm: Mm, nid: number): string | undefined {
  const n = mm.node(nid);
  if (!n || n.present === 0) return `node ${nid} has no memory`;
  if (n.state === 'device') return `node ${nid} is ZONE_DEVICE memory: not compacted`;
  if (n.state === 'private' && servicesGated(mm.design) && !(n.ops && n.ops.flags & NP_OPS.NP_OPS_COMPACTION))
    return `compaction skipped private node ${nid}: no NP_OPS_COMPACTION`;
  return undefined;
}

export function compactNode(mm: Mm, nid: number): { skipped?: string; ok: boolean } {
  const n = mm.node(nid);
  const skipped = compactionSkipReason(mm, nid);
  if (!n || skipped) {
    if (n && n.present > 0 && n.state !== 'device') {
      mm.stat.add('compact_skipped', 1);
      return { ok: true, skipped };
    }
    return { ok: false, skipped };
  }
  mm.stat.add('compact_stall', 1);
  const frag = n.fragFree ?? 0;
  if (frag >= PAGEBLOCK_PAGES) {
    n.fragFree = mm.freeOf(n) % PAGEBLOCK_PAGES;
    mm.stat.add('compact_success', 1);
    mm.tracer.line(`compaction on node ${nid}: ${frag - n.fragFree} free page(s) coalesced into ${Math.floor((frag - n.fragFree) / PAGEBLOCK_PAGES)} free pageblock(s)`);
  }
  return { ok: true };
}
