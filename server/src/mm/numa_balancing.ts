/**
 * NUMA balancing (task_numa_work + do_numa_page + migrate_misplaced_folio):
 * kernel.numa_balancing 0 = off, 1 = move misplaced pages to the CPU's node,
 * 2 = memory tiering: promote pages of slower tiers. Private folios are scanned
 * only with NP_OPS_NUMA_BALANCING and moved only with NP_OPS_MIGRATION (v4 p18);
 * the target allocation is __GFP_THISNODE on the CPU's node, no reclaim.
 */
import { NP_OPS } from '../vocab/npops';
import { isNode } from './extents';
import { GFP, GFP_COMPOSITE } from './gfp';
import { Mm } from './machine';
import { migrateToNode, nodeAllowsMigrate, segmentsOf } from './migrate';
import { servicesGated } from './designs';

export function numaBalancingScan(mm: Mm): { promoted: number; skipped: string[]; mode: number } {
  const mode = mm.sysctl('kernel.numa_balancing') ?? 0;
  const skipped: string[] = [];
  let promoted = 0;
  if (!mode) return { promoted, skipped, mode };
  const gfp = (GFP_COMPOSITE.GFP_HIGHUSER_MOVABLE & ~GFP_COMPOSITE.__GFP_RECLAIM) | GFP.__GFP_THISNODE | GFP.__GFP_NOWARN | GFP.__GFP_KSWAPD_RECLAIM;
  for (const t of mm.liveTasks()) {
    const local = mm.node(t.node);
    for (const m of t.mappings.values()) {
      for (const [v, c] of m.set.counts()) {
        if (!isNode(v) || v === t.node) continue;
        const n = mm.node(v)!;
        if (mode === 2 && local && n.tier <= local.tier) continue;
        if (n.state === 'private' && servicesGated(mm.design) && !(n.ops && n.ops.flags & NP_OPS.NP_OPS_NUMA_BALANCING)) {
          skipped.push(`NUMA balancing: ${c} page(s) of ${m.owner} on private node ${v} never get hint faults (no NP_OPS_NUMA_BALANCING)`);
          continue;
        }
        if (!nodeAllowsMigrate(mm, v)) continue;
        const pol = m.policyAt(0) ?? t.policy;
        if (pol && pol.mode === 2 && !pol.nodes.includes(t.node)) continue; // BIND elsewhere: not misplaced
        const r = migrateToNode(mm, t.node, segmentsOf(m, 0, m.pages, (x) => x === v), 'numa_misplaced', gfp);
        promoted += r.moved;
        if (mode === 2) mm.stat.add('pgpromote_success', r.moved);
        mm.stat.add('numa_pages_migrated', r.moved);
      }
    }
  }
  return { promoted, skipped, mode };
}
