/**
 * drivers/cxl/type3_drivers/cxl_compression (v4 series, kernel-rules.md §8.5, §8.7): the driver
 * that binds a CXL compressed-memory device (cxl_device.ts) to a CRAM node (cram.ts). It knows
 * the device, CRAM does not: CRAM has no model of media or compression ratio and learns about
 * media only through this driver's two interrupt threads.
 *
 *   - probe: the device behind the node, from its declaration (logical size, media, ratio,
 *     lthresh/hthresh watermarks); it then registers the node with CRAM (cram_register_private_node,
 *     CramService.attach) as the CRAM owner.
 *   - the IRQ threads: MSI-X 12 "lthresh" → cram_set_pressure(MAX), MSI-X 13 "hthresh" →
 *     cram_clear_pressure (CramService.lowInterrupt / highInterrupt). Without a CRAM registration
 *     (a design without node_private ops) nobody answers them.
 *   - the host's writes as the device sees them: pages arriving on / leaving / rewritten on the
 *     node are written to device pages (cxl_device/media_map.ts), whose media effects raise the
 *     interrupts in the same step (edge-triggered) or overflow the media.
 *   - `device N { raise / set_ratio / fill }` statements act on the device through it.
 *
 * The emulator's core reaches all of this through the one NodeService of the node, the
 * CramService this driver registers (`cramServiceFactory` below, wired by run/services.ts).
 */
import { formatBytes } from '../common/format';
import type { Call } from '../model/ir';
import { CramOwner, CramService } from './cram';
import { CxlCompressedDevice, DEFAULT_RATIO, DEFAULT_WATERMARKS, IrqLevel, MediaEffect, PAGE_SIZE, pageCost } from './cxl_device';
import { CramMediaMap } from './cxl_device/media_map';
import type { MediaHooks, ServiceApi, ServiceFactory } from './node_private';

const pct = (f: number) => `${Number((f * 100).toFixed(2))}%`;

export class CxlCompressionDriver implements CramOwner {
  private device?: CxlCompressedDevice;
  private map?: CramMediaMap;
  private declaredRatio = DEFAULT_RATIO;
  /** set while a device statement forces an interrupt (raise) */
  private forced = false;
  readonly media: MediaHooks;
  /** the CRAM node this driver registered (the node's service) */
  readonly cram: CramService;

  constructor(readonly nid: number) {
    this.cram = new CramService(nid, this);
    this.media = new DriverMedia(this);
  }

  probe(api: ServiceApi): void {
    this.ensureDevice(api);
  }

  describe(): string {
    return `media ${formatBytes(this.device!.mediaBytes)}, ratio ${this.declaredRatio}`;
  }

  livePages(): number {
    return this.map?.livePages ?? 0;
  }

  // ───────────── the IRQ threads (§8.5) ─────────────

  /** lthresh → cram_set_pressure(MAX), hthresh → cram_clear_pressure; nobody answers without a CRAM registration */
  onInterrupt(api: ServiceApi, level: IrqLevel): void {
    const d = this.device;
    const how = this.forced ? 'raised by the device (forced, whatever its media says)' : 'raised by the device';
    const media = d ? `free media ${formatBytes(d.freeBytes)} (${pct(d.freeFraction)} of ${formatBytes(d.mediaBytes)})` : 'media unknown';
    if (!this.cram.isRegistered) {
      // no cxl_compression/CRAM driver (not a private node): the interrupt goes unanswered
      api.count('cram_irq_unhandled', 1);
      api.explain(`device ${this.nid}: ${level} interrupt ${how} (${media}) but no CRAM driver handles it under ${api.design}: the node stays open`);
      api.trace('cxl_irq_unhandled', `nid=${this.nid} level=${level}`);
      return;
    }
    if (level === 'low') this.cram.lowInterrupt(api, `${how}: ${media}, low watermark ${pct(d?.watermarks.low ?? 0)}`);
    else this.cram.highInterrupt(api, `${how}: ${media}, high watermark ${pct(d?.watermarks.high ?? 0)}`);
  }

  // ───────────── device statements ─────────────

  deviceStatement(api: ServiceApi, call: Call): { errno?: string } | void {
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

  /** the compression ratio of data with no `data=` profile (the node `ratio`, changed by set_ratio) */
  defaultRatio(): number {
    return this.device?.defaultRatio ?? this.declaredRatio;
  }

  mediaReport(): { usedBytes: number; capacityBytes?: number; watermarks?: { low: number; high: number } } {
    // what the device holds: never more than its media (what did not fit is lost: cram-media-overflow)
    const out: { usedBytes: number; capacityBytes?: number; watermarks?: { low: number; high: number } } = {
      usedBytes: this.device ? Math.min(this.device.usedBytes, this.device.mediaBytes) : 0,
      capacityBytes: this.device?.mediaBytes,
    };
    // the device's lthresh/hthresh as fractions of free media (NodeReport.watermarks: the memory map draws them)
    if (this.device) out.watermarks = { low: this.device.watermarks.low, high: this.device.watermarks.high };
    return out;
  }

  deviceStats() {
    return this.device ? { ...this.device.stats(), stalePages: this.map!.stalePages, classes: this.map!.classes() } : undefined;
  }

  // ───────────── the host's writes, as the device sees them (DriverMedia calls these) ─────────────

  /** the media's bytes in use (run allocations only) */
  mediaUsedBytes(): number {
    return this.device ? Math.min(this.device.usedBytes, this.device.mediaBytes) : 0;
  }
  mediaCapacityBytes(): number {
    return this.device?.mediaBytes ?? 0;
  }

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
    this.cram.capWritable(map.livePages);
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
    return this.cram.isRegistered && !!ops && ops.callbacks.includes('free_folio');
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


/**
 * The media hooks of the node, answered by its driver. A class, not closures over the driver: a
 * copy of the run's state (mm/fork.ts, for incremental re-runs) copies `drv` with the service,
 * and the methods, on the prototype, follow the copy.
 */
class DriverMedia implements MediaHooks {
  constructor(private readonly drv: CxlCompressionDriver) {}
  store(api: ServiceApi, _nid: number, pages: number, ratio: number): void {
    this.drv.store(api, pages, ratio);
  }
  erase(api: ServiceApi, _nid: number, pages: number, ratio: number): void {
    this.drv.erase(api, pages, ratio);
  }
  rewrite(api: ServiceApi, _nid: number, pages: number, from: number, to: number): void {
    this.drv.rewrite(api, pages, from, to);
  }
  room(_nid: number, ratio: number): number {
    return this.drv.room(ratio);
  }
  releaseRoom(_nid: number, ratio: number): number {
    return this.drv.releaseRoom(ratio);
  }
  rewriteRoom(_nid: number, from: number, to: number): number {
    return this.drv.rewriteRoom(from, to);
  }
  usedBytes(): number {
    return this.drv.mediaUsedBytes();
  }
  capacityBytes(): number {
    return this.drv.mediaCapacityBytes();
  }
}

/** The factory run/ registers for `cram` nodes: the driver binds the device and registers the node with CRAM. */
export const cramServiceFactory: ServiceFactory = (nid) => new CxlCompressionDriver(nid).cram;
