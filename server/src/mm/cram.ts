/**
 * mm/cram.c (RFC v4, patch 23): the Compressed RAM service that owns a CRAM node, and only that.
 * The driver that registers a node with it, probes the device and runs the interrupt threads is
 * cxl_compression.ts; the device is cxl_device.ts. CRAM knows no media and no compression ratio
 * (§8.5): what it needs from the device side it asks its owner (`CramOwner`, the driver).
 *
 * What it does, with provenance (kernel-rules.md):
 *   - registration (§8.2): ops MIGRATION|DEMOTION|NUMA_BALANCING|PROTECT_WRITE|RECLAIM and the
 *     callbacks handle_fault, migrate_to, folio_migrate, free_folio, reclaim_policy (a node `ops`
 *     override replaces them, to explore CRAM without one); kswapd started on the node.
 *   - entry (§8.3): migrate_to refuses the batch with -ENOSPC at pressure 1000, -ENODEV when not
 *     registered; otherwise migrates with CRAM's allocator (GFP_PRIVATE|__GFP_KSWAPD_RECLAIM|
 *     __GFP_HIGHMEM|__GFP_MOVABLE|__GFP_NOWARN|__GFP_NORETRY: no direct reclaim, never OOM), which
 *     returns NULL as soon as migration_blocked is set (mid-batch back-pressure, §12 #34).
 *     Demotion is the way in; explicit move_pages into the node also works ([INF] §5.1).
 *   - write fault (§8.4): promotion to the faulting CPU's node with GFP_HIGHUSER_MOVABLE|
 *     __GFP_RETRY_MAYFAIL (may direct-reclaim, never OOM-kills); failure = VM_FAULT_RETRY, the page
 *     stays on the node read-only.
 *   - back-pressure (§8.5): the device's low interrupt (vector 12) sets pressure 1000:
 *     migration_blocked, watermark_boost = all managed pages, kswapd woken (evicts to swap, §8.6);
 *     the high interrupt (vector 13) sets pressure 0.
 *   - reclaim_policy (§8.6): may_swap, may_writepage, managed_watermarks.
 *   - free path (§8.7): freed pages are zeroed (CPU zeroing; the device deallocates zeroed media).
 *   - beyond v4 (thread: CRAM device tester "loosening the read-only constraint"): `cram.writable_fraction`: that
 *     share of compressed pages keeps a writable mapping on arrival; back-pressure revokes them
 *     first. Without write protection, writes that make data less compressible can exhaust media
 *     while the OS still sees free memory: `cram-media-overflow`.
 *
 * The device (media, interrupts) is cxl_device.ts, where pages sit on it cxl_device/media_map.ts;
 * what CRAM registers (ops, GFPs, counters) is cram/registration.ts.
 *
 * How it plugs into the core (node_private.ts NodeService; run/services.ts registers the driver's
 * `cramServiceFactory` for the `cram` kind, mm/service_nodes.ts bindService() binds one per node;
 * the hooks marked (driver) are answered by cxl_compression.ts through this service):
 *   attach           simulate.ts at boot / memory_hotplug.ts        registration, kswapd on
 *   callbackGaps     simulate.ts                                    missing-callback on the decl
 *   migrate_to       migrate.ts nodePrivateMigrateTo (vmscan demote_folio_list, move_pages)
 *   media.* (driver) the device's view of arrivals, departures, rewrites and its next edge:
 *   media.room       migrate.ts PageMover: bulk moves cut at the device's next edge
 *   media.store/erase  every arrival / departure (migrate, swap-out, free)
 *   media.rewrite    memory.ts touchRange: in-place writes of writable pages
 *   media.rewriteRoom  memory.ts touchRange: an in-place write is cut at the device's next edge
 *   media.releaseRoom  vmscan.ts shrinkNode: boosted kswapd stops at the high interrupt
 *   writableOnArrival / writableGone  migrate.ts moveRemap (cram.writable_fraction)
 *   handle_fault     memory.ts handleWriteFaults (write to a write-protected page)
 *   free_folio       memory.ts releaseToNode
 *   reclaim_policy   vmscan.ts balance_pgdat / shrinkNode
 *   migrationBlocked memory_tiers.ts canDemote
 *   onInterrupt (driver)  ServiceApi.interrupt(), when the device fires: the driver's IRQ thread,
 *                    which calls lowInterrupt / highInterrupt here
 *   deviceStatement (driver)  run/ops.ts: raise / set_ratio / fill in `device N { }`
 *   defaultRatio (driver)  mm/service_nodes.ts resolveRatio: data written without `data=`
 *   report / isOpen / pressure / sysctl   run/report.ts, expectations, simulate.ts (media fields: driver)
 * and calls back: api.startKswapd, setWatermarkBoost, wakeKswapd (kswapd runs when the statement
 * is done, within the step), writeProtect (revocation), nodeOps, count, diagnostic, explain.
 */
import type { Call } from '../model/ir';
import { NP_OPS } from '../vocab/npops';
import { CallbackGap, cramCallbackGaps, CRAM_MIGRATE_GFP, CRAM_PRESSURE_MAX, CRAM_PROMOTE_GFP, CRAM_STATS } from './cram/registration';
import type {
  FaultResult,
  FreeRun,
  MigrateToResult,
  MediaHooks,
  MigrationBatch,
  NodePrivateOps,
  NodeService,
  ReclaimPolicy,
  ServiceApi,
  WriteFault,
} from './node_private';

/**
 * What the driver that registers a node gives CRAM (cram_register_private_node(nid, owner, ...),
 * §8.2): the device side of the node, which CRAM itself does not model (cxl_compression.ts).
 */
export interface CramOwner {
  /** the device's view of pages arriving on / leaving / rewritten on the node */
  readonly media: MediaHooks;
  /** the driver's probe: the device behind the node exists from here on */
  probe(api: ServiceApi): void;
  /** what the driver says of its device when the node registers ("media 1 GiB, ratio 2") */
  describe(): string;
  /** pages holding live data on the device */
  livePages(): number;
  /** the device raised an interrupt: the driver's IRQ thread (it calls lowInterrupt / highInterrupt) */
  onInterrupt(api: ServiceApi, level: 'low' | 'high'): void;
  deviceStatement(api: ServiceApi, call: Call): { errno?: string } | void;
  defaultRatio(): number;
  mediaReport(): { usedBytes: number; capacityBytes?: number; watermarks?: { low: number; high: number } };
  deviceStats(): ({ stalePages: number } & Record<string, unknown>) | undefined;
}

export class CramService implements NodeService {
  readonly name = 'cram';
  private registered = false;
  private pressureValue = 0;
  private writableFraction = 0;
  private writablePages = 0;

  constructor(
    readonly nid: number,
    /** the driver that registered the node (cxl_compression.ts) */
    private readonly owner: CramOwner,
  ) {}

  /** the device side of the node's hooks (the driver's) */
  get media(): MediaHooks {
    return this.owner.media;
  }

  get isRegistered(): boolean {
    return this.registered;
  }

  // No defaultOps(): requestedOps('cram', ops, callbacks) (node_private.ts) already gives CRAM_OPS
  // and CRAM's callbacks when the declaration names none, and honours a declared `callbacks` list
  // (a defaultOps() here would hide it).

  /**
   * cram_register_private_node(): publish, start kswapd (§8.2). CRAM needs an N_MEMORY_PRIVATE
   * node with node_private ops: under designs without them (stock, spm_v2, zone_device) there is
   * no CRAM at all, only the device: its media is still accounted, but nobody handles its
   * interrupts, write-protects its pages or zeroes freed ones.
   */
  attach(api: ServiceApi, nid: number): void {
    this.owner.probe(api);
    for (const stat of Object.keys(CRAM_STATS)) api.count(stat, 0); // visible (0) from the start
    if (!api.nodeOps?.(nid)) {
      api.explain(`cram: no CRAM on node ${nid} under ${api.design} (needs an N_MEMORY_PRIVATE node with node_private ops): the device is plain memory, nobody answers its interrupts`);
      return;
    }
    this.registered = true;
    api.startKswapd(nid);
    const wf = api.sysctl('cram.writable_fraction');
    if (wf !== undefined) this.writableFraction = clampFraction(wf);
    // missing-callback is raised on the node declaration by the core (callbackGaps below)
    api.explain(`cram: registered on node ${nid} (kswapd started); ${this.owner.describe()}`);
  }

  // ───────────── entry: demotion / move_pages ─────────────

  migrate_to(api: ServiceApi, batch: MigrationBatch): MigrateToResult {
    if (!this.registered) return { error: 'ENODEV' };
    if (this.pressureValue >= CRAM_PRESSURE_MAX) {
      api.count('cram_migrate_refused', 1);
      api.explain(`cram_migrate_to(node ${this.nid}): -ENOSPC, pressure ${this.pressureValue} (device low on media)`);
      return { error: 'ENOSPC' };
    }
    const moved = batch.migrate({ gfp: CRAM_MIGRATE_GFP, stopWhen: () => this.pressureValue >= CRAM_PRESSURE_MAX });
    api.count(batch.reason === 'demotion' ? 'cram_demote' : 'cram_migrate_in', moved);
    const left = batch.offered - batch.moved;
    if (left > 0 && this.pressureValue >= CRAM_PRESSURE_MAX) {
      api.count('cram_blocked_midbatch', left);
      api.explain(`cram_migrate_to(node ${this.nid}): migration_blocked set mid-batch: alloc_cram_folio returned NULL for ${left} pages`);
    }
    const wp = (api.nodeOps?.(this.nid)?.flags ?? 0) & NP_OPS.NP_OPS_PROTECT_WRITE;
    api.explain(`cram_migrate_to(node ${this.nid}, ${batch.reason}): ${moved} of ${batch.offered} pages moved${wp ? ', arriving write-protected' : ', arriving writable (no PROTECT_WRITE)'}`);
    return {};
  }

  /**
   * How many of `pages` arriving pages keep a writable mapping (cram.writable_fraction): enough to
   * keep the writable share of the node's pages at the fraction. Called before their media is
   * stored. None while the device is under pressure.
   */
  writableOnArrival(api: ServiceApi, _nid: number, pages: number): number {
    if (this.writableFraction <= 0 || this.pressureValue > 0) return 0;
    const live = this.owner.livePages();
    this.writablePages = Math.min(this.writablePages, live);
    const target = Math.floor(this.writableFraction * (live + pages));
    const grant = Math.max(0, Math.min(pages, target - this.writablePages));
    this.writablePages += grant;
    if (grant > 0) api.count('cram_writable_granted', grant);
    return grant;
  }

  writableGone(_api: ServiceApi, _nid: number, pages: number): void {
    this.writablePages = Math.max(0, this.writablePages - pages);
  }

  /** pages left the device: no more writable pages than live ones */
  capWritable(live: number): void {
    this.writablePages = Math.min(this.writablePages, live);
  }

  // ───────────── write fault: promotion ─────────────

  handle_fault(api: ServiceApi, fault: WriteFault): FaultResult {
    if (!this.registered) return 'done';
    const promoted = fault.promote({ gfp: CRAM_PROMOTE_GFP, nid: fault.cpuNode });
    if (promoted > 0) {
      api.count('cram_promote', promoted);
      // a promotion to a faster tier (the core's migration of reason 'promotion' counts pgmigrate_success only)
      api.count('pgpromote_success', promoted);
    }
    if (promoted >= fault.pages) {
      api.diagnostic(
        'cram-promotion',
        `write to ${fault.pages} write-protected compressed page${fault.pages === 1 ? '' : 's'} on CRAM node ${fault.nid} promoted ${fault.pages === 1 ? 'it' : 'them'} to node ${fault.cpuNode} (cram_fault: migrate_pages MR_NUMA_MISPLACED, GFP_HIGHUSER_MOVABLE|__GFP_RETRY_MAYFAIL); the write completes on the new copy`,
      );
      return 'done';
    }
    api.count('cram_promote_retry', 1);
    api.diagnostic(
      'cram-promotion',
      `write fault on CRAM node ${fault.nid}: promotion to node ${fault.cpuNode} found memory for ${promoted} of ${fault.pages} page${fault.pages === 1 ? '' : 's'}; cram_fault returns VM_FAULT_RETRY and ${fault.pages - promoted === 1 ? '1 page stays' : `${fault.pages - promoted} pages stay`} on node ${fault.nid} read-only (the task keeps refaulting until memory frees; __GFP_RETRY_MAYFAIL never OOM-kills)`,
    );
    return 'retry';
  }

  // ───────────── free path ─────────────

  /** cram_free_folio without a flush callback: CPU-zero the page, return it to buddy (§8.7) */
  free_folio(api: ServiceApi, free: FreeRun): number {
    api.count('cram_zeroed', free.pages);
    return 0;
  }

  /** for the core's missing-callback check on the node declaration (cramCallbackGaps) */
  callbackGaps(nid: number, ops: NodePrivateOps): CallbackGap[] {
    return cramCallbackGaps(nid, ops);
  }

  reclaim_policy(): ReclaimPolicy {
    return { may_swap: true, may_writepage: true, managed_watermarks: true };
  }

  folio_migrate(): void {
    /* cram_folio_migrate is a no-op in v4 */
  }

  migrationBlocked(): boolean {
    return this.pressureValue >= CRAM_PRESSURE_MAX;
  }

  // ───────────── back-pressure ─────────────

  /** the device raised an interrupt: its driver's IRQ thread handles it (cxl_compression.ts) */
  onInterrupt(api: ServiceApi, _nid: number, level: 'low' | 'high'): void {
    this.owner.onInterrupt(api, level);
  }

  /**
   * The lthresh IRQ thread's cram_set_pressure(MAX) (§8.5), writable mappings revoked first
   * (beyond v4). `irq` is what the driver saw ("raised by the device: free media …, low watermark 10%").
   */
  lowInterrupt(api: ServiceApi, irq: string): void {
    api.count('cram_pressure_low', 1);
    let revoked = 0;
    if (this.writablePages > 0) {
      revoked = api.writeProtect?.(this.nid) ?? 0;
      api.count('cram_writable_revoked', revoked);
      this.writablePages = 0;
    }
    const p = this.lowPressure(api);
    this.setPressure(api, p);
    api.diagnostic(
      'cram-backpressure',
      (p >= CRAM_PRESSURE_MAX
        ? `CRAM node ${this.nid} closed to demotion: low-watermark interrupt (lthresh, MSI-X 12) ${irq}; cram_set_pressure(${p}): migration_blocked, watermark boost = all managed pages, ${this.evictionNote(api)}`
        : `CRAM node ${this.nid} under pressure: low-watermark interrupt (lthresh, MSI-X 12) ${irq}; cram_set_pressure(${p}) (cram.pressure_max): watermark boost = ${p / 10}% of managed pages, demotion not blocked`) +
        (revoked > 0 ? `; ${revoked} writable mappings revoked first` : ''),
    );
  }

  /** the hthresh IRQ thread's cram_clear_pressure (§8.5) */
  highInterrupt(api: ServiceApi, irq: string): void {
    api.count('cram_pressure_high', 1);
    this.setPressure(api, 0);
    api.diagnostic('cram-backpressure', `CRAM node ${this.nid} open again: high-watermark interrupt (hthresh, MSI-X 13) ${irq}; cram_clear_pressure(): boost 0, demotion resumes`);
  }

  /** what boosted kswapd can do on the node, given its ops (§5.5, §8.6) */
  private evictionNote(api: ServiceApi): string {
    const ops = api.nodeOps?.(this.nid);
    if (!ops || !(ops.flags & NP_OPS.NP_OPS_RECLAIM)) return 'but without NP_OPS_RECLAIM kswapd never reclaims the node: nothing evicts the compressed pages';
    if (!ops.callbacks.includes('reclaim_policy')) return 'but without reclaim_policy boosted kswapd may not swap: the compressed pages stay';
    return 'kswapd evicts compressed pages to swap';
  }

  /** the pressure the low interrupt sets: 1000 in v4, `cram.pressure_max` to explore gentler ones */
  private lowPressure(api: ServiceApi): number {
    const v = api.sysctl('cram.pressure_max');
    return v !== undefined && v > 0 ? Math.min(CRAM_PRESSURE_MAX, v) : CRAM_PRESSURE_MAX;
  }

  /** cram_set_pressure(nid, p) (§8.5) */
  setPressure(api: ServiceApi, p: number): void {
    const v = Math.max(0, Math.min(CRAM_PRESSURE_MAX, Math.round(p)));
    this.pressureValue = v;
    const boost = Math.floor((api.managedPages(this.nid) * v) / CRAM_PRESSURE_MAX);
    api.setWatermarkBoost(this.nid, boost);
    if (boost > 0) api.wakeKswapd?.(this.nid);
    api.trace('cram_set_pressure', `nid=${this.nid} pressure=${v} migration_blocked=${v >= CRAM_PRESSURE_MAX ? 1 : 0} boost=${boost}`);
  }

  isOpen(): boolean {
    return this.pressureValue < CRAM_PRESSURE_MAX;
  }

  pressure(): number {
    return this.pressureValue;
  }

  // ───────────── the device side, answered by the driver ─────────────

  deviceStatement(api: ServiceApi, _nid: number, call: Call): { errno?: string } | void {
    return this.owner.deviceStatement(api, call);
  }

  sysctl(key: string, value: number): boolean {
    if (key !== 'cram.writable_fraction') return false;
    this.writableFraction = clampFraction(value);
    return true;
  }

  /** the compression ratio of data with no `data=` profile (the node `ratio`, changed by set_ratio) */
  defaultRatio(): number {
    return this.owner.defaultRatio();
  }

  report(): { mediaUsedBytes?: number; mediaCapacityBytes?: number; open?: boolean; pressure?: number; watermarks?: { low: number; high: number } } {
    const m = this.owner.mediaReport();
    const out: { mediaUsedBytes?: number; mediaCapacityBytes?: number; open?: boolean; pressure?: number; watermarks?: { low: number; high: number } } = {
      mediaUsedBytes: m.usedBytes,
      mediaCapacityBytes: m.capacityBytes,
      open: this.isOpen(),
      pressure: this.pressureValue,
    };
    if (m.watermarks) out.watermarks = m.watermarks;
    return out;
  }

  /** device statistics (for hovers / the memory map) */
  deviceStats() {
    const s = this.owner.deviceStats();
    return s ? { ...s, writablePages: this.writablePages } : undefined;
  }
}

function clampFraction(v: number): number {
  return Number.isFinite(v) ? Math.max(0, Math.min(1, v)) : 0;
}

export * from './cram/registration';
