/**
 * mm/cram.c (RFC v4, patch 23): the Compressed RAM service that owns a CRAM node, plus the
 * cxl_compression driver's interrupt handling (drivers/cxl/type3_drivers/cxl_compression). It is
 * bound to `cram` nodes through the node_private.ts service registry (run/ wires the factory).
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
 * The device (media, interrupts) is cxl_device.ts; where pages sit on it is cram/media_map.ts;
 * what CRAM registers (ops, GFPs, counters) is cram/registration.ts.
 *
 * How it plugs into the core (node_private.ts NodeService; run/services.ts registers
 * `cramServiceFactory` for the `cram` kind, mm/service_nodes.ts bindService() binds one per node):
 *   attach           simulate.ts at boot / memory_hotplug.ts        registration, kswapd on
 *   callbackGaps     simulate.ts                                    missing-callback on the decl
 *   migrate_to       migrate.ts nodePrivateMigrateTo (vmscan demote_folio_list, move_pages)
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
 *   onInterrupt      ServiceApi.interrupt(), called by this service when the device fires
 *   deviceStatement  run/ops.ts: raise / set_ratio / fill in `device N { }`
 *   defaultRatio     mm/service_nodes.ts resolveRatio: data written without `data=`
 *   report / isOpen / pressure / sysctl   run/report.ts, expectations, simulate.ts
 * and calls back: api.startKswapd, setWatermarkBoost, wakeKswapd (kswapd runs when the statement
 * is done, within the step), writeProtect (revocation), nodeOps, count, diagnostic, explain.
 */
import { formatBytes } from '../common/format';
import type { Call } from '../model/ir';
import { NP_OPS } from '../vocab/npops';
import { CxlCompressedDevice, DEFAULT_RATIO, DEFAULT_WATERMARKS, IrqLevel, MediaEffect, PAGE_SIZE, pageCost } from './cxl_device';
import { CramMediaMap } from './cram/media_map';
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
  ServiceFactory,
  WriteFault,
} from './node_private';

const pct = (f: number) => `${Number((f * 100).toFixed(2))}%`;

export class CramService implements NodeService {
  readonly name = 'cram';
  private device?: CxlCompressedDevice;
  private map?: CramMediaMap;
  private declaredRatio = DEFAULT_RATIO;
  private registered = false;
  private pressureValue = 0;
  /** set while a device statement forces an interrupt (raise) */
  private forced = false;
  private writableFraction = 0;
  private writablePages = 0;
  readonly media: MediaHooks;

  constructor(readonly nid: number) {
    this.media = new CramMedia(this);
  }

  /** the media's bytes in use (run allocations only) */
  mediaUsedBytes(): number {
    return this.device ? Math.min(this.device.usedBytes, this.device.mediaBytes) : 0;
  }
  mediaCapacityBytes(): number {
    return this.device?.mediaBytes ?? 0;
  }

  /** an independent copy (a kernel-state snapshot): the device, where pages sit on it, the pressure */
  clone(): CramService {
    const c = new CramService(this.nid);
    if (this.device) {
      c.device = this.device.clone();
      c.map = this.map?.clone(c.device);
    }
    c.declaredRatio = this.declaredRatio;
    c.registered = this.registered;
    c.pressureValue = this.pressureValue;
    c.forced = this.forced;
    c.writableFraction = this.writableFraction;
    c.writablePages = this.writablePages;
    return c;
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
    this.ensureDevice(api);
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
    api.explain(`cram: registered on node ${nid} (kswapd started); media ${formatBytes(this.device!.mediaBytes)}, ratio ${this.declaredRatio}`);
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
    const live = this.map?.livePages ?? 0;
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

  /** the cxl_compression IRQ threads: lthresh → cram_set_pressure(MAX), hthresh → 0 (§8.5) */
  onInterrupt(api: ServiceApi, _nid: number, level: 'low' | 'high'): void {
    const d = this.device;
    const how = this.forced ? 'raised by the device (forced, whatever its media says)' : 'raised by the device';
    const media = d ? `free media ${formatBytes(d.freeBytes)} (${pct(d.freeFraction)} of ${formatBytes(d.mediaBytes)})` : 'media unknown';
    if (!this.registered) {
      // no cxl_compression/CRAM driver (not a private node): the interrupt goes unanswered
      api.count('cram_irq_unhandled', 1);
      api.explain(`device ${this.nid}: ${level} interrupt ${how} (${media}) but no CRAM driver handles it under ${api.design}: the node stays open`);
      api.trace('cxl_irq_unhandled', `nid=${this.nid} level=${level}`);
      return;
    }
    if (level === 'low') {
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
          ? `CRAM node ${this.nid} closed to demotion: low-watermark interrupt (lthresh, MSI-X 12) ${how}: ${media}, low watermark ${pct(d?.watermarks.low ?? 0)}; cram_set_pressure(${p}): migration_blocked, watermark boost = all managed pages, ${this.evictionNote(api)}`
          : `CRAM node ${this.nid} under pressure: low-watermark interrupt (lthresh, MSI-X 12) ${how}: ${media}, low watermark ${pct(d?.watermarks.low ?? 0)}; cram_set_pressure(${p}) (cram.pressure_max): watermark boost = ${p / 10}% of managed pages, demotion not blocked`) +
          (revoked > 0 ? `; ${revoked} writable mappings revoked first` : ''),
      );
    } else {
      api.count('cram_pressure_high', 1);
      this.setPressure(api, 0);
      api.diagnostic(
        'cram-backpressure',
        `CRAM node ${this.nid} open again: high-watermark interrupt (hthresh, MSI-X 13) ${how}: ${media}, high watermark ${pct(d?.watermarks.high ?? 0)}; cram_clear_pressure(): boost 0, demotion resumes`,
      );
    }
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

  // ───────────── device statements ─────────────

  deviceStatement(api: ServiceApi, _nid: number, call: Call): { errno?: string } | void {
    const d = this.ensureDevice(api);
    switch (call.op) {
      case 'raise': {
        this.forced = true;
        try {
          this.dispatch(api, [d.raise(call.level)], 'raise');
        } finally {
          this.forced = false;
        }
        return;
      }
      case 'set_ratio': {
        if (!(call.ratio > 0)) return { errno: 'EINVAL' };
        d.setRatio(call.ratio);
        api.explain(`device ${this.nid}: data written from now on compresses ${call.ratio}:1 (stored data keeps its cost until rewritten [INF])`);
        return;
      }
      case 'fill': {
        const before = d.stats().foreignBytes;
        const eff = d.fill(call.percent);
        api.explain(
          `device ${this.nid}: foreign data +${formatBytes(d.stats().foreignBytes - before)}: media ${formatBytes(d.usedBytes)} of ${formatBytes(d.mediaBytes)} used (${pct(d.usedBytes / d.mediaBytes)})`,
        );
        this.dispatch(api, [eff], 'fill');
        return;
      }
      default:
        return { errno: 'EINVAL' };
    }
  }

  sysctl(key: string, value: number): boolean {
    if (key !== 'cram.writable_fraction') return false;
    this.writableFraction = clampFraction(value);
    return true;
  }

  /** the compression ratio of data with no `data=` profile (the node `ratio`, changed by set_ratio) */
  defaultRatio(): number {
    return this.device?.defaultRatio ?? this.declaredRatio;
  }

  report(): { mediaUsedBytes?: number; mediaCapacityBytes?: number; open?: boolean; pressure?: number; watermarks?: { low: number; high: number } } {
    const out: { mediaUsedBytes?: number; mediaCapacityBytes?: number; open?: boolean; pressure?: number; watermarks?: { low: number; high: number } } = {
      // what the device holds: never more than its media (what did not fit is lost: cram-media-overflow)
      mediaUsedBytes: this.device ? Math.min(this.device.usedBytes, this.device.mediaBytes) : 0,
      mediaCapacityBytes: this.device?.mediaBytes,
      open: this.isOpen(),
      pressure: this.pressureValue,
    };
    // the device's lthresh/hthresh as fractions of free media (NodeReport.watermarks: the memory map draws them)
    if (this.device) out.watermarks = { low: this.device.watermarks.low, high: this.device.watermarks.high };
    return out;
  }

  /** device statistics (for hovers / the memory map) */
  deviceStats() {
    return this.device ? { ...this.device.stats(), stalePages: this.map!.stalePages, classes: this.map!.classes(), writablePages: this.writablePages } : undefined;
  }

  // ───────────── media ─────────────

  store(api: ServiceApi, pages: number, ratio: number): void {
    if (pages <= 0) return;
    const map = this.ensureMap(api);
    const r = ratio;
    const res = map.store(pages, r);
    this.dispatch(api, res.effects, 'store');
  }

  erase(api: ServiceApi, pages: number, ratio: number): void {
    if (pages <= 0) return;
    const map = this.ensureMap(api);
    const res = map.erase(pages, ratio, this.zeroesOnFree(api));
    this.writablePages = Math.min(this.writablePages, map.livePages);
    this.dispatch(api, res.effects, 'erase');
  }

  rewrite(api: ServiceApi, pages: number, from: number, to: number): void {
    if (pages <= 0) return;
    const map = this.ensureMap(api);
    const res = map.rewrite(pages, from, to);
    api.count('cram_write_inplace', res.pages);
    this.dispatch(api, res.effects, 'rewrite');
  }

  /** pages of that ratio the core may move before the next edge (an interrupt or the overflow) */
  room(ratio: number): number {
    const d = this.device;
    if (!d) return Infinity;
    const cost = pageCost(ratio);
    if (d.overflowBytes > 0) return Infinity;
    const toOverflow = Math.floor((d.mediaBytes - d.usedBytes) / cost) + 1;
    if (d.inLowState) return toOverflow;
    return Math.min(d.pagesBeforeLow(ratio) + 1, toOverflow);
  }

  /**
   * pages rewritten in place from ratio `from` to `to` before the next edge: the low interrupt, or
   * the overflow once under low (§8.5). The same edges as room(): a demotion batch and a write
   * stop at the same crossing page. Data that compresses better only frees media: no cut.
   */
  rewriteRoom(from: number, to: number): number {
    const d = this.device;
    if (!d) return Infinity;
    const grow = pageCost(to) - pageCost(from);
    if (grow <= 0 || d.overflowBytes > 0) return Infinity;
    const toOverflow = Math.floor((d.mediaBytes - d.usedBytes) / grow) + 1;
    if (d.inLowState) return toOverflow;
    const beforeLow = Math.max(0, d.mediaBytes - d.usedBytes - d.watermarks.low * d.mediaBytes);
    return Math.min(Math.floor(beforeLow / grow) + 1, toOverflow);
  }

  /** pages of that ratio that may leave before the next edge (the high interrupt), Infinity if none */
  releaseRoom(ratio: number): number {
    const d = this.device;
    if (!d || !d.inLowState) return Infinity;
    return Math.max(1, Math.ceil(d.bytesToHigh() / pageCost(ratio)));
  }

  /** routes the device's interrupts (edge-triggered, handled in the same step) and overflows */
  private dispatch(api: ServiceApi, effects: MediaEffect[], cause: 'store' | 'erase' | 'rewrite' | 'fill' | 'raise'): void {
    for (const e of effects) {
      for (const irq of e.irqs) this.raiseIrq(api, irq);
      if (e.overflowed) this.overflow(api, cause);
    }
  }

  private raiseIrq(api: ServiceApi, level: IrqLevel): void {
    // the core routes api.interrupt() to onInterrupt of this node's service
    api.interrupt(this.nid, level);
  }

  private overflow(api: ServiceApi, cause: string): void {
    const d = this.device!;
    api.count('cram_media_overflow', 1);
    const freePages = api.freePagesOf(this.nid);
    const why =
      cause === 'rewrite'
        ? 'writes in place made compressed data less compressible faster than back-pressure could act (no write protection on these pages)'
        : 'data arrived faster than back-pressure could stop it';
    const span = api.nodeSpan(this.nid);
    api.diagnostic(
      'cram-media-overflow',
      `CRAM node ${this.nid}: the device's media ran out (${formatBytes(d.usedBytes)} needed, ${formatBytes(d.mediaBytes)} of media, ${formatBytes(d.overflowBytes)} over) while the OS still sees ${freePages} free pages (${formatBytes(freePages * PAGE_SIZE)}) on the node: ${why}`,
      span ? [{ span, message: `node ${this.nid}: logical ${formatBytes(d.logicalBytes)}, media ${formatBytes(d.mediaBytes)}` }] : undefined,
    );
  }

  /** CRAM's free_folio zeroes freed pages; without it (or without CRAM) their data stays on the media */
  private zeroesOnFree(api: ServiceApi): boolean {
    const ops = api.nodeOps?.(this.nid);
    return this.registered && !!ops && ops.callbacks.includes('free_folio');
  }

  private ensureDevice(api: ServiceApi): CxlCompressedDevice {
    if (this.device) return this.device;
    const decl = api.nodeDecl(this.nid);
    this.declaredRatio = decl?.ratio && decl.ratio > 0 ? decl.ratio : DEFAULT_RATIO;
    this.device = new CxlCompressedDevice({
      logicalBytes: decl?.sizeBytes ?? api.managedPages(this.nid) * PAGE_SIZE,
      mediaBytes: decl?.mediaBytes,
      ratio: this.declaredRatio,
      watermarks: decl?.watermarks ?? DEFAULT_WATERMARKS,
    });
    this.map = new CramMediaMap(this.device);
    return this.device;
  }

  private ensureMap(api: ServiceApi): CramMediaMap {
    this.ensureDevice(api);
    return this.map!;
  }
}

function clampFraction(v: number): number {
  return Number.isFinite(v) ? Math.max(0, Math.min(1, v)) : 0;
}

export * from './cram/registration';

/** The factory run/ registers for `cram` nodes: registerServiceFactory('cram', cramServiceFactory). */
export const cramServiceFactory: ServiceFactory = (nid) => new CramService(nid);

/**
 * The media hooks of a CRAM service. A class, not closures over the service: a copy of the run's
 * state (mm/fork.ts, for incremental re-runs) copies `svc` with the service, and the methods,
 * on the prototype, follow the copy.
 */
class CramMedia implements MediaHooks {
  constructor(private readonly svc: CramService) {}
  store(api: ServiceApi, _nid: number, pages: number, ratio: number): void {
    this.svc.store(api, pages, ratio);
  }
  erase(api: ServiceApi, _nid: number, pages: number, ratio: number): void {
    this.svc.erase(api, pages, ratio);
  }
  rewrite(api: ServiceApi, _nid: number, pages: number, from: number, to: number): void {
    this.svc.rewrite(api, pages, from, to);
  }
  room(_nid: number, ratio: number): number {
    return this.svc.room(ratio);
  }
  releaseRoom(_nid: number, ratio: number): number {
    return this.svc.releaseRoom(ratio);
  }
  rewriteRoom(_nid: number, from: number, to: number): number {
    return this.svc.rewriteRoom(from, to);
  }
  usedBytes(): number {
    return this.svc.mediaUsedBytes();
  }
  capacityBytes(): number {
    return this.svc.mediaCapacityBytes();
  }
}
