/**
 * The CXL compressed-memory device behind a CRAM node (the `cxl_compression` type-3 device of the
 * v4 series, kernel-rules.md §8.5, §8.7): a pure, deterministic model of what the DEVICE knows.
 *
 * What the OS sees is the node's logical capacity (its managed pages). What the device has is its
 * media: every page the host writes costs media according to how its data compresses. The kernel
 * has no model of the ratio [v4 §8.5]; it only learns about media through two interrupts:
 *   - "lthresh" (MSI-X vector 12): free media fell below the LOW watermark  -> CRAM pressure 1000
 *   - "hthresh" (MSI-X vector 13): free media recovered above HIGH           -> CRAM pressure 0
 *
 * Model decisions (all [INF] unless marked; docs/hovers must say "inferred"):
 *   - Media is addressed by device page (DPA page index on the node, 0..logical pages). Stored data
 *     is kept as RUNS of pages with the same per-page media cost, so the cost of every operation
 *     grows with the number of distinct runs, never with bytes: a 1 TiB device is as cheap as 1 GiB.
 *   - A page whose data compresses R:1 costs ceil(4096 / R) bytes of media (R < 1 is stored as is,
 *     cost 4096: devices store incompressible data raw). Profiles: zero 64:1, text 3:1, random 1:1
 *     (language.md, statements, touch data=).
 *   - `set_ratio(R)` changes the compressibility of data written FROM THEN ON (the default ratio of
 *     data with no explicit profile). Data already stored keeps its cost until it is rewritten:
 *     real devices (re)compress on write only.
 *   - Zeroing a page (CPU zeroing on free, or the Media-Ops-Zero/Sanitize command of the flush
 *     path, §8.7) deallocates its media: the device recognises all-zero pages.
 *   - Foreign data (`fill(P%)`: another host, firmware) is a lump of bytes the host cannot evict;
 *     each fill adds what is needed to reach P% of media use, once.
 *   - Watermarks are shares of media capacity measured on FREE media (language.md, the machine): defaults
 *     low = 10%, high = 25%, the values of the series' QEMU test setup and of the conformance
 *     scenarios [INF]. The device is a Schmitt trigger: each change of media use re-checks the
 *     level; the low interrupt fires when free media is below `low` and the device is not already
 *     in its low state; the high interrupt fires when free media is above `high` and the device is
 *     in its low state. `raise(low|high)` forces an interrupt and sets the state accordingly,
 *     whatever the media says; levels are not re-checked until media use changes again.
 *   - Media overflow: a write that does not fit the media is a write the device cannot store (the
 *     corruption the whole CRAM design exists to prevent, §8.1). The model still accounts it (so
 *     used may exceed capacity) and reports how far over capacity it went.
 */

import { PAGE_SIZE } from '../common/format';
export { PAGE_SIZE };

/** How data compresses: the `data=` profiles of touch (language.md, statements). */
export type CompressProfile = { kind: 'zero' } | { kind: 'text' } | { kind: 'random' } | { kind: 'ratio'; ratio: number };

export const PROFILE_RATIOS = { zero: 64, text: 3, random: 1 } as const;

export function profileRatio(p: CompressProfile): number {
  return p.kind === 'ratio' ? p.ratio : PROFILE_RATIOS[p.kind];
}

/** Bytes of media one 4 KiB page costs at compression ratio R:1. */
export function pageCost(ratio: number): number {
  const r = Number.isFinite(ratio) && ratio >= 1 ? ratio : 1;
  return Math.ceil(PAGE_SIZE / r);
}

export type IrqLevel = 'low' | 'high';

export interface Watermarks {
  /** fraction of media capacity: free media below this raises the low interrupt */
  low: number;
  /** fraction of media capacity: free media above this (after a low) raises the high interrupt */
  high: number;
}

export const DEFAULT_WATERMARKS: Watermarks = { low: 0.1, high: 0.25 };
export const DEFAULT_RATIO = 2.0;

export interface DeviceConfig {
  /** capacity the OS sees (the node SIZE) */
  logicalBytes: number;
  /** physical media; default logical / ratio (the device is provisioned for its nominal ratio) [INF] */
  mediaBytes?: number;
  /** default compression ratio of data with no explicit profile (node `ratio`, 2.0 if none) */
  ratio?: number;
  watermarks?: Watermarks;
}

/** What one device operation did, for the driver (CRAM) to react to within the same step. */
export interface MediaEffect {
  /** interrupts raised by this operation, in order */
  irqs: IrqLevel[];
  /** change of media use in bytes (host + foreign) */
  deltaBytes: number;
  /** bytes over media capacity after the operation (0 = fits) */
  overflowBytes: number;
  /** true when this operation pushed media use over capacity (it was not over before) */
  overflowed: boolean;
}

export interface DeviceStats {
  mediaCapacityBytes: number;
  mediaUsedBytes: number;
  mediaFreeBytes: number;
  hostBytes: number;
  foreignBytes: number;
  /** host pages holding data (not zeroed) */
  storedPages: number;
  /** logical bytes of stored host data / media bytes they cost (0 when nothing stored) */
  effectiveRatio: number;
  runs: number;
  lowIrqs: number;
  highIrqs: number;
  /** the device is in its low state (low raised, high not yet) */
  lowAsserted: boolean;
  overflowBytes: number;
  peakOverflowBytes: number;
  overflowEvents: number;
  zeroedPages: number;
}

/** A run of device pages [start, end) whose data costs `cost` bytes of media per page. */
interface Run {
  start: number;
  end: number;
  cost: number;
}

export class CxlCompressedDevice {
  readonly logicalBytes: number;
  readonly logicalPages: number;
  readonly mediaBytes: number;
  readonly watermarks: Watermarks;
  private ratio: number;
  /** sorted, non-overlapping, adjacent runs of equal cost merged */
  private runs: Run[] = [];
  private hostBytes = 0;
  private storedPages = 0;
  private foreignBytes = 0;
  private lowAsserted = false;
  private lowIrqs = 0;
  private highIrqs = 0;
  private peakOverflow = 0;
  private overflowEvents = 0;
  private zeroedPages = 0;

  constructor(cfg: DeviceConfig) {
    this.logicalBytes = Math.max(0, cfg.logicalBytes);
    this.logicalPages = Math.floor(this.logicalBytes / PAGE_SIZE);
    this.ratio = validRatio(cfg.ratio) ?? DEFAULT_RATIO;
    this.mediaBytes = cfg.mediaBytes !== undefined && cfg.mediaBytes > 0 ? cfg.mediaBytes : Math.floor(this.logicalBytes / this.ratio);
    this.watermarks = cfg.watermarks ?? DEFAULT_WATERMARKS;
  }

  // --- what the host does ----------------------------------------------------------------

  /**
   * The host writes `count` pages starting at device page `start` with data compressing at
   * `ratio` (undefined = the device's current default ratio). Replaces what those pages held.
   */
  write(start: number, count: number, ratio?: number): MediaEffect {
    const r = validRatio(ratio) ?? this.ratio;
    return this.mutate(() => {
      if (count <= 0) return;
      this.clear(start, start + count);
      this.insert({ start, end: start + count, cost: pageCost(r) });
    });
  }

  /** The pages are zeroed (CPU zeroing or Media-Ops-Zero): their media is deallocated. */
  zero(start: number, count: number): MediaEffect {
    return this.mutate(() => {
      if (count <= 0) return;
      this.zeroedPages += count;
      this.clear(start, start + count);
    });
  }

  /**
   * Moves the data of [from, from+count) to [to, to+count) (the device's view of a page copy done
   * by the host, e.g. when the service renumbers a folio); the source keeps nothing. Media use is
   * unchanged, so no level is re-checked.
   */
  move(from: number, to: number, count: number): void {
    if (count <= 0 || from === to) return;
    const pieces = this.slice(from, from + count);
    this.clear(from, from + count);
    this.clear(to, to + count);
    for (const p of pieces) this.insert({ start: p.start - from + to, end: p.end - from + to, cost: p.cost });
  }

  // --- what the device does (device blocks) ------------------------------------------------

  /** Foreign data grows until media use is `fraction` of capacity (added once; never evictable). */
  fill(fraction: number): MediaEffect {
    return this.mutate(() => {
      const target = Math.floor(Math.max(0, Math.min(1, fraction)) * this.mediaBytes);
      const need = target - this.usedBytes;
      if (need > 0) this.foreignBytes += need;
    });
  }

  /** The device raises an interrupt whatever the media says; levels re-checked only on the next change. */
  raise(level: IrqLevel): MediaEffect {
    this.fire(level);
    return { irqs: [level], deltaBytes: 0, overflowBytes: this.overflowBytes, overflowed: false };
  }

  /** Data written from now on (with no explicit profile) compresses at R:1. Stored data keeps its cost. */
  setRatio(ratio: number): void {
    this.ratio = validRatio(ratio) ?? this.ratio;
  }

  // --- what can be read back ---------------------------------------------------------------

  get defaultRatio(): number {
    return this.ratio;
  }
  get usedBytes(): number {
    return this.hostBytes + this.foreignBytes;
  }
  get freeBytes(): number {
    return Math.max(0, this.mediaBytes - this.usedBytes);
  }
  get freeFraction(): number {
    return this.mediaBytes > 0 ? this.freeBytes / this.mediaBytes : 0;
  }
  get overflowBytes(): number {
    return Math.max(0, this.usedBytes - this.mediaBytes);
  }
  get inLowState(): boolean {
    return this.lowAsserted;
  }
  /** host bytes of media held by device pages [start, start+count) */
  costOf(start: number, count: number): number {
    let sum = 0;
    for (const p of this.slice(start, start + count)) sum += (p.end - p.start) * p.cost;
    return sum;
  }
  /** number of pages in [start, start+count) that hold data */
  storedIn(start: number, count: number): number {
    let n = 0;
    for (const p of this.slice(start, start + count)) n += p.end - p.start;
    return n;
  }
  get runCount(): number {
    return this.runs.length;
  }

  /**
   * How many more pages costing `ratio` each can be written before free media falls below the low
   * watermark (0 when it already is). The page after these is the one that raises the interrupt.
   */
  pagesBeforeLow(ratio?: number): number {
    const cost = pageCost(validRatio(ratio) ?? this.ratio);
    const lowBytes = this.watermarks.low * this.mediaBytes;
    const room = this.mediaBytes - this.usedBytes - lowBytes; // free - low must stay >= 0
    return room <= 0 ? 0 : Math.floor(room / cost);
  }

  /** Bytes of media that must be freed for free media to rise above the high watermark. */
  bytesToHigh(): number {
    const highBytes = this.watermarks.high * this.mediaBytes;
    return Math.max(0, Math.floor(highBytes - (this.mediaBytes - this.usedBytes)) + 1);
  }

  stats(): DeviceStats {
    return {
      mediaCapacityBytes: this.mediaBytes,
      mediaUsedBytes: this.usedBytes,
      mediaFreeBytes: this.freeBytes,
      hostBytes: this.hostBytes,
      foreignBytes: this.foreignBytes,
      storedPages: this.storedPages,
      effectiveRatio: this.hostBytes > 0 ? (this.storedPages * PAGE_SIZE) / this.hostBytes : 0,
      runs: this.runs.length,
      lowIrqs: this.lowIrqs,
      highIrqs: this.highIrqs,
      lowAsserted: this.lowAsserted,
      overflowBytes: this.overflowBytes,
      peakOverflowBytes: this.peakOverflow,
      overflowEvents: this.overflowEvents,
      zeroedPages: this.zeroedPages,
    };
  }

  // --- internals ---------------------------------------------------------------------------

  /** Runs an operation that may change media use, then re-checks the levels (Schmitt trigger). */
  private mutate(op: () => void): MediaEffect {
    const before = this.usedBytes;
    const overBefore = this.overflowBytes;
    op();
    const delta = this.usedBytes - before;
    const irqs: IrqLevel[] = [];
    if (delta !== 0) {
      const free = this.freeFraction;
      if (!this.lowAsserted && free < this.watermarks.low) irqs.push(this.fire('low'));
      else if (this.lowAsserted && free > this.watermarks.high) irqs.push(this.fire('high'));
    }
    const over = this.overflowBytes;
    const overflowed = over > 0 && overBefore === 0;
    if (overflowed) this.overflowEvents++;
    this.peakOverflow = Math.max(this.peakOverflow, over);
    return { irqs, deltaBytes: delta, overflowBytes: over, overflowed };
  }

  private fire(level: IrqLevel): IrqLevel {
    if (level === 'low') {
      this.lowAsserted = true;
      this.lowIrqs++;
    } else {
      this.lowAsserted = false;
      this.highIrqs++;
    }
    return level;
  }

  /** index of the first run whose end is > page */
  private firstEndingAfter(page: number): number {
    let lo = 0;
    let hi = this.runs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.runs[mid].end <= page) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** the parts of runs inside [start, end) */
  private slice(start: number, end: number): Run[] {
    const out: Run[] = [];
    for (let i = this.firstEndingAfter(start); i < this.runs.length && this.runs[i].start < end; i++) {
      const r = this.runs[i];
      out.push({ start: Math.max(r.start, start), end: Math.min(r.end, end), cost: r.cost });
    }
    return out;
  }

  /** removes [start, end) from the runs, keeping hostBytes/storedPages in step */
  private clear(start: number, end: number): void {
    if (end <= start) return;
    const i = this.firstEndingAfter(start);
    let j = i;
    const keep: Run[] = [];
    while (j < this.runs.length && this.runs[j].start < end) {
      const r = this.runs[j];
      const cutStart = Math.max(r.start, start);
      const cutEnd = Math.min(r.end, end);
      this.hostBytes -= (cutEnd - cutStart) * r.cost;
      this.storedPages -= cutEnd - cutStart;
      if (r.start < start) keep.push({ start: r.start, end: start, cost: r.cost });
      if (r.end > end) keep.push({ start: end, end: r.end, cost: r.cost });
      j++;
    }
    if (j > i) this.runs.splice(i, j - i, ...keep);
  }

  /** inserts a run into a hole (the range must be clear), merging with equal-cost neighbours */
  private insert(run: Run): void {
    if (run.end <= run.start) return;
    this.hostBytes += (run.end - run.start) * run.cost;
    this.storedPages += run.end - run.start;
    const i = this.firstEndingAfter(run.start);
    const prev = i > 0 ? this.runs[i - 1] : undefined;
    const next = i < this.runs.length ? this.runs[i] : undefined;
    const joinPrev = prev !== undefined && prev.end === run.start && prev.cost === run.cost;
    const joinNext = next !== undefined && next.start === run.end && next.cost === run.cost;
    if (joinPrev && joinNext) {
      prev!.end = next!.end;
      this.runs.splice(i, 1);
    } else if (joinPrev) {
      prev!.end = run.end;
    } else if (joinNext) {
      next!.start = run.start;
    } else {
      this.runs.splice(i, 0, { ...run });
    }
  }
}

function validRatio(r: number | undefined): number | undefined {
  return r !== undefined && Number.isFinite(r) && r > 0 ? r : undefined;
}
