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

/** find_next_best_node(): local first (even memoryless), then the min-score unused candidate. */
function findNextBestNode(mm: Mm, local: number, used: Set<number>, candidates: number[], nodeLoad: Map<number, number>): number {
  if (!used.has(local)) {
    used.add(local);
    return local;
  }
  let best = -1;
  let minVal = Infinity;
  for (const n of candidates) {
    if (used.has(n)) continue;
    let val = mm.distance(local, n);
    val += n < local ? 1 : 0;
    if (mm.cpumasksPopulated && (mm.node(n)?.cpus.length ?? 0) > 0) val += PENALTY_FOR_NODE_WITH_CPUS;
    val *= MAX_NUMNODES;
    val += nodeLoad.get(n) ?? 0;
    if (val < minVal) {
      minVal = val;
      best = n;
    }
  }
  if (best >= 0) used.add(best);
  return best;
}

/** Build every node's lists in node-id order with a shared node_load[] (the rotation of equal-distance groups). */
export function buildAllZonelists(mm: Mm): void {
  mm.zonelistCache.clear();
  const nodeLoad = new Map<number, number>();
  const candidates = mm.nMemory();
  for (const pg of mm.sortedNodes()) {
    const local = pg.id;
    let order: number[] = [];
    // offline nodes are not in the online loop of __build_all_zonelists: they do not move node_load
    const load = pg.state === 'offline' ? new Map<number, number>() : nodeLoad;
    if (pg.state === 'private' && mm.design.privateOwnList === 'self-only') {
      order = [local];
    } else if (pg.state === 'device') {
      // ZONE_DEVICE memory is not in the buddy: the node's "list" is the device pool, then normal memory
      order = [local, ...orderFrom(mm, local, candidates, load)];
    } else {
      const used = new Set<number>();
      let prev = local;
      for (;;) {
        const node = findNextBestNode(mm, local, used, candidates, load);
        if (node < 0) break;
        if (mm.distance(local, node) !== mm.distance(local, prev)) load.set(node, (load.get(node) ?? 0) + 1);
        order.push(node);
        prev = node;
      }
    }
    mm.zonelistCache.set(local, [order, [local]]);
  }
}

function orderFrom(mm: Mm, local: number, candidates: number[], nodeLoad: Map<number, number>): number[] {
  const used = new Set<number>([local]);
  const out: number[] = [];
  for (;;) {
    const n = findNextBestNode(mm, local, used, candidates, nodeLoad);
    if (n < 0) break;
    out.push(n);
  }
  return out;
}

/** The zonelist an allocation preferring `nid` walks (NOFALLBACK with __GFP_THISNODE). */
export function zonelistFor(mm: Mm, nid: number, thisnode: boolean): number[] {
  if (mm.zonelistCache.size === 0) buildAllZonelists(mm);
  const z = mm.zonelistCache.get(nid);
  if (!z) {
    // a possible node nobody declared: behaves as a memoryless node (NODE_DATA exists for possible nodes)
    if (thisnode) return [nid];
    const nodeLoad = new Map<number, number>();
    return [nid, ...orderFrom(mm, nid, mm.nMemory(), nodeLoad)];
  }
  return thisnode ? z[1] : z[0];
}

/** "Fallback order for Node N: ..." as the boot log prints it */
export function formatZonelist(mm: Mm, nid: number): string {
  const n = mm.node(nid);
  const tag = n?.state === 'private' ? ' (private)' : '';
  return `Fallback order for Node ${nid}${tag}: ${zonelistFor(mm, nid, false).join(' ')}`;
}
