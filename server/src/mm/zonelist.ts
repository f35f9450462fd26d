/**
 * mm/page_alloc.c build_all_zonelists(): each node's ZONELIST_FALLBACK (own
 * zone first, then other nodes by find_next_best_node) and ZONELIST_NOFALLBACK
 * (own zone only, for __GFP_THISNODE). One zone per node in this model.
 *
 * Design differences (kernel-semantics §3.3):
 *  - stock / spm_v2: every N_MEMORY node (SPM nodes included) is a candidate.
 *  - v4 family: candidates are N_MEMORY only, so private nodes are in no normal
 *    list; a private node's own list is [itself, N_MEMORY...] or, under
 *    private_nofallback, [itself].
 *  - zone_device: device memory is in no list.
 *
 * The CPU penalty of find_next_best_node() applies only to lists rebuilt after boot (see
 * Mm.cpumasksPopulated): at boot the node cpumasks are still empty.
 */
import { MAX_NUMNODES } from './gfp';
import { Mm } from './machine';

const PENALTY_FOR_NODE_WITH_CPUS = 1;

/**
 * find_next_best_node() called until it returns none, in O(C log C) instead of O(C²): the kernel
 * rescans every unused candidate for the minimum each time, but the only score that changes
 * while one node's list is built is the load of the node just picked (already used), so the
 * scores of the others are fixed and the successive minima are the candidates sorted by
 * (score, id) (the scan keeps the first minimum in id order). Local first (even memoryless).
 */
function bestNodeOrder(mm: Mm, local: number, candidates: number[], nodeLoad: Map<number, number>, withLocal: boolean): number[] {
  const scored: { n: number; val: number }[] = [];
  for (const n of candidates) {
    if (n === local) continue;
    let val = mm.distance(local, n);
    val += n < local ? 1 : 0;
    if (mm.cpumasksPopulated && (mm.node(n)?.cpus.length ?? 0) > 0) val += PENALTY_FOR_NODE_WITH_CPUS;
    val *= MAX_NUMNODES;
    val += nodeLoad.get(n) ?? 0;
    scored.push({ n, val });
  }
  // candidates come in id order and Array.prototype.sort is stable: ties keep the lower id first
  scored.sort((a, b) => a.val - b.val);
  const out = withLocal ? [local] : [];
  for (const s of scored) out.push(s.n);
  return out;
}

/**
 * Build every node's lists in node-id order with a shared node_load[] (the rotation of
 * equal-distance groups). O(N² log N) for N nodes. A rebuild is one statement of the scenario
 * (setup, online_node, offline_node), so it checks the run's time budget between nodes: past
 * the deadline it stops (mm.timedOut; the interpreter then cuts the run) and the nodes not
 * reached get their list on demand from zonelistFor.
 */
export function buildAllZonelists(mm: Mm): void {
  mm.zonelistCache.clear();
  const nodeLoad = new Map<number, number>();
  const candidates = mm.nMemory();
  const nodes = mm.sortedNodes();
  for (let i = 0; i < nodes.length; i++) {
    if (mm.pastDeadline(i)) return;
    const pg = nodes[i];
    const local = pg.id;
    let order: number[];
    // offline nodes are not in the online loop of __build_all_zonelists: they do not move node_load
    const load = pg.state === 'offline' ? new Map<number, number>() : nodeLoad;
    if (pg.state === 'private' && mm.design.privateOwnList === 'self-only') {
      order = [local];
    } else if (pg.state === 'device') {
      // ZONE_DEVICE memory is not in the buddy: the node's "list" is the device pool, then normal memory
      order = bestNodeOrder(mm, local, candidates, load, true);
    } else {
      order = bestNodeOrder(mm, local, candidates, load, true);
      // build_zonelists(): a node starting a new distance group gets one more load
      for (let k = 1; k < order.length; k++) {
        const node = order[k];
        if (mm.distance(local, node) !== mm.distance(local, order[k - 1])) load.set(node, (load.get(node) ?? 0) + 1);
      }
    }
    mm.zonelistCache.set(local, [order, [local]]);
  }
}

/** The zonelist an allocation preferring `nid` walks (NOFALLBACK with __GFP_THISNODE). */
export function zonelistFor(mm: Mm, nid: number, thisnode: boolean): number[] {
  if (mm.zonelistCache.size === 0) buildAllZonelists(mm);
  const z = mm.zonelistCache.get(nid);
  if (!z) {
    // a possible node nobody declared: behaves as a memoryless node (NODE_DATA exists for possible nodes)
    if (thisnode) return [nid];
    return bestNodeOrder(mm, nid, mm.nMemory(), new Map(), true);
  }
  return thisnode ? z[1] : z[0];
}

/** "Fallback order for Node N: ..." as the boot log prints it */
export function formatZonelist(mm: Mm, nid: number): string {
  const n = mm.node(nid);
  const tag = n?.state === 'private' ? ' (private)' : '';
  return `Fallback order for Node ${nid}${tag}: ${zonelistFor(mm, nid, false).join(' ')}`;
}
