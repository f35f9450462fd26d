/**
 * mm/page_alloc.c __alloc_pages(): the zonelist walk with its filters (zone
 * index from GFP, nodemask, the design's private/SPM gate, cpuset), the fast
 * path at the LOW watermark, the slow path (wake kswapd, retry at MIN, direct
 * reclaim, retry) and the OOM decision (__alloc_pages_may_oom).
 *
 * Allocation is batched: a request asks for `count` blocks of 2^order pages and
 * hands each run of pages to `sink(node, pages)` as soon as it is taken, so that
 * pages faulted earlier in the same statement are on the LRU (reclaimable) when
 * a later part of the request needs reclaim, as in a real fault stream.
 */
import { Span } from '../common/span';
import { pageFreeEvent } from './trace';
import { AllocCtx, describeCtx } from './alloc_context';
import { variantGate, variantLeak } from './designs/variant';
import { formatGfp, GFP, gfpHighestZone, has, PAGE_ALLOC_COSTLY_ORDER, PAGE_SIZE, PAGEBLOCK_ORDER, PAGEBLOCK_PAGES, pow2, zoneUsable } from './gfp';
import { freePageblocks, Handle, Mm, NodeState, Task } from './machine';
import { compactionSkipReason, compactNode } from './compaction';
import { hardwallMems, taskAllowsNode } from './cpuset';
import { outOfMemory, OomResult } from './oom_kill';
import { directReclaim, wakeupKswapd } from './vmscan';
import { zonelistForGfp } from './zonelist';
import { AllocSite, leakReason, unlockRefused, usesPrivateZonelist, zoneGate } from './designs';

export interface AllocRequest {
  nid: number;
  gfp: number;
  order: number;
  /** blocks of 2^order pages */
  count: number;
  nodemask?: number[];
  /** task context: cpuset applies (a kernel block runs in a kernel thread: no cpuset) */
  task?: Task;
  owner: string;
  /** caller for explain lines and leak records: "page fault", "kvzalloc_node", "migrate_to(cram)" */
  path: string;
  span?: Span;
  /** the node's owning service placed the page (migrate_to, hotplug of its own memory) */
  serviceRight?: boolean;
  /** a fault under a policy naming private nodes (for gfp-private-oom) */
  privateFault?: boolean;
  /** pages go here as they are taken */
  sink: (node: number, pages: number) => void;
  /** stop early (mid-batch backpressure): polled between takes */
  stopWhen?: () => boolean;
  /** quiet: no explain lines (inner allocations of migrations) */
  quiet?: boolean;
  /** folio or not, memalloc scope, driver, zonelist selector (the post-v4 variants read it) */
  ctx?: AllocCtx;
}

export interface AllocResult {
  /** blocks allocated */
  allocated: number;
  failed: number;
  oom?: OomResult;
  /** why the rest failed */
  reason?: string;
  /** nodes the walk could use, in order */
  usable: number[];
}

type Mark = 'low' | 'min' | 'none';

function markOf(n: NodeState, mark: Mark, gfp: number): number {
  if (n.state === 'device') return 0; // the driver's pool has no buddy watermarks
  if (mark === 'none') return 0;
  let w = (mark === 'low' ? n.wmark.low : n.wmark.min) + n.boost;
  if (mark === 'min' && has(gfp, GFP.__GFP_HIGH)) w = Math.floor(w / 2);
  return w;
}

/** why a node of the zonelist cannot be used by this request, or undefined */
export function zoneSkipReason(mm: Mm, n: NodeState | undefined, req: Pick<AllocRequest, 'gfp' | 'nodemask' | 'task' | 'ctx'>, nid: number, mems?: number[]): string | undefined {
  if (!n) return 'no memory (undeclared node)';
  if (!mm.hasMemory(n)) return n.state === 'offline' ? 'offline' : 'no memory';
  if (!zoneUsable(req.gfp, n.zone)) return 'ZONE_MOVABLE needs __GFP_MOVABLE|__GFP_HIGHMEM';
  if (req.nodemask && !req.nodemask.includes(n.id)) return 'not in nodemask';
  const v = mm.design.variant;
  const gate = v && v.admits !== 'gate' ? variantGate(v, n, req.gfp, selected(mm, req)) : zoneGate(mm.design, n, req.gfp);
  if (gate) return gate;
  if (req.task && has(req.gfp, GFP.__GFP_HARDWALL) && !taskAllowsNode(mm, req.task, n.id, req.gfp, mems)) return 'not in the cpuset mems';
  return undefined;
}

/** the walk: usable nodes in zonelist order, with explain lines for the skipped ones when `explain` */
export function usableNodes(mm: Mm, req: Pick<AllocRequest, 'nid' | 'gfp' | 'nodemask' | 'task' | 'ctx'>, explain = false): number[] {
  return usableOf(mm, req, zonelistForGfp(mm, req.nid, req.gfp, has(req.gfp, GFP.__GFP_THISNODE), req.ctx), explain);
}

/** a node of the zonelist the walk skips, and why */
const skippedLine = (id: number, why: string): string => `node ${id} skipped: ${why}`;

/** usableNodes over the zonelist the caller already has */
function usableOf(mm: Mm, req: Pick<AllocRequest, 'nid' | 'gfp' | 'nodemask' | 'task' | 'ctx'>, list: number[], explain: boolean): number[] {
  // the task's mems once per walk, not once per node (the cpuset check of every node reads them)
  const mems = req.task && has(req.gfp, GFP.__GFP_HARDWALL) ? hardwallMems(mm, req.task, req.gfp) : undefined;
  let n = 0;
  for (const id of list) {
    const why = zoneSkipReason(mm, mm.node(id), req, req.nid, mems);
    if (why) {
      if (explain && why !== 'not in nodemask' && why !== 'no memory') mm.tracer.fact(skippedLine, id, why);
    } else usableScratch[n++] = id;
  }
  // every node usable: the list itself (no caller changes the answer: AllocResult.usable is read
  // only); else an exact-size copy (an array grown by push has room for 16 more)
  return n === list.length ? list : usableScratch.slice(0, n);
}
/** usableOf's work array (filled and copied out within one call: nothing in the walk allocates) */
const usableScratch: number[] = [];

/** __alloc_pages(gfp, order, nid, nodemask) for `count` blocks. */
export function allocPages(mm: Mm, req: AllocRequest): AllocResult {
  const size = pow2(req.order);
  // explain lines are built only when some step record keeps them (a diagnostics-only run has none)
  const explaining = !req.quiet && mm.tracer.explaining;
  // unlock_by: where the unlock flag does not count, it is cleared before the walk
  const refused = req.gfp & mm.design.unlock ? unlockRefused(mm.design, siteOf(mm, req)) : undefined;
  if (refused) req = { ...req, gfp: req.gfp & ~mm.design.unlock };
  const list = zonelistForGfp(mm, req.nid, req.gfp, has(req.gfp, GFP.__GFP_THISNODE), req.ctx);
  // the header, then why the unlock flag did not count, then the nodes the walk skips
  if (explaining) {
    mm.tracer.line(headerLine(mm, req, list));
    if (refused) mm.tracer.line(refused);
  }
  const usable = usableOf(mm, req, list, explaining);
  // numa_hit/miss: the preferred zone is the first of the list inside the nodemask and zone index (no gate)
  let preferred: number | undefined;
  for (let i = 0; i < list.length; i++) {
    const id = list[i];
    const n = mm.node(id);
    if (n && mm.hasMemory(n) && zoneUsable(req.gfp, n.zone) && (!req.nodemask || req.nodemask.includes(id))) {
      preferred = id;
      break;
    }
  }
  const st = new AllocState(mm, req, size, usable, preferred, req.task ? req.task.node : mm.cpuNode(0), explaining);
  let result: AllocResult | undefined;
  let oom: OomResult | undefined;
  for (let round = 0; st.remaining > 0 && round < 100000; round++) {
    if (req.stopWhen?.()) {
      result = { allocated: st.allocated, failed: st.remaining, reason: 'stopped by the caller (migration blocked)', usable };
      break;
    }
    if (mm.pastDeadline(round)) {
      result = { allocated: st.allocated, failed: st.remaining, reason: 'the run hit its time budget inside this allocation', usable };
      break;
    }
    takeFrom(st, 'low');
    if (st.remaining === 0) break;
    // slow path
    let progress = 0;
    if (has(req.gfp, GFP.__GFP_KSWAPD_RECLAIM)) {
      // kswapd runs concurrently with an allocation that may wait (direct reclaim); one that may
      // not wait gets only what kswapd's balancing to the high watermark frees before its MIN retry
      let ahead = has(req.gfp, GFP.__GFP_DIRECT_RECLAIM) ? st.remaining * size : 0;
      for (const id of usable) {
        const got = wakeupKswapd(mm, id, req.gfp, req.order, ahead);
        progress += got;
        ahead = Math.max(0, ahead - got);
      }
    }
    const before = st.remaining;
    takeFrom(st, has(req.gfp, GFP.__GFP_MEMALLOC) ? 'none' : 'min');
    if (st.remaining === 0) break;
    if (st.fragmented !== undefined && st.fragmented.size > 0 && st.remaining === before) {
      // the memory is there but not in free pageblocks, and compaction was not allowed or not
      // enough: a costly order gives up rather than reclaiming (it falls back, THP to order-0)
      result = { allocated: st.allocated, failed: st.remaining, reason: `no free order-${req.order} block: node${st.fragmented.size > 1 ? 's' : ''} ${[...st.fragmented].join(',')} fragmented${compactionNote(mm, req, st.fragmented)}`, usable };
      break;
    }
    if (!has(req.gfp, GFP.__GFP_DIRECT_RECLAIM)) {
      result = { allocated: st.allocated, failed: st.remaining, reason: 'no __GFP_DIRECT_RECLAIM: kswapd woken, the MIN-watermark retry failed', usable };
      break;
    }
    if (progress > 0 || st.remaining < before) continue;
    if (usable.length === 0 && round > 0) {
      result = { allocated: st.allocated, failed: st.remaining, reason: 'no node of the zonelist may serve this allocation', usable };
      break;
    }
    if (!has(req.gfp, GFP.__GFP_DIRECT_RECLAIM)) {
      result = { allocated: st.allocated, failed: st.remaining, reason: 'no __GFP_DIRECT_RECLAIM: cannot reclaim', usable };
      break;
    }
    mm.stat.add(gfpHighestZone(req.gfp) === 'movable' ? 'allocstall_movable' : 'allocstall_normal', 1);
    const reclaimed = directReclaim(mm, usable, st.remaining * size + 32, req.gfp);
    if (reclaimed > 0) continue;
    if (has(req.gfp, GFP.__GFP_NORETRY)) {
      result = { allocated: st.allocated, failed: st.remaining, reason: '__GFP_NORETRY: gave up after reclaim made no progress', usable };
      break;
    }
    // __alloc_pages_may_oom: who is never OOM-killed for
    const noOom = noOomReason(req);
    if (noOom) {
      result = { allocated: st.allocated, failed: st.remaining, reason: noOom, usable };
      break;
    }
    oom = outOfMemory(mm, req, usable);
    if (!oom.victim) {
      result = { allocated: st.allocated, failed: st.remaining, reason: oom.message, oom, usable };
      break;
    }
    if (oom.victim === req.task?.name || (req.task && req.task.dead)) {
      result = { allocated: st.allocated, failed: st.remaining, reason: `the allocating task ${oom.victim} was OOM-killed`, oom, usable };
      break;
    }
    // another task died: its memory is back; retry
  }
  if (!result) result = { allocated: st.allocated, failed: st.remaining, oom, usable };
  if (st.explaining && st.allocated > 0) {
    if (st.placedOn === undefined) mm.tracer.fact(placedOneLine, req.path, st.firstNode, st.firstPages, preferred);
    else mm.tracer.line(placedLine(req.path, st.placedOn, preferred));
  }
  if (!req.quiet && result.failed > 0) mm.tracer.fact(failedLine, req.path, result.failed, req.order, result.reason);
  return result;
}


/**
 * One allocation's running state. take and commit were closures over allocPages' locals: a
 * context and two function objects per allocation, made again for every fault of a scattered
 * run. A class instance has one shape and is the only object made.
 */
class AllocState {
  remaining: number;
  allocated = 0;
  /** a node with the pages but not the free pageblocks an order >= pageblock_order request needs */
  fragmented: Set<number> | undefined = undefined;
  constructor(
    readonly mm: Mm,
    readonly req: AllocRequest,
    readonly size: number,
    readonly usable: number[],
    readonly preferred: number | undefined,
    readonly cpuNode: number,
    /** the closing explain line is wanted */
    readonly explaining: boolean,
  ) {
    this.remaining = req.count;
  }
  /**
   * For the closing explain line only: the pages placed, on one node (firstNode, firstPages)
   * until a second node takes some; from then on per node, in the order they took pages (no Map
   * made for the common allocation that stays on one node).
   */
  firstNode = -1;
  firstPages = 0;
  placedOn: Map<number, number> | undefined = undefined;
  placed(id: number, pages: number): void {
    if (this.placedOn !== undefined) this.placedOn.set(id, (this.placedOn.get(id) ?? 0) + pages);
    else if (this.firstNode === -1 || this.firstNode === id) {
      this.firstNode = id;
      this.firstPages += pages;
    } else
      this.placedOn = new Map([
        [this.firstNode, this.firstPages],
        [id, pages],
      ]);
  }
}

/** one pass over the usable nodes at a watermark */
function takeFrom(st: AllocState, mark: Mark): void {
  const { mm, req, size, usable } = st;
  for (let i = 0; i < usable.length; i++) {
    const id = usable[i];
    if (st.remaining === 0) return;
    if (req.stopWhen?.()) return;
    const n = mm.node(id)!;
    const avail = mm.freeOf(n) - markOf(n, mark, req.gfp);
    let blocks = Math.min(st.remaining, Math.floor(avail / size));
    if (blocks > 0 && req.order >= PAGEBLOCK_ORDER) blocks = Math.min(blocks, wholeBlocksFor(mm, n, req, blocks));
    if (blocks <= 0) {
      if (req.order >= PAGEBLOCK_ORDER && avail >= size) (st.fragmented ??= new Set()).add(id);
      continue;
    }
    commitBlocks(st, n, blocks);
  }
}

/** the tracepoints' texts, formatted when a record is read (mm/trace.ts eventFact) */
const pageAllocEvent = (order: number, nid: number, pages: number, gfp: number, owner: string): string => `order=${order} nid=${nid} pages=${pages} gfp_flags=${formatGfp(gfp)} owner=${owner}`;

function commitBlocks(st: AllocState, n: NodeState, blocks: number): void {
  const { mm, req } = st;
  const pages = blocks * st.size;
  st.remaining -= blocks;
  st.allocated += blocks;
  if (st.explaining) st.placed(n.id, pages);
  mm.account(n.id, req.owner, pages, req.span, req.order >= PAGEBLOCK_ORDER);
  mm.stat.add(n.zone === 'movable' ? 'pgalloc_movable' : 'pgalloc_normal', pages);
  mm.stat.add(n.id === st.cpuNode ? 'numa_local' : 'numa_other', pages);
  if (st.preferred === undefined || n.id === st.preferred) mm.stat.add('numa_hit', pages);
  else {
    mm.stat.add('numa_miss', pages);
    mm.stat.add('numa_foreign', pages);
  }
  const leak = leakOf(mm, n, req);
  if (leak) recordLeak(mm, n.id, pages, req, leak);
  mm.tracer.eventFact('mm_page_alloc', pageAllocEvent, req.order, n.id, pages, req.gfp, req.owner);
  req.sink(n.id, pages);
}

/**
 * The header line of an allocation, built once while it repeats: consecutive faults of one kind
 * of statement have the same header, and building it (a template of many parts, joins) was most
 * of the bytes a recorded fault allocated; a record then keeps the one string too. The last line
 * and what it was built from, compared by value (no array is trusted to be unchanged): a cache,
 * never state. (The closing line is a raw fact: placedOneLine.)
 */
let lastHeader: { path: string; gfp: number; nid: number; nodemask: number[] | undefined; list: number[]; ctx: string; text: string } | undefined;

function sameNumbers(a: readonly number[] | undefined, b: readonly number[] | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function headerLine(mm: Mm, req: AllocRequest, list: number[]): string {
  const ctx = req.ctx && mm.design.variant ? ` [${describeCtx(req.ctx)}]` : '';
  const h = lastHeader;
  if (h && h.path === req.path && h.gfp === req.gfp && h.nid === req.nid && h.ctx === ctx && sameNumbers(h.nodemask, req.nodemask) && sameNumbers(h.list, list)) return h.text;
  const text = `${req.path}: gfp ${formatGfp(req.gfp)}, preferred node ${req.nid}${req.nodemask ? `, nodemask {${req.nodemask.join(',')}}` : ''}; zonelist ${list.join(',')}${has(req.gfp, GFP.__GFP_THISNODE) ? ' (THISNODE)' : ''}${ctx}`;
  lastHeader = { path: req.path, gfp: req.gfp, nid: req.nid, nodemask: req.nodemask?.slice(), list: list.slice(), ctx, text };
  return text;
}

/** the closing line of an allocation that could not place every block */
const failedLine = (path: string, failed: number, order: number, reason: string | undefined): string => `${path}: ${failed} block(s) of order ${order} failed: ${reason ?? 'no memory'}`;

/** the closing line of an allocation that placed on one node (a raw fact: formatted when read) */
const placedOneLine = (path: string, node: number, pages: number, preferred: number | undefined): string =>
  `${path}: node ${node} ×${pages}${preferred !== undefined && node !== preferred ? ` (fell back from node ${preferred})` : ''}`;

/** the closing line: pages per node, and the node the allocation fell back from */
function placedLine(path: string, placedOn: Map<number, number>, preferred: number | undefined): string {
  const parts = [...placedOn.entries()].map(([n, p]) => `node ${n} ×${p}`);
  const fellBack = preferred !== undefined && [...placedOn.keys()].some((n) => n !== preferred);
  return `${path}: ${parts.join(', ')}${fellBack && preferred !== undefined ? ` (fell back from node ${preferred})` : ''}`;
}

/**
 * The free pageblocks an allocation of pageblock order or more can take on n (up to `want`
 * blocks). Short of them, direct compaction runs first when the request may reclaim directly
 * (__GFP_DIRECT_RECLAIM: GFP_TRANSHUGE, not _LIGHT) and the node may be compacted (a private
 * node only with NP_OPS_COMPACTION, kernel-rules §5.6).
 */
function wholeBlocksFor(mm: Mm, n: NodeState, req: AllocRequest, want: number): number {
  const per = pow2(req.order - PAGEBLOCK_ORDER);
  let whole = Math.floor(freePageblocks(mm, n) / per);
  if (whole < want && has(req.gfp, GFP.__GFP_DIRECT_RECLAIM) && (n.fragFree ?? 0) >= PAGEBLOCK_PAGES) {
    const c = compactNode(mm, n.id);
    if (!c.skipped) whole = Math.floor(freePageblocks(mm, n) / per);
    else if (!req.quiet) mm.tracer.line(c.skipped);
  }
  return whole;
}

function compactionNote(mm: Mm, req: AllocRequest, nodes: Set<number>): string {
  if (!has(req.gfp, GFP.__GFP_DIRECT_RECLAIM)) return ' (no __GFP_DIRECT_RECLAIM: no direct compaction)';
  const gated = [...nodes].filter((id) => compactionSkipReason(mm, id));
  return gated.length ? ` (compaction skips node${gated.length > 1 ? 's' : ''} ${gated.join(',')}: no NP_OPS_COMPACTION)` : '';
}

/** __alloc_pages_may_oom's early exits and the slowpath's no-OOM rules (kernel-rules §3.6). */
export function noOomReason(req: Pick<AllocRequest, 'gfp' | 'order'>): string | undefined {
  if (has(req.gfp, GFP.__GFP_NOFAIL)) return undefined;
  if (req.order > PAGE_ALLOC_COSTLY_ORDER) return `order ${req.order} > PAGE_ALLOC_COSTLY_ORDER: no OOM kill`;
  if (has(req.gfp, GFP.__GFP_RETRY_MAYFAIL)) return '__GFP_RETRY_MAYFAIL: fails instead of OOM-killing';
  if (has(req.gfp, GFP.__GFP_THISNODE)) return '__GFP_THISNODE: fails instead of OOM-killing';
  if (!has(req.gfp, GFP.__GFP_FS)) return 'no __GFP_FS: out_of_memory() pretends progress without killing';
  return undefined;
}

/**
 * Is a page that landed on `n` a leak? A page of device A's driver on a private node
 * device B owns is one under every design that isolates private nodes (the per-device
 * objection raised after v4); the owning driver's allocation on its own node is not.
 * Otherwise the design decides.
 */
function leakOf(mm: Mm, n: NodeState, req: AllocRequest): string | undefined {
  const owner = n.decl?.device;
  const driver = req.ctx?.driver;
  if (owner !== undefined && driver !== undefined && (n.state === 'private' || n.state === 'spm')) {
    if (driver !== owner) return `device ${driver}'s allocation reached node ${n.id}, which device ${owner} owns`;
    return undefined; // the owning driver's allocation on its own node
  }
  const v = mm.design.variant;
  return v && v.admits !== 'gate' ? variantLeak(v, n, req.gfp, !!req.serviceRight, selected(mm, req)) : leakReason(mm.design, n, req.gfp, !!req.serviceRight);
}

/** where the allocation is made, for `unlock_by` */
function siteOf(mm: Mm, req: AllocRequest): AllocSite {
  return { driver: req.ctx?.driver, nodeOwner: mm.node(req.nid)?.decl?.device, interrupt: !!req.ctx?.irq, task: req.task !== undefined };
}

/** the request's context, marked as walking ZONELIST_PRIVATE when its unlock flag selected it */
function selected(mm: Mm, req: Pick<AllocRequest, 'gfp' | 'ctx'>): AllocCtx | undefined {
  return usesPrivateZonelist(mm.design, req.gfp) ? { ...(req.ctx ?? { kind: 'page' }), zonelist: 'private' } : req.ctx;
}

function recordLeak(mm: Mm, nid: number, pages: number, req: AllocRequest, why: string): void {
  const span = req.span ?? mm.currentSpan;
  mm.leaks.push({ node: nid, pages, owner: req.owner, path: req.path, gfp: req.gfp, span });
  const key = `${span.start}:${span.end}:${nid}:${req.owner}`;
  const prev = mm.leakDiag.get(key);
  if (prev) {
    prev.pages += pages;
    prev.diag.message = leakMessage(prev.pages, nid, req, why);
    return;
  }
  mm.emit(
    'private-leak',
    leakMessage(pages, nid, req, why),
    mm.nodeRelated(nid, 'the private node'),
    span,
  );
  mm.leakDiag.set(key, { pages, diag: mm.diagnostics[mm.diagnostics.length - 1] });
}

function leakMessage(pages: number, nid: number, req: AllocRequest, why: string): string {
  return `${pages} page(s) of ${req.owner} reached private node ${nid} through ${req.path} (gfp ${formatGfp(req.gfp)}): ${why}`;
}

/** __setup_per_zone_wmarks() with min_free_kbytes = 4*sqrt(lowmem KiB), clamped [128, 262144]. */
export function setupWatermarks(mm: Mm): void {
  const nodes = mm.sortedNodes().filter((n) => n.present > 0 && n.state !== 'offline' && n.state !== 'device');
  const total = nodes.reduce((s, n) => s + n.present, 0);
  const configured = mm.sysctl('vm.min_free_kbytes');
  const minFreeKb = configured ?? Math.min(262144, Math.max(128, Math.floor(4 * Math.sqrt((total * PAGE_SIZE) / 1024))));
  const minFreePages = Math.floor((minFreeKb * 1024) / PAGE_SIZE);
  const scale = mm.sysctl('vm.watermark_scale_factor') ?? 10;
  for (const n of mm.nodes.values()) {
    if (!nodes.includes(n)) {
      n.wmark = { min: 0, low: 0, high: 0 };
      continue;
    }
    const min = Math.floor((minFreePages * n.present) / total);
    const step = Math.max(Math.floor(min / 4), Math.floor((n.present * scale) / 10000));
    n.wmark = { min, low: min + step, high: min + 2 * step };
  }
}

/**
 * A kernel allocation the scenario names (alloc_pages, kmalloc_node, ...): its pages land on a
 * handle. The request is built here, without object spread: this runs once per statement of hot loops.
 */
export function allocToHandle(
  mm: Mm,
  name: string,
  nid: number,
  gfp: number,
  order: number,
  count: number,
  nodemask: number[] | undefined,
  owner: string,
  path: string,
  ctx: AllocCtx | undefined,
  task: Task | undefined,
  via: (mm: Mm, req: AllocRequest) => AllocResult = allocPages,
): AllocResult {
  const handle: Handle = { name, owner, pagesByNode: new Map(), requested: count * pow2(order), span: mm.currentSpan, gfp };
  mm.handles.set(name, handle);
  const sink = (node: number, pages: number) => handle.pagesByNode.set(node, (handle.pagesByNode.get(node) ?? 0) + pages);
  return via(mm, { nid, gfp, order, count, nodemask, owner, path, sink, ctx, task });
}

/** __GFP_PRIVATE | __GFP_THISNODE: a failed allocation has no fallback and no OOM kill */
export function noFallbackGfp(gfp: number): boolean {
  return has(gfp, GFP.__GFP_PRIVATE) && has(gfp, GFP.__GFP_THISNODE);
}

/** __free_pages() of every page a handle holds */
export function freeHandle(mm: Mm, h: Handle): void {
  for (const [node, p] of h.pagesByNode) {
    mm.account(node, h.owner, -p);
    mm.stat.add('pgfree', p);
    mm.tracer.eventFact('mm_page_free', pageFreeEvent, node, p, h.owner);
  }
  h.pagesByNode.clear();
}

/** folio_alloc(): above order 0 a compound page; `zonelist=private` asks for ZONELIST_PRIVATE, which only some designs have */
export function folioGfp(mm: Mm, gfp: number, order: number, actx: AllocCtx, privateZonelist: boolean): number {
  if (privateZonelist) {
    if (mm.design.variant?.privateZonelist) actx.zonelist = 'private';
    else mm.tracer.line(`folio_alloc: zonelist=private ignored: the ${mm.design.name} design has no ZONELIST_PRIVATE`);
  }
  return order > 0 ? gfp | GFP.__GFP_COMP : gfp;
}

/** folio_alloc_node_private() (post-v4): the node's own one-node list, __GFP_THISNODE required; a design without it runs __folio_alloc_node */
export function folioNodePrivateGfp(mm: Mm, nid: number, gfp: number, order: number, actx: AllocCtx): { gfp: number; errno?: string; rule?: string } {
  if (mm.design.variant?.nodePrivateAllocator) {
    if (!has(gfp, GFP.__GFP_THISNODE)) return { gfp, errno: 'EINVAL', rule: 'it needs __GFP_THISNODE: the caller names the one node, there is no fallback' };
    if (mm.node(nid)?.state !== 'private') return { gfp, errno: 'EINVAL', rule: `node ${nid} is not a private node` };
    actx.nodePrivate = true;
  } else mm.tracer.line(`folio_alloc_node_private: the ${mm.design.name} design has no such allocator; run as __folio_alloc_node(gfp, order, ${nid})`);
  return { gfp: order > 0 ? gfp | GFP.__GFP_COMP : gfp };
}
