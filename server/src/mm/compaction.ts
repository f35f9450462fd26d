/**
 * mm/compaction.c: compact_node(). Private nodes are compacted only with
 * NP_OPS_COMPACTION (v4 p19); kcompactd is not started for them. The model has
 * no fragmentation, so compaction moves nothing: the point is the gate.
 */
import { NP_OPS } from '../vocab/npops';
import { Mm } from './machine';
import { servicesGated } from './designs';

export function compactNode(mm: Mm, nid: number): { skipped?: string; ok: boolean } {
  const n = mm.node(nid);
  if (!n || n.present === 0) return { ok: false, skipped: `node ${nid} has no memory` };
  if (n.state === 'device') return { ok: false, skipped: `node ${nid} is ZONE_DEVICE memory: not compacted` };
  if (n.state === 'private' && servicesGated(mm.design) && !(n.ops && n.ops.flags & NP_OPS.NP_OPS_COMPACTION)) {
    mm.stat.add('compact_skipped', 1);
    return { ok: true, skipped: `compaction skipped private node ${nid}: no NP_OPS_COMPACTION` };
  }
  mm.stat.add('compact_stall', 1);
  return { ok: true };
}
