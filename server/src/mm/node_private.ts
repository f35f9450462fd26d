/**
 * include/linux/node_private.h + drivers/base/node.c (v4): the private-node ops
 * model (NP_OPS flags, callbacks, node_private_set_ops validation) and the
 * SERVICE HOOK INTERFACE through which the emulator core calls a private node's
 * owning service (CRAM, a CXL mempolicy driver, a NIC driver ...).
 *
 * ───────────────────────────── CALL CONTRACT ─────────────────────────────────
 * A service is a plain object implementing `NodeService` (every hook optional).
 * It is bound to one node through the registry at the bottom of this file
 * (`registerServiceFactory(kind, factory)`; run/ wires `cram` → mm/cram.ts). The
 * core never imports a service module; it looks the service up per node.
 *
 * Everything is synchronous and deterministic (no Date, no Math.random; use
 * `api.random()`, a seeded PRNG, when the kernel is random). Pages are counted
 * in 4 KiB base pages. A hook that is absent means "the kernel's default"
 * (the table of kernel-rules.md §2.2, column "If absent").
 *
 * The core calls, in this order of the kernel paths:
 *  - attach(api, nid)            once, when the node comes online (boot or hotplug)
 *                                with ops installed: CRAM starts kswapd here
 *                                (`api.startKswapd(nid)`) and refreshes demotion
 *                                targets (the core recomputes them after attach).
 *  - migrate_to(api, batch)      demotion (vmscan demote_folio_list, reason
 *                                'demotion', mode 'async') and user migration
 *                                (move_pages/migrate_pages, reason 'syscall',
 *                                mode 'sync') INTO the node. The service moves
 *                                pages with `batch.migrate({gfp, stopWhen})`, which
 *                                allocates each target page on the node through
 *                                the real allocator (`api.allocPages`) with the
 *                                service's GFP (CRAM: GFP_PRIVATE|__GFP_KSWAPD_RECLAIM
 *                                |__GFP_HIGHMEM|__GFP_MOVABLE|__GFP_NOWARN|__GFP_NORETRY)
 *                                and moves them in LRU order; `stopWhen` is polled
 *                                between chunks (mid-batch backpressure: return
 *                                NULL once migration_blocked). Return
 *                                { error: 'ENOSPC'|'ENODEV' } to refuse the whole
 *                                batch, or { error: undefined } after migrating
 *                                any number (possibly fewer, possibly 0) of pages;
 *                                the core reads batch.moved. vmscan falls back to
 *                                swap for whatever was not moved; move_pages reports
 *                                per-page status (-ENOMEM for pages left behind,
 *                                the errno for a refusal).
 *  - handle_fault(api, fault)    a WRITE fault on a present page of a
 *                                PROTECT_WRITE node (reads are served in place).
 *                                The service promotes with `fault.promote({gfp, nid})`
 *                                (allocates on the faulting CPU's node with
 *                                GFP_HIGHUSER_MOVABLE|__GFP_RETRY_MAYFAIL, direct
 *                                reclaim allowed, no nodemask) and returns
 *                                'done' (the write proceeds on the new copy) or
 *                                'retry' (VM_FAULT_RETRY: the page stays read-only
 *                                on the node; the core records it, no OOM kill).
 *  - free_folio(api, free)       pages of the node are freed (munmap, exit, OOM
 *                                kill, free_pages). Return how many of them the
 *                                service KEEPS (deferred free: they stay used on
 *                                the node until the service calls
 *                                `api.releaseDeferred(nid, pages)`); 0 = all go back
 *                                to the buddy allocator.
 *  - reclaim_policy(api, nid)    read once per kswapd run on the node
 *                                (balance_pgdat) and at watermark setup: may_swap /
 *                                may_writepage (can only enable) and
 *                                managed_watermarks (the service owns the boost).
 *  - folio_migrate(api, ...)     notification after pages leave the node
 *                                (migration source is this node).
 *  - memory_failure(api, ...)    notification after pages are poisoned.
 *  - migrationBlocked(nid)       np->migration_blocked: can_demote() is false for
 *                                sources whose target is this node; demotion skips
 *                                it (vmscan then swaps).
 *  - media                       the device model (cxl_device.ts): store/erase are
 *                                called whenever pages arrive on / leave the node,
 *                                with their DataProfile-derived compression ratio;
 *                                the device may raise interrupts (call
 *                                `api.interrupt(nid, 'low'|'high')`) which the core
 *                                routes to `onInterrupt` of the node's service in
 *                                the same step (edge-triggered, language.md, rules of the run).
 *                                `room(ratio)` tells the core how many pages of that
 *                                ratio fit before the next interrupt edge, so bulk
 *                                moves are chunked exactly at edges.
 *  - deviceStatement(api, call)  a `device NODE { ... }` statement (raise /
 *                                set_ratio / fill) for this node.
 *  - report(nid)                 CRAM fields of NodeReport (media, open, pressure).
 *  - writableOnArrival / writableGone   (optional, "loosened read-only" CRAM) how
 *                                many arriving pages of a PROTECT_WRITE node stay
 *                                writable; writable pages that left or were revoked.
 *  - callbackGaps(nid, ops)      callbacks the device needs that the ops lack: the
 *                                core raises missing-callback on the declaration.
 *  - media.rewrite / releaseRoom  in-place writes (ratio change) and the number of
 *                                pages that may LEAVE before the next edge (kswapd
 *                                cuts its swap-out there and re-checks its goal).
 *
 * ServiceApi also offers (optional members, always present in this core):
 * nodeOps(nid), writeProtect(nid) (revoke writable mappings), wakeKswapd(nid)
 * (run the node's kswapd at the end of the statement, within the step).
 *
 * The core exposes to services only `ServiceApi` (below): allocator entry point,
 * migration helpers, kswapd, watermark boost, vmstat, diagnostics and trace.
 * ──────────────────────────────────────────────────────────────────────────────
 */
import type { DiagnosticCode, RelatedInfo } from '../common/diagnostics';
import type { Span } from '../common/span';
import type { Call, DataProfile, NodeKind } from '../model/ir';
import { CALLBACKS, CallbackName, callbacksRequiredBy, CRAM_CALLBACKS, CRAM_OPS, NP_OPS } from '../vocab/npops';

// ───────────────────────────── ops model ─────────────────────────────

export interface NodePrivateOps {
  flags: number;
  callbacks: CallbackName[];
}

/** The ops a declaration (or node_private_set_ops) asks for, before validation. */
export function requestedOps(kind: NodeKind, ops: number | undefined, callbacks: string[] | undefined): NodePrivateOps {
  if (ops === undefined && kind === 'cram') {
    return { flags: CRAM_OPS, callbacks: callbacks ? normaliseCallbacks(callbacks) : [...CRAM_CALLBACKS] };
  }
  const flags = ops ?? 0;
  const cbs = callbacks ? normaliseCallbacks(callbacks) : callbacksRequiredBy(flags);
  return { flags, callbacks: cbs };
}

function normaliseCallbacks(names: string[]): CallbackName[] {
  const out: CallbackName[] = [];
  for (const n of names) if ((CALLBACKS as readonly string[]).includes(n) && !out.includes(n as CallbackName)) out.push(n as CallbackName);
  return out;
}

/**
 * node_private_set_ops() validation (kernel-rules §1.3, patches 12,13,15,18,19).
 * Returns the reason of the first failed rule (the kernel returns -EINVAL), or undefined.
 */
export function validateOps(ops: NodePrivateOps): string | undefined {
  const f = ops.flags;
  const has = (b: number) => (f & b) !== 0;
  if (has(NP_OPS.NP_OPS_MIGRATION) && !(ops.callbacks.includes('migrate_to') && ops.callbacks.includes('folio_migrate'))) {
    const missing = ['migrate_to', 'folio_migrate'].filter((c) => !ops.callbacks.includes(c as CallbackName));
    return `NP_OPS_MIGRATION requires the migrate_to and folio_migrate callbacks (missing ${missing.join(', ')})`;
  }
  if (has(NP_OPS.NP_OPS_MEMPOLICY) && !has(NP_OPS.NP_OPS_MIGRATION)) return 'NP_OPS_MEMPOLICY requires NP_OPS_MIGRATION';
  if (has(NP_OPS.NP_OPS_MEMPOLICY) && has(NP_OPS.NP_OPS_PROTECT_WRITE)) return 'NP_OPS_MEMPOLICY and NP_OPS_PROTECT_WRITE are mutually exclusive';
  if (has(NP_OPS.NP_OPS_NUMA_BALANCING) && !has(NP_OPS.NP_OPS_MIGRATION)) return 'NP_OPS_NUMA_BALANCING requires NP_OPS_MIGRATION';
  if (has(NP_OPS.NP_OPS_COMPACTION) && !has(NP_OPS.NP_OPS_MIGRATION)) return 'NP_OPS_COMPACTION requires NP_OPS_MIGRATION';
  return undefined;
}

export function formatOps(flags: number): string {
  const names = Object.entries(NP_OPS)
    .filter(([, v]) => flags & v)
    .map(([k]) => k.replace('NP_OPS_', ''));
  return names.length ? names.join('|') : '0';
}

export const hasCallback = (ops: NodePrivateOps | undefined, cb: CallbackName): boolean => !!ops && ops.callbacks.includes(cb);

// ───────────────────────────── service hook interface ─────────────────────────────

/** Compression ratio of stored data (DataProfile of ir.ts): zero 64:1, text 3:1, random 1:1, ratio(R). */
export function profileRatio(p: DataProfile | undefined, nodeDefault: number): number {
  if (!p) return nodeDefault;
  switch (p.kind) {
    case 'zero':
      return 64;
    case 'text':
      return 3;
    case 'random':
      return 1;
    case 'ratio':
      return p.ratio > 0 ? p.ratio : 1;
  }
}

export type MigrateReason = 'demotion' | 'syscall' | 'mbind' | 'numa_misplaced' | 'hotplug' | 'longterm_pin' | 'cpuset' | 'promotion';

/** Pages of one ratio class offered in a batch (in LRU order, oldest first). */
export interface BatchRun {
  pages: number;
  /** compression ratio of the data (for the media model) */
  ratio: number;
}

export interface MigrateOptions {
  gfp: number;
  /** polled between chunks; true stops the batch (the allocator returns NULL) */
  stopWhen?: () => boolean;
  /** at most this many pages */
  max?: number;
}

/** What the core hands to migrate_to. */
export interface MigrationBatch {
  nid: number;
  reason: MigrateReason;
  mode: 'async' | 'sync';
  /** pages offered (sum of runs) */
  readonly offered: number;
  readonly runs: readonly BatchRun[];
  /** pages moved so far */
  readonly moved: number;
  /**
   * Move offered pages onto `nid`, allocating each target through the allocator
   * with opts.gfp (preferred node nid, no nodemask). Returns pages moved by this call.
   * Pages whose target allocation failed stay where they are.
   */
  migrate(opts: MigrateOptions): number;
}

export interface MigrateToResult {
  /** refuse the batch (migrate_to returned <0) */
  error?: 'ENOSPC' | 'ENODEV' | 'ENOMEM' | 'EBUSY';
}

export interface WriteFault {
  nid: number;
  /** pages of the faulting range that sit on this node, write-protected */
  pages: number;
  /** the faulting CPU's node */
  cpuNode: number;
  task: string;
  /**
   * Promote the pages (MR_NUMA_MISPLACED, MIGRATE_SYNC): allocate with `gfp` preferring `nid`
   * (default the CPU's node), no nodemask, may direct-reclaim. Returns pages promoted.
   */
  promote(opts: { gfp: number; nid?: number }): number;
}

export type FaultResult = 'done' | 'retry';

export interface FreeRun {
  nid: number;
  pages: number;
  /** the owner whose pages are freed ("task:buf", "kernel:p") */
  owner: string;
}

export interface ReclaimPolicy {
  may_swap?: boolean;
  may_writepage?: boolean;
  /** the service owns watermark_boost: kswapd and watermark setup never clear it */
  managed_watermarks?: boolean;
}

/** The device media model (cxl_device.ts). */
export interface MediaHooks {
  /** pages of data with this ratio arrived on the node */
  store(api: ServiceApi, nid: number, pages: number, ratio: number): void;
  /** pages of data with this ratio left the node (freed, migrated, swapped out) */
  erase(api: ServiceApi, nid: number, pages: number, ratio: number): void;
  /** how many pages of this ratio can be stored before the next interrupt edge (Infinity = no edge) */
  room?(nid: number, ratio: number): number;
  /** bytes of media in use (run allocations only) */
  usedBytes(nid: number): number;
  capacityBytes(nid: number): number;
  /** pages on the node were written in place: their data changed from ratio `from` to `to` */
  rewrite?(api: ServiceApi, nid: number, pages: number, from: number, to: number): void;
  /** how many pages of this ratio may leave the node before the next interrupt edge (Infinity = none) */
  releaseRoom?(nid: number, ratio: number): number;
  /**
   * how many pages may be rewritten in place from ratio `from` to `to` before the next interrupt
   * edge (the crossing page included, like room); Infinity = no edge
   */
  rewriteRoom?(nid: number, from: number, to: number): number;
}

export interface NodeService {
  readonly name: string;
  /** ops registered when the declaration gives none (CRAM: CRAM_OPS + its callbacks) */
  defaultOps?(): NodePrivateOps;
  attach?(api: ServiceApi, nid: number): void;
  migrate_to?(api: ServiceApi, batch: MigrationBatch): MigrateToResult;
  handle_fault?(api: ServiceApi, fault: WriteFault): FaultResult;
  free_folio?(api: ServiceApi, free: FreeRun): number;
  reclaim_policy?(api: ServiceApi, nid: number): ReclaimPolicy;
  folio_migrate?(api: ServiceApi, nid: number, pages: number, toNid: number): void;
  memory_failure?(api: ServiceApi, nid: number, pages: number): void;
  migrationBlocked?(nid: number): boolean;
  /** interrupt routed from the device (edge) */
  onInterrupt?(api: ServiceApi, nid: number, level: 'low' | 'high'): void;
  media?: MediaHooks;
  /** a statement in `device NID { }`; return an errno to fail it */
  deviceStatement?(api: ServiceApi, nid: number, call: Call): { errno?: string } | void;
  report?(nid: number): { mediaUsedBytes?: number; mediaCapacityBytes?: number; open?: boolean; pressure?: number };
  /** metric hooks used by expectations: open(N), pressure(N) */
  isOpen?(nid: number): boolean;
  pressure?(nid: number): number;
  /** the compression ratio of data written with no data= profile (set_ratio changes it); default: the node's `ratio` */
  defaultRatio?(nid: number): number;
  /**
   * PROTECT_WRITE nodes: how many of `pages` arriving pages keep a writable mapping (the first
   * ones of the arrival, in LRU order); 0 or absent = all write-protected (v4).
   */
  writableOnArrival?(api: ServiceApi, nid: number, pages: number): number;
  /** writable pages of the node were revoked or left it */
  writableGone?(api: ServiceApi, nid: number, pages: number): void;
  /** callbacks the device needs but the node's ops lack (missing-callback on the declaration) */
  callbackGaps?(nid: number, ops: NodePrivateOps): { callback: CallbackName; message: string }[];
  /** sysctls this service understands (e.g. cram.writable_fraction) */
  sysctl?(key: string, value: number): boolean;
}

export interface AllocRequestApi {
  nid: number;
  gfp: number;
  order: number;
  /** number of 2^order blocks */
  count: number;
  nodemask?: number[];
  /** an owner label for accounting ("cram:promote", "kernel:p") */
  owner: string;
  /** a short description of the caller for explain lines / leak accounting */
  path: string;
}

export interface AllocOutcomeApi {
  /** pages placed per node, in allocation order */
  placed: { node: number; pages: number }[];
  /** blocks that could not be allocated */
  failed: number;
  explain: string[];
}

/** What a service may call on the core. */
export interface ServiceApi {
  /** the design being run */
  readonly design: string;
  /** the page allocator entry point (__alloc_pages): honours the zonelist, gates, watermarks, reclaim, OOM */
  allocPages(req: AllocRequestApi): AllocOutcomeApi;
  /** free pages previously obtained with allocPages (by owner) */
  freePages(owner: string, nid: number, pages: number): void;
  /** start/stop the node's kswapd (private nodes have none until the service starts it) */
  startKswapd(nid: number): void;
  stopKswapd(nid: number): void;
  /** run kswapd on the node now (balance_pgdat): returns pages reclaimed */
  kswapd(nid: number): number;
  /** direct reclaim of up to `pages` on the node; returns pages reclaimed */
  reclaim(nid: number, pages: number): number;
  /** zone->watermark_boost of the node's zone, in pages */
  setWatermarkBoost(nid: number, pages: number): void;
  managedPages(nid: number): number;
  freePagesOf(nid: number): number;
  usedPagesOf(nid: number): number;
  /** re-run establish_demotion_targets (memory_tier_refresh_demotion) */
  refreshDemotion(): void;
  /** pages freed earlier with free_folio()>0 go back to the buddy now */
  releaseDeferred(nid: number, pages: number): void;
  /** route a device interrupt to the node's service (edge-triggered) */
  interrupt(nid: number, level: 'low' | 'high'): void;
  /** vmstat counter += n */
  count(stat: string, n: number): void;
  /** raise a diagnostic on the statement being run */
  diagnostic(code: DiagnosticCode, message: string, related?: RelatedInfo[]): void;
  /** a decision-path line for the step record */
  explain(line: string): void;
  /** a trace event for the step record */
  trace(tp: string, text: string): void;
  /** seeded deterministic PRNG in [0,1) */
  random(): number;
  /** the node's declaration span (for related information) */
  nodeSpan(nid: number): Span | undefined;
  /** the node's declared attributes */
  nodeDecl(nid: number): { kind: NodeKind; sizeBytes: number; mediaBytes?: number; ratio?: number; watermarks?: { low: number; high: number } } | undefined;
  /** sysctl value (undefined if not set) */
  sysctl(key: string): number | undefined;
  /** the node's current ops (after node_private_set_ops); undefined = none */
  nodeOps?(nid: number): NodePrivateOps | undefined;
  /** write-protect every page of the node (revoke writable mappings); returns pages revoked */
  writeProtect?(nid: number): number;
  /** wakeup_kswapd() deferred to the end of the statement (still within the step) */
  wakeKswapd?(nid: number): void;
}

// ───────────────────────────── registry ─────────────────────────────

export type ServiceFactory = (nid: number) => NodeService;

const factories = new Map<string, ServiceFactory>();

/** Bind a node kind (e.g. 'cram') to a service factory. run/ wires this; the core only looks it up. */
export function registerServiceFactory(kind: string, factory: ServiceFactory): void {
  factories.set(kind, factory);
}

/** remove a binding (tests that bind a fake service to a kind) */
export function unregisterServiceFactory(kind: string): void {
  factories.delete(kind);
}

export function serviceFactoryFor(kind: string): ServiceFactory | undefined {
  return factories.get(kind);
}
