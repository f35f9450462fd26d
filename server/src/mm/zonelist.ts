/**
 * mm/page_alloc.c build_all_zonelists(): each node's ZONELIST_FALLBACK (own
 * zone first, then other nodes by find_next_best_node) and ZONELIST_NOFALLBACK
 * (own zone only, for __GFP_THISNODE). One zone per node in this model.
 *
 * Design differences (kernel-rules §3.3):
 *  - stock / spm_v2: every N_MEMORY node (SPM nodes included) is a candidate.
 *  - v4 family: candidates are N_MEMORY only, so private nodes are in no normal
 *    list; a private node's own list is [itself, N_MEMORY...] or, under
 *    private_nofallback, [itself].
 *  - zone_device: device memory is in no list.
 *  - post-v4 variants (the design's `variant`): a private node's own FALLBACK list may
 *    drop the node itself ('normal-only'), its NOFALLBACK list may be empty, private
 *    nodes may stay in every FALLBACK list behind the zone filter, and ZONELIST_PRIVATE
 *    (all nodes by distance, private ones included) may exist, selected per call.
 *
 * The CPU penalty of find_next_best_node() applies only to lists rebuilt after boot (see
 * Mm.cpumasksPopulated): at boot the node cpumasks are still empty.
 */
import type { AllocCtx } from './alloc_context';
import { MAX_NUMNODES } from './gfp';
import { specialNode, usesPrivateZonelist } from './designs';
import { Mm } from './machine';

const PENALTY_FOR_NODE_WITH_CPUS = 1;

/**
 * Node distances as a dense table over the nodes a build looks at: one pass over the declared
 * distances instead of a string-keyed lookup per pair (a million of them for 1,024 nodes).
 * Same answers as Mm.distance: 10 to itself, 20 to others, unless declared.
 */
interface Distances {
  get(a: number, b: number): number;
}

class DistanceTable implements Distances {
  /** node id -> row (ids are below MAX_NUMNODES; -1: not in the table) */
  private readonly pos = new Int32Array(MAX_NUMNODES).fill(-1);
  private readonly d: Int32Array;
  private readonly n: number;
  constructor(mm: Mm, ids: number[]) {
    ids.forEach((id, i) => (this.pos[id] = i));
    this.n = ids.length;
    this.d = new Int32Array(this.n * this.n).fill(20);
    for (let i = 0; i < this.n; i++) this.d[i * this.n + i] = 10;
    for (const [key, v] of mm.distances) {
      const comma = key.indexOf(',');
      const i = this.pos[Number(key.slice(0, comma))] ?? -1;
      const j = this.pos[Number(key.slice(comma + 1))] ?? -1;
      if (i < 0 || j < 0) continue;
      this.d[i * this.n + j] = v;
      this.d[j * this.n + i] = v;
    }
  }
  get(a: number, b: number): number {
    const i = this.pos[a] ?? -1;
    const j = this.pos[b] ?? -1;
    return i < 0 || j < 0 ? NaN : this.d[i * this.n + j];
  }
}

/** candidate scorings done by builds so far: the operation count the scale tests compare */
let scorings = 0;
export function zonelistScorings(): number {
  return scorings;
}

/**
 * find_next_best_node() called until it returns none, in O(C log C) instead of O(C²): the kernel
 * rescans every unused candidate for the minimum each time, but the only score that changes
 * while one node's list is built is the load of the node just picked (already used), so the
 * scores of the others are fixed and the successive minima are the candidates sorted by
 * (score, id) (the scan keeps the first minimum in id order). Local first (even memoryless).
 */
function bestNodeOrder(mm: Mm, dist: Distances, local: number, candidates: number[], nodeLoad: Map<number, number>, withLocal = true): number[] {
  // one number per candidate, score * C + position: a plain numeric sort of a typed array (no
  // comparator calls) orders by score, ties by position, i.e. by id as the kernel's scan does
  const c = candidates.length;
  const keys = new Float64Array(c);
  let k = 0;
  for (let i = 0; i < c; i++) {
    const n = candidates[i];
    if (n === local) continue;
    scorings++;
    let val = dist.get(local, n);
    val += n < local ? 1 : 0;
    if (mm.cpumasksPopulated && (mm.node(n)?.cpus.length ?? 0) > 0) val += PENALTY_FOR_NODE_WITH_CPUS;
    val *= MAX_NUMNODES;
    val += nodeLoad.get(n) ?? 0;
    keys[k++] = val * c + i;
  }
  const sorted = keys.subarray(0, k).sort();
  const out = withLocal ? [local] : [];
  for (let j = 0; j < k; j++) out.push(candidates[sorted[j] % c]);
  return out;
}

/** one list outside a full build (not cached): direct lookups, no N² table */
const direct = (mm: Mm): Distances => ({ get: (a, b) => mm.distance(a, b) });

/**
 * Build every node's lists in node-id order with a shared node_load[] (the rotation of
 * equal-distance groups). O(N² log N) for N nodes. A rebuild is one statement of the scenario
 * (setup, online_node, offline_node), so it checks the run's time budget between nodes: past
 * the deadline it stops (mm.timedOut; the interpreter then cuts the run) and the nodes not
 * reached get their list on demand from zonelistFor.
 */
export function buildAllZonelists(mm: Mm): void {
  mm.zonelistCache.clear();
  mm.privateZonelistCache.clear();
  const nodeLoad = new Map<number, number>();
  const d = mm.design;
  const v = d.variant;
  // normal_lists: find_next_best_node's candidates are N_MEMORY, plus or minus the special nodes
  const candidates = mm
    .sortedNodes()
    .filter((n) => (specialNode(d, n) ? d.normalLists === 'include' || !!v?.privateInFallback : mm.isNMemory(n)))
    .map((n) => n.id);
  const normal = mm.nMemory().filter((id) => !specialNode(d, mm.node(id)!));
  const nodes = mm.sortedNodes();
  const dist = new DistanceTable(mm, nodes.map((n) => n.id));
  for (let i = 0; i < nodes.length; i++) {
    if (mm.pastDeadline(i)) return;
    const pg = nodes[i];
    const local = pg.id;
    let order: number[];
    // offline nodes are not in the online loop of __build_all_zonelists: they do not move node_load
    const load = pg.state === 'offline' ? new Map<number, number>() : nodeLoad;
    const special = specialNode(d, pg);
    if (special && d.ownFallback === 'self_only') {
      order = [local];
    } else if (special && d.ownFallback === 'none') {
      order = [];
    } else if (special && (d.ownFallback === 'normal_only' || (v?.ownFallback === 'normal-only' && !v.privateInFallback))) {
      // the special node is dropped from its own FALLBACK list (NOFALLBACK-only, ZONELIST_PRIVATE)
      order = bestNodeOrder(mm, dist, local, normal, load, false);
    } else if (pg.state === 'device') {
      // ZONE_DEVICE memory is not in the buddy: the node's "list" is the device pool, then normal memory
      order = bestNodeOrder(mm, dist, local, candidates, load);
    } else {
      order = bestNodeOrder(mm, dist, local, candidates, load);
      // build_zonelists(): a node starting a new distance group gets one more load
      for (let k = 1; k < order.length; k++) {
        const node = order[k];
        if (dist.get(local, node) !== dist.get(local, order[k - 1])) load.set(node, (load.get(node) ?? 0) + 1);
      }
    }
    mm.zonelistCache.set(local, [order, special && (d.ownNofallback === 'none' || v?.ownNofallback === 'none') ? [] : [local]]);
  }
  if (v?.privateZonelist) {
    // ZONELIST_PRIVATE: the full node order over N_MEMORY and the private nodes
    const all = [...new Set([...mm.nMemory(), ...mm.nPrivate()])].sort((a, b) => a - b);
    const privLoad = new Map<number, number>();
    for (const pg of nodes) mm.privateZonelistCache.set(pg.id, bestNodeOrder(mm, dist, pg.id, all, privLoad, true));
  }
}

/**
 * The list a request walks: the design's ZONELIST_PRIVATE when the request selects it (every
 * memory node, special ones included, by distance from `nid`; only `nid` with __GFP_THISNODE),
 * else FALLBACK, or NOFALLBACK with __GFP_THISNODE.
 */
export function zonelistForGfp(mm: Mm, nid: number, gfp: number, thisnode: boolean, ctx?: AllocCtx): number[] {
  if (!usesPrivateZonelist(mm.design, gfp)) return zonelistFor(mm, nid, thisnode, ctx);
  if (thisnode) return [nid];
  let z = mm.privateZonelistCache.get(nid);
  if (!z) {
    z = privateZonelistOf(mm, nid);
    mm.privateZonelistCache.set(nid, z);
  }
  return z;
}

/** ZONELIST_PRIVATE of a node (its own function: a closure over `mm` in zonelistForGfp made every allocation allocate a context) */
function privateZonelistOf(mm: Mm, nid: number): number[] {
  const all = mm.sortedNodes().filter((n) => mm.isNMemory(n) || specialNode(mm.design, n)).map((n) => n.id);
  return bestNodeOrder(mm, direct(mm), nid, all, new Map(), true);
}

/**
 * The zonelist an allocation preferring `nid` walks (NOFALLBACK with __GFP_THISNODE).
 * Under designs that have them, `ctx` selects ZONELIST_PRIVATE or a private node's own
 * one-node list (folio_alloc_node_private).
 */
export function zonelistFor(mm: Mm, nid: number, thisnode: boolean, ctx?: AllocCtx): number[] {
  if (mm.zonelistCache.size === 0) buildAllZonelists(mm);
  const v = mm.design.variant;
  if (ctx?.nodePrivate && v?.nodePrivateAllocator && mm.node(nid)?.state === 'private') return [nid];
  if (ctx?.zonelist === 'private' && v?.privateZonelist) return thisnode ? [nid] : mm.privateZonelistCache.get(nid) ?? [nid];
  const z = mm.zonelistCache.get(nid);
  if (!z) {
    // a possible node nobody declared: behaves as a memoryless node (NODE_DATA exists for possible nodes)
    if (thisnode) return [nid];
    return bestNodeOrder(mm, direct(mm), nid, mm.nMemory(), new Map());
  }
  return thisnode ? z[1] : z[0];
}

/** "Fallback order for Node N: ..." as the boot log prints it */
export function formatZonelist(mm: Mm, nid: number): string {
  const n = mm.node(nid);
  const tag = n?.state === 'private' ? ' (private)' : '';
  return `Fallback order for Node ${nid}${tag}: ${zonelistFor(mm, nid, false).join(' ')}`;
}
