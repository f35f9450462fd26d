/**
 * mm/memory_hotplug.c: add_private_memory_driver_managed() (v4) and online /
 * offline of a node. Each memory block (128 MiB section) first runs the
 * going-online allocations that TARGET THE NODE BEING ADDED (kernel-rules
 * §10 matrix, the v4 review, 2026-04-13): the sparse-vmemmap memmap (alloc_pages_node(nid,
 * GFP_KERNEL|__GFP_RETRY_MAYFAIL|__GFP_NOWARN), 64 bytes per 4 KiB page), the
 * usemap (kzalloc_node(GFP_KERNEL, nid)) and slub's per-node structures
 * (kmalloc_node(GFP_KERNEL, nid)). Those go through the normal allocator and the
 * node's own zonelist, so the designs differ by construction:
 *   v4: gated -> DRAM; soft: first block DRAM (node empty), later blocks LEAK;
 *   nofallback: the node's list is itself only -> ENOMEM, hotplug fails;
 *   spm_v2: filtered -> DRAM; stock: later blocks on the node (no leak in stock).
 * Offline evacuates pages (do_migrate_range): a private node without
 * NP_OPS_MIGRATION cannot be evacuated (unplug-blocked).
 */
import { GFP, GFP_COMPOSITE, PAGE_SIZE } from './gfp';
import { Mm, newNodeState } from './machine';
import { allocPages, setupWatermarks } from './page_alloc';
import { buildAllZonelists } from './zonelist';
import { bindService } from './service_nodes';
import { serviceApi } from './services';
import { migrateToNode, nodeAllowsMigrate, segmentsOf } from './migrate';
import { NodePrivateOps, requestedOps, validateOps, formatOps } from './node_private';
import { opsRegistered } from './designs';

export const SECTION_BYTES = 128 * 1024 * 1024;
const METADATA_OWNER = 'kernel:memmap';

export interface HotplugResult {
  errno?: string;
  rule?: string;
  blocks: number;
  metadataPages: Map<number, number>;
}

export function hotplugMemory(
  mm: Mm,
  nid: number,
  bytes: number,
  opts: { private: boolean; ops?: number; zone?: 'normal' | 'movable'; path: string },
): HotplugResult {
  const res: HotplugResult = { blocks: 0, metadataPages: new Map() };
  let n = mm.node(nid);
  if (!n) {
    mm.nodes.set(nid, newNodeState({ id: nid, kind: 'cxl', decl: undefined, privateDecl: opts.private, state: 'offline', present: 0, cpus: [], zone: opts.zone ?? 'normal', tier: 2, kswapd: false }));
    n = mm.node(nid)!;
  }
  const wantPrivate = opts.private && mm.design.nodeState !== 'normal';
  // node_private_register on an N_MEMORY node (v2: mt_set_node_type with the opposite type) is -EBUSY;
  // more memory for a node already private (same registration) is fine
  if (wantPrivate && n.state === 'normal' && n.present > 0)
    return {
      ...res,
      errno: 'EBUSY',
      rule: mm.design.nodeState === 'spm' ? `node ${nid} is already a sysram node (mt_set_node_type: -EBUSY)` : `node ${nid} is already N_MEMORY (node_private_register: -EBUSY)`,
    };
  // a further range for a node already private: the same registration (the same ops, or feature
  // mask) joins; a different one is refused. v4: node_private_register() with a second np is
  // -EBUSY; the post-v5 snapshots: the first mask wins while the node holds memory (errno not given)
  if (wantPrivate && n.state === mm.design.nodeState && n.present > 0 && n.ops && opts.ops !== undefined && opsRegistered(mm.design)) {
    const again = requestedOps(n.kind, opts.ops, undefined);
    if (again.flags !== n.ops.flags)
      return { ...res, errno: 'EBUSY', rule: `node ${nid} is already private with ops ${formatOps(n.ops.flags)}: a range with ops ${formatOps(again.flags)} is a second registration (node_private_register: -EBUSY); only the same mask joins` };
  }
  if (opts.zone) n.zone = opts.zone;
  // node_private_register: pgdat->private is set before any memory is added
  const targetState = wantPrivate ? mm.design.nodeState : 'normal';
  let ops: NodePrivateOps | undefined;
  if (wantPrivate && opsRegistered(mm.design)) {
    bindService(mm, n);
    const req = opts.ops !== undefined ? requestedOps(n.kind, opts.ops, undefined) : n.service?.defaultOps?.() ?? requestedOps(n.kind, n.decl?.ops, n.decl?.callbacks);
    const bad = validateOps(req);
    if (bad) mm.emit('ops-rejected', `node_private_set_ops(${nid}, ${formatOps(req.flags)}) = -EINVAL: ${bad}`, mm.nodeRelated(nid));
    else ops = req;
  }
  if (n.state === 'offline' || n.state === 'memoryless') {
    // an empty node being registered private: its zonelist already is the private one
    if (wantPrivate) n.state = targetState;
    mm.invalidateTopology();
  }
  const blocks = Math.max(1, Math.ceil(bytes / SECTION_BYTES));
  const blockPages = Math.floor(bytes / PAGE_SIZE / blocks);
  const memmapPages = Math.ceil((blockPages * 64) / PAGE_SIZE);
  const gfpVmemmap = GFP_COMPOSITE.GFP_KERNEL | GFP.__GFP_RETRY_MAYFAIL | GFP.__GFP_NOWARN;
  for (let b = 0; b < blocks; b++) {
    // terabytes are millions of sections: honour the run's time budget between them
    if (mm.pastDeadline(b)) break;
    const allocs: [string, number, number][] = [
      [`sparse-vmemmap alloc_pages_node(${nid}, GFP_KERNEL|__GFP_RETRY_MAYFAIL)`, gfpVmemmap, memmapPages],
      [`sparse kzalloc_node(usemap, GFP_KERNEL, ${nid})`, GFP_COMPOSITE.GFP_KERNEL, 1],
      [`slub kmalloc_node(kmem_cache_node, GFP_KERNEL, ${nid})`, GFP_COMPOSITE.GFP_KERNEL, 1],
    ];
    for (const [path, gfp, pages] of allocs) {
      const r = allocPages(mm, {
        nid,
        gfp,
        order: 0,
        count: pages,
        owner: METADATA_OWNER,
        path: `${opts.path}: ${path}`,
        sink: (node, p) => res.metadataPages.set(node, (res.metadataPages.get(node) ?? 0) + p),
      });
      if (r.failed > 0) {
        // unwind: free what this hotplug allocated, leave the node as it was
        for (const [node, p] of res.metadataPages) mm.account(node, METADATA_OWNER, -p);
        if (n.present === 0) n.state = 'offline';
        mm.invalidateTopology();
        return { ...res, errno: 'ENOMEM', rule: `going-online allocation failed for block ${b}: ${path}: ${r.reason ?? 'no memory'}` };
      }
    }
    // online_pages(): the block's pages join the node
    n.present += blockPages;
    n.blocksOnline++;
    res.blocks++;
    if (n.state === 'offline' || n.state === 'memoryless') n.state = targetState;
    if (b === 0) {
      if (ops) n.ops = ops;
      // kswapd_run is not called for private nodes: the service decides (CRAM starts one)
      n.kswapd = n.state === 'normal' || n.state === 'spm';
      mm.invalidateTopology();
      // online_pages() rebuilds the zonelists, and the CPUs are up by now
      mm.cpumasksPopulated = true;
      buildAllZonelists(mm);
    }
  }
  setupWatermarks(mm);
  mm.invalidateTopology();
  if (n.service?.attach && n.ops) n.service.attach(serviceApi(mm), nid);
  mm.demotionCache = undefined;
  return res;
}

/**
 * Boot: each declared private node's driver registers its node_private and sets its ops
 * (node_private_set_ops); refused ops leave the node without ops (ops-rejected, unless the front
 * end already said so), and ops lacking a callback the node's service needs are missing-callback.
 */
export function registerDeclaredNodes(mm: Mm): void {
  for (const n of mm.sortedNodes()) {
    bindService(mm, n);
    if (!n.decl || !n.privateDecl || !opsRegistered(mm.design)) continue;
    const d = n.decl;
    const req = d.ops === undefined && n.service?.defaultOps ? n.service.defaultOps() : requestedOps(d.kind, d.ops, d.callbacks);
    const bad = validateOps(req);
    if (bad || d.opsRejected) {
      const span = d.attrSpans?.ops ?? d.span;
      if (bad && !mm.hasStatic('ops-rejected', d.span)) mm.emit('ops-rejected', `node ${n.id}: node_private_set_ops(${formatOps(req.flags)}) = -EINVAL: ${bad}; the node has no ops`, undefined, span);
      n.ops = undefined;
    } else n.ops = req;
    if (n.ops && !mm.hasStatic('missing-callback', d.span)) {
      for (const g of n.service?.callbackGaps?.(n.id, n.ops) ?? [])
        mm.emit('missing-callback', g.message, undefined, d.attrSpans?.callbacks ?? d.span, { callback: g.callback });
    }
  }
}

/**
 * The online_node / add_private_memory_driver_managed statements: online_node brings a declared
 * node's memory up (-EBUSY when it already has some); add_private_memory_driver_managed registers
 * the node private and adds `size` bytes. `early` marks a refusal before any hotplug work.
 */
export function hotplugStatement(
  mm: Mm,
  nid: number,
  add?: { size: number; ops?: number; zone?: 'normal' | 'movable' },
): HotplugResult & { early?: boolean } {
  const n = mm.node(nid);
  const refuse = (errno: string, rule: string) => ({ errno, rule, blocks: 0, metadataPages: new Map<number, number>(), early: true });
  if (!add && n && n.present > 0) return refuse('EBUSY', `node ${nid} is already online`);
  const size = add ? add.size : (n?.decl?.sizeBytes ?? 0);
  if (size <= 0) return refuse('EINVAL', 'no memory to add');
  const path = add ? 'add_private_memory_driver_managed' : 'online_node';
  return hotplugMemory(mm, nid, size, { private: add ? true : !!n?.privateDecl, ops: add?.ops, zone: add?.zone, path });
}

/**
 * node_private_set_ops() (the statement; registration at hot-add is in hotplugMemory): -EINVAL for
 * a node that is not possible, -ENODEV without a node_private registration, `rejected` (the
 * ops-rejected text) when the validation refuses the ops.
 */
export function setNodeOps(mm: Mm, nid: number, flags: number, callbacks: string[] | undefined): { errno?: string; rule?: string; rejected?: string } {
  const n = mm.node(nid);
  if (!n || nid < 0) return { errno: 'EINVAL', rule: `node ${nid} is not possible` };
  if (n.state !== 'private' || !opsRegistered(mm.design))
    return { errno: 'ENODEV', rule: `no node_private registered on node ${nid}${opsRegistered(mm.design) ? '' : ` (design ${mm.design.name} has no private-node ops)`}` };
  const req = requestedOps(n.kind, flags, callbacks);
  const bad = validateOps(req);
  if (bad) return { errno: 'EINVAL', rejected: `node_private_set_ops(${nid}, ${formatOps(req.flags)}) = -EINVAL: ${bad}` };
  n.ops = req;
  mm.invalidateTopology();
  mm.tracer.line(`node ${nid} ops = ${formatOps(req.flags)} (callbacks ${req.callbacks.join(', ') || 'none'})`);
  return {};
}

/** pages per memory block (128 MiB sections on x86-64) */
const MEMORY_BLOCK_PAGES = (128 * 1024 * 1024) / PAGE_SIZE;

/**
 * Pages of a node offline_pages() cannot migrate: kernel allocation handles and zswap copies
 * (not on the LRU) and pinned user pages. Simplification: they sit in the node's first blocks.
 */
function unmovablePages(mm: Mm, nid: number): number {
  let n = 0;
  for (const h of mm.handles.values()) n += h.pagesByNode.get(nid) ?? 0;
  for (const [key, p] of mm.zswap) if (Number(key.split('/')[0]) === nid) n += p;
  for (const t of mm.tasks.values())
    for (const m of t.mappings.values()) for (const s of segmentsOf(m, 0, m.pages, (v) => v === nid, false)) if (m.set.extents[m.set.indexOf(s.a)].pins > 0) n += s.pages;
  return n;
}

/** offline_pages() of the whole node: refuse up front on unmovable pages, evacuate, then remove */
export function offlineNode(mm: Mm, nid: number): { errno?: string; rule?: string; moved: number } {
  const n = mm.node(nid);
  if (!n || n.present === 0) return { errno: 'EINVAL', rule: `node ${nid} has no online memory`, moved: 0 };
  let moved = 0;
  const others = mm.nMemory().filter((x) => x !== nid);
  // start_isolate_page_range() -> has_unmovable_pages(): a memory block holding pages that are
  // not on the LRU (kernel allocations, zswap copies) or longterm-pinned cannot be isolated, and
  // offline_pages() fails with -EBUSY before migrating anything
  const unmovable = unmovablePages(mm, nid);
  if (unmovable > 0) {
    const blocks = Math.ceil(unmovable / MEMORY_BLOCK_PAGES);
    return {
      errno: 'EBUSY',
      rule: `has_unmovable_pages(): ${unmovable} unmovable page(s) (kernel allocations, pins) in ${blocks === 1 ? 'memory block 0' : `memory blocks 0-${blocks - 1}`} of node ${nid}; the range cannot be isolated, nothing was migrated`,
      moved,
    };
  }
  if (!nodeAllowsMigrate(mm, nid)) {
    const inUse = n.used;
    if (inUse > 0)
      return { errno: 'EBUSY', rule: `hot-unplug on non-migratable node: private node ${nid} has no NP_OPS_MIGRATION; ${inUse} page(s) in use stay`, moved };
  }
  for (const t of mm.tasks.values()) {
    for (const m of t.mappings.values()) {
      const segs = segmentsOf(m, 0, m.pages, (v) => v === nid);
      if (!segs.length) continue;
      const r = migrateToNode(mm, nid, segs, 'hotplug', GFP_COMPOSITE.GFP_USER | GFP.__GFP_MOVABLE | GFP.__GFP_RETRY_MAYFAIL, others, true);
      moved += r.moved;
    }
  }
  // what is left: kernel pages, pinned pages, pages that found no room
  if (n.used > 0 || n.deferred > 0)
    return { errno: 'EBUSY', rule: `${n.used + n.deferred} page(s) could not be moved off node ${nid} (kernel allocations, pins, or no room)`, moved };
  n.present = 0;
  n.state = 'offline';
  n.kswapd = false;
  n.blocksOnline = 0;
  mm.invalidateTopology();
  mm.cpumasksPopulated = true; // offline_pages() rebuilds the zonelists, CPUs up
  setupWatermarks(mm);
  return { moved };
}
