/**
 * Where CRAM's pages live on the device. The core tells the service "N pages of data with ratio R
 * arrived on / left the node" (node_private.ts MediaHooks); the device (cxl_device.ts) accounts
 * media per device page (DPA). This map places arriving pages on free device pages (lowest first,
 * as the buddy hands out a fresh region) and remembers, per compression class, which device runs
 * hold that class so that a departure of N pages of class R releases N pages that really hold R.
 *
 * Freed pages that were NOT zeroed (a CRAM node without free_folio: kernel-rules.md §8.7 does
 * the zeroing in CRAM's free_folio) keep their stale data, and their media, until the page is
 * reused: `stale` runs are handed out first by the next arrival, which overwrites them [INF].
 *
 * Everything is kept as runs: cost grows with the number of distinct arrivals/departures, never
 * with the number of pages.
 */
import { CxlCompressedDevice, MediaEffect, pageCost } from '../cxl_device';

export interface PageRun {
  start: number;
  count: number;
}

/** A sorted set of disjoint page runs with merging (the free device pages). */
export class RunSet {
  private runs: PageRun[] = [];

  constructor(initial?: PageRun) {
    if (initial && initial.count > 0) this.runs.push({ ...initial });
  }

  get pages(): number {
    let n = 0;
    for (const r of this.runs) n += r.count;
    return n;
  }

  get runCount(): number {
    return this.runs.length;
  }

  /** takes up to `n` pages, lowest first */
  take(n: number): PageRun[] {
    const out: PageRun[] = [];
    while (n > 0 && this.runs.length) {
      const r = this.runs[0];
      const k = Math.min(n, r.count);
      out.push({ start: r.start, count: k });
      r.start += k;
      r.count -= k;
      n -= k;
      if (r.count === 0) this.runs.shift();
    }
    return out;
  }

  add(run: PageRun): void {
    if (run.count <= 0) return;
    let lo = 0;
    let hi = this.runs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.runs[mid].start < run.start) lo = mid + 1;
      else hi = mid;
    }
    const prev = lo > 0 ? this.runs[lo - 1] : undefined;
    const next = lo < this.runs.length ? this.runs[lo] : undefined;
    const joinPrev = prev !== undefined && prev.start + prev.count === run.start;
    const joinNext = next !== undefined && run.start + run.count === next.start;
    if (joinPrev && joinNext) {
      prev!.count += run.count + next!.count;
      this.runs.splice(lo, 1);
    } else if (joinPrev) prev!.count += run.count;
    else if (joinNext) {
      next!.start = run.start;
      next!.count += run.count;
    } else this.runs.splice(lo, 0, { ...run });
  }
}

/** A LIFO of page runs (most recent arrival on top). */
class RunStack {
  private runs: PageRun[] = [];
  pages = 0;
  push(runs: PageRun[]): void {
    for (const r of runs) {
      if (r.count <= 0) continue;
      const top = this.runs[this.runs.length - 1];
      if (top && top.start + top.count === r.start) top.count += r.count;
      else this.runs.push({ ...r });
      this.pages += r.count;
    }
  }
  pop(n: number): PageRun[] {
    const out: PageRun[] = [];
    while (n > 0 && this.runs.length) {
      const top = this.runs[this.runs.length - 1];
      const k = Math.min(n, top.count);
      top.count -= k;
      out.push({ start: top.start + top.count, count: k });
      n -= k;
      this.pages -= k;
      if (top.count === 0) this.runs.pop();
    }
    return out;
  }
}

export interface MapEffect {
  effects: MediaEffect[];
  /** pages actually placed/released (fewer than asked when the device has no page left) */
  pages: number;
}

export class CramMediaMap {
  private free: RunSet;
  private stale = new RunStack();
  /** device runs holding data, per page cost (the compression class) */
  private byCost = new Map<number, RunStack>();

  constructor(readonly device: CxlCompressedDevice) {
    this.free = new RunSet({ start: 0, count: device.logicalPages });
  }

  /** pages holding live host data */
  get livePages(): number {
    let n = 0;
    for (const s of this.byCost.values()) n += s.pages;
    return n;
  }
  get stalePages(): number {
    return this.stale.pages;
  }
  /** live pages per compression ratio class (page cost), for reports */
  classes(): { cost: number; pages: number }[] {
    return [...this.byCost.entries()].filter(([, s]) => s.pages > 0).map(([cost, s]) => ({ cost, pages: s.pages })).sort((a, b) => a.cost - b.cost);
  }
  pagesOfRatio(ratio: number): number {
    return this.byCost.get(pageCost(ratio))?.pages ?? 0;
  }

  /** `pages` pages of data compressing `ratio`:1 are written onto fresh (or stale) device pages */
  store(pages: number, ratio: number): MapEffect {
    const runs = this.stale.pop(pages);
    let got = runs.reduce((n, r) => n + r.count, 0);
    if (got < pages) {
      const fresh = this.free.take(pages - got);
      runs.push(...fresh);
      got += fresh.reduce((n, r) => n + r.count, 0);
    }
    const effects = runs.map((r) => this.device.write(r.start, r.count, ratio));
    this.classOf(pageCost(ratio)).push(runs);
    return { effects, pages: got };
  }

  /**
   * `pages` pages of class `ratio` leave the node. zeroed: their media is deallocated (CRAM's
   * free_folio zeroes every freed page); otherwise the data stays on the device as stale.
   * When the class holds fewer pages than asked (the caller's idea of the class differs, e.g.
   * after set_ratio), the rest is taken from the other classes, most expensive first.
   */
  erase(pages: number, ratio: number, zeroed: boolean): MapEffect {
    const runs = this.classOf(pageCost(ratio)).pop(pages);
    let got = runs.reduce((n, r) => n + r.count, 0);
    for (const cost of [...this.byCost.keys()].sort((a, b) => b - a)) {
      if (got >= pages) break;
      const more = this.byCost.get(cost)!.pop(pages - got);
      runs.push(...more);
      got += more.reduce((n, r) => n + r.count, 0);
    }
    const effects: MediaEffect[] = [];
    if (zeroed) {
      for (const r of runs) {
        effects.push(this.device.zero(r.start, r.count));
        this.free.add(r);
      }
    } else this.stale.push(runs);
    return { effects, pages: got };
  }

  /** `pages` pages of class `from` are rewritten in place with data compressing `to`:1 */
  rewrite(pages: number, from: number, to: number): MapEffect {
    const runs = this.classOf(pageCost(from)).pop(pages);
    let got = runs.reduce((n, r) => n + r.count, 0);
    for (const cost of [...this.byCost.keys()].sort((a, b) => a - b)) {
      if (got >= pages) break;
      const more = this.byCost.get(cost)!.pop(pages - got);
      runs.push(...more);
      got += more.reduce((n, r) => n + r.count, 0);
    }
    const effects = runs.map((r) => this.device.write(r.start, r.count, to));
    this.classOf(pageCost(to)).push(runs);
    return { effects, pages: got };
  }

  private classOf(cost: number): RunStack {
    let s = this.byCost.get(cost);
    if (!s) this.byCost.set(cost, (s = new RunStack()));
    return s;
  }
}
