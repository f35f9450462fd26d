/**
 * Extents, not pages: a mapping's pages are a sorted list of runs. A run has a
 * periodic node pattern (`cycle`), so an interleave over N nodes of 256 GiB is
 * one extent whose page p lives on cycle[(base + p) % cycle.length]. The cost of
 * every operation grows with the number of distinct runs, never with bytes.
 *
 * Cycle values: a node id (>= 0), SWAP (swapped out), NP (not present: never
 * faulted, dropped, freed), ZERO (the shared zero page, after a read fault), or PENDING(t) (transient, during a fault: waiting for
 * an allocation aimed at node t).
 */
import { forkableClass } from './fork';

export const SWAP = -1;
export const NP = -2;
/**
 * mapped to the shared zero page: a read fault on never-written private anonymous memory
 * (do_anonymous_page() without FAULT_FLAG_WRITE) allocates nothing; a later write COWs it
 * into a real page. Not a node: no memory is accounted, move_pages reports -EFAULT.
 */
export const ZERO = -3;
/** transient marker during a fault: "to be allocated, aimed at node t" */
export const pending = (t: number): number => -10 - t;
export const isPending = (v: number): boolean => v <= -10;
export const isNode = (v: number): boolean => v >= 0;

export interface Extent {
  start: number;
  len: number;
  cycle: number[];
  base: number;
  /** LRU age: lower = older (least recently used first) */
  stamp: number;
  /** compression ratio of the data (CRAM media model) */
  ratio: number;
  /** write-protected mapping (PROTECT_WRITE node) */
  wp: boolean;
  /** GUP pin count (longterm pins keep pages in place) */
  pins: number;
  /** mlocked (unevictable) */
  mlocked: boolean;
}

export function slotOf(e: Extent, p: number): number {
  const L = e.cycle.length;
  return (((e.base + p) % L) + L) % L;
}

export function valueAt(e: Extent, p: number): number {
  return e.cycle[slotOf(e, p)];
}

/** Number of pages p in [a, b) with e.cycle[slot(p)] === v (a, b absolute page indexes). */
export function countValue(e: Extent, v: number, a = e.start, b = e.start + e.len): number {
  a = Math.max(a, e.start);
  b = Math.min(b, e.start + e.len);
  if (b <= a) return 0;
  const L = e.cycle.length;
  if (L === 1) return e.cycle[0] === v ? b - a : 0;
  let perCycle = 0;
  for (const c of e.cycle) if (c === v) perCycle++;
  if (perCycle === 0) return 0;
  const n = b - a;
  const full = Math.floor(n / L);
  let count = full * perCycle;
  const s0 = slotOf(e, a + full * L);
  for (let i = 0; i < n - full * L; i++) if (e.cycle[(s0 + i) % L] === v) count++;
  return count;
}

/** Count pages by value over [a, b) of the extent. */
export function countsByValue(e: Extent, a = e.start, b = e.start + e.len): Map<number, number> {
  const out = new Map<number, number>();
  if (e.cycle.length === 1) {
    const n = Math.min(b, e.start + e.len) - Math.max(a, e.start);
    if (n > 0) out.set(e.cycle[0], n);
    return out;
  }
  for (const v of new Set(e.cycle)) {
    const c = countValue(e, v, a, b);
    if (c) out.set(v, c);
  }
  return out;
}

/** `pages` more of value `v` in the first `n` entries of vals / cnts; the new count of entries */
function addCount(vals: number[], cnts: number[], n: number, v: number, pages: number): number {
  if (pages <= 0) return n;
  for (let i = 0; i < n; i++) {
    if (vals[i] === v) {
      cnts[i] += pages;
      return n;
    }
  }
  vals[n] = v;
  cnts[n] = pages;
  return n + 1;
}

/**
 * The smallest absolute position q such that [e.start, q) holds k pages of value v
 * (k >= 1 and k <= count). Returns e.start + e.len when k exceeds the count.
 */
export function positionAfterK(e: Extent, v: number, k: number): number {
  if (k <= 0) return e.start;
  const L = e.cycle.length;
  if (L === 1) return e.cycle[0] === v ? Math.min(e.start + k, e.start + e.len) : e.start + e.len;
  let perCycle = 0;
  for (const c of e.cycle) if (c === v) perCycle++;
  if (perCycle === 0) return e.start + e.len;
  // whole cycles first (keep at least one page of the target inside the remainder)
  const fullCycles = Math.floor((k - 1) / perCycle);
  let pos = e.start + fullCycles * L;
  let left = k - fullCycles * perCycle;
  const end = e.start + e.len;
  while (pos < end) {
    if (valueAt(e, pos) === v) {
      left--;
      if (left === 0) return pos + 1;
    }
    pos++;
  }
  return end;
}

/**
 * A copy of `e` over [start, start + len). Written field by field, not `{ ...e }`: every extent
 * then has one object shape (fields in declaration order), so the hot fault path stays
 * monomorphic; the spread was 17% of a scattered-statement run.
 */
export function cloneExtent(e: Extent, start: number, len: number): Extent {
  return { start, len, cycle: e.cycle, base: e.base, stamp: e.stamp, ratio: e.ratio, wp: e.wp, pins: e.pins, mlocked: e.mlocked };
}

/** Canonical cycle: a uniform cycle collapses to one entry. */
export function normalise(e: Extent): Extent {
  if (e.cycle.length > 1 && e.cycle.every((c) => c === e.cycle[0])) {
    e.cycle = [e.cycle[0]];
    e.base = 0;
  }
  return e;
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** Expand a cycle to length L2 (a multiple of its own length), keeping page -> value. */
export function expandCycle(e: Extent, L2: number): void {
  const L = e.cycle.length;
  if (L2 === L) return;
  const out = new Array<number>(L2);
  // new base 0: slot j of the new cycle covers pages p with p % L2 == j - base... keep base mod L2
  const base2 = ((e.base % L2) + L2) % L2;
  for (let j = 0; j < L2; j++) {
    // page p with (base2 + p) % L2 == j has (base + p) % L == (j - base2 + base) % L
    const s = (((j - base2 + e.base) % L) + L) % L;
    out[j] = e.cycle[s];
  }
  e.cycle = out;
  e.base = base2;
}

export function lcm(a: number, b: number): number {
  return (a / gcd(a, b)) * b;
}

/** A mapping's page set: extents sorted by start, covering [0, pages) exactly. */
export class PageSet {
  extents: Extent[];
  constructor(
    readonly pages: number,
    stamp: number,
  ) {
    this.extents = pages > 0 ? [{ start: 0, len: pages, cycle: single(NP), base: 0, stamp, ratio: 0, wp: false, pins: 0, mlocked: false }] : [];
  }

  /**
   * Where the last lookup landed: a guess, checked on every use (so a stale one is only a slower
   * lookup). The lookups of one statement cluster at one place (count, carve, remap, coalesce of
   * the same pages): a mapping of many scattered extents paid a cache-missing binary search for
   * each. A #private field: not state (copies of the state neither copy nor compare it), so a
   * lookup in a kept copy's page set, which a report may read (mm/taskWrites.ts), changes no copy.
   */
  #hint = 0;

  /** index of the extent containing page p */
  indexOf(p: number): number {
    const ex = this.extents;
    const n = ex.length;
    // (past the end after a merge shrank the list: the last extent)
    const h = this.#hint < n ? this.#hint : n - 1;
    if (h >= 0) {
      if (ex[h].start <= p) {
        if (h + 1 === n || ex[h + 1].start > p) return h;
        if (h + 2 === n || ex[h + 2].start > p) return (this.#hint = h + 1);
      } else if (h > 0 && ex[h - 1].start <= p) return (this.#hint = h - 1);
    }
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (ex[mid].start <= p) lo = mid;
      else hi = mid - 1;
    }
    if (lo >= 0) this.#hint = lo;
    return lo;
  }

  /** make p an extent boundary; returns the index of the extent starting at p (or extents.length) */
  splitAt(p: number): number {
    if (p <= 0) return 0;
    if (p >= this.pages) return this.extents.length;
    const i = this.indexOf(p);
    const e = this.extents[i];
    if (e.start === p) return i;
    const right = cloneExtent(e, p, e.start + e.len - p);
    e.len = p - e.start;
    insertAt(this.extents, i + 1, right);
    return i + 1;
  }

  /** carve [a, b) into whole extents; returns [i, j) indexes */
  carve(a: number, b: number): [number, number] {
    const i = this.splitAt(a);
    const j = this.splitAt(b);
    return [i, j];
  }

  /** merge neighbours that are indistinguishable (same pattern phase, stamp, flags) */
  coalesce(from = 0, to = this.extents.length): void {
    const lo = Math.max(1, from);
    const hi = Math.min(this.extents.length - 1, to + 1);
    for (let i = hi; i >= lo; i--) {
      const a = this.extents[i - 1];
      const b = this.extents[i];
      if (!a || !b) continue;
      if (same(a, b)) {
        a.len += b.len;
        removeAt(this.extents, i);
      }
    }
  }

  countOn(v: number, a = 0, b = this.pages): number {
    if (b <= a) return 0;
    let n = 0;
    for (let i = this.indexOf(a); i < this.extents.length; i++) {
      const e = this.extents[i];
      if (e.start >= b) break;
      n += countValue(e, v, a, b);
    }
    return n;
  }

  /** does an extent overlapping [a, b) hold a node (a present page) anywhere in its cycle? (no splitting) */
  anyNodeIn(a: number, b: number): boolean {
    if (b <= a || this.extents.length === 0) return false;
    for (let i = this.indexOf(a); i < this.extents.length; i++) {
      const e = this.extents[i];
      if (e.start >= b) break;
      const c = e.cycle;
      for (let k = 0; k < c.length; k++) if (c[k] >= 0) return true;
    }
    return false;
  }

  /**
   * For 0 < a < b < pages: what carve(a, b) then coalesce(i - 1, j) leaves, without splitting
   * (the pieces of one extent are the same and merge again): the same neighbours merge.
   */
  coalesceAround(a: number, b: number): void {
    const ia = this.indexOf(a);
    const from = this.extents[ia].start === a ? ia - 1 : ia;
    this.coalesce(from, this.indexOf(b));
  }

  /** does a write-protected extent overlap [a, b)? (no splitting) */
  anyWp(a: number, b: number): boolean {
    if (b <= a || this.extents.length === 0) return false;
    for (let i = this.indexOf(a); i < this.extents.length; i++) {
      const e = this.extents[i];
      if (e.start >= b) break;
      if (e.wp) return true;
    }
    return false;
  }

  /**
   * Pages per value of the whole set into `vals` / `cnts` (index i: value, pages), in the order
   * values are first met; returns how many. No map per call: a report asks it of every mapping
   * after every run (run/report.ts), and the lists are the caller's, reused.
   */
  countsInto(vals: number[], cnts: number[]): number {
    let n = 0;
    for (let i = 0; i < this.extents.length; i++) {
      const e = this.extents[i];
      if (e.cycle.length === 1) n = addCount(vals, cnts, n, e.cycle[0], e.len);
      else for (const [v, c] of countsByValue(e)) n = addCount(vals, cnts, n, v, c);
    }
    return n;
  }

  /** pages per value over [a, b) */
  counts(a = 0, b = this.pages): Map<number, number> {
    const out = new Map<number, number>();
    if (b <= a || this.extents.length === 0) return out;
    for (let i = this.indexOf(a); i < this.extents.length; i++) {
      const e = this.extents[i];
      if (e.start >= b) break;
      if (e.cycle.length === 1) {
        const n = Math.min(b, e.start + e.len) - Math.max(a, e.start);
        if (n > 0) out.set(e.cycle[0], (out.get(e.cycle[0]) ?? 0) + n);
        continue;
      }
      for (const [v, c] of countsByValue(e, a, b)) out.set(v, (out.get(v) ?? 0) + c);
    }
    return out;
  }

  /**
   * Replace the first k pages of value `from` inside extent index i with `to` (split as needed).
   * Returns the index of the extent after the modified prefix.
   */
  remapPrefix(i: number, from: number, to: number, k: number, patch?: Partial<Extent>): number {
    const e = this.extents[i];
    const q = positionAfterK(e, from, k);
    const j = this.splitAt(q);
    const head = this.extents[i];
    head.cycle = head.cycle.length === 1 ? (head.cycle[0] === from ? single(to) : head.cycle) : head.cycle.map((c) => (c === from ? to : c));
    if (patch) applyPatch(head, patch);
    normalise(head);
    return j;
  }

  /**
   * Within [a, b), replace the first k pages of value `from` (in address order) by `to`.
   * Returns how many were replaced. Robust to earlier splits: works on positions.
   */
  remapRange(a: number, b: number, from: number, to: number, k: number, patch?: Partial<Extent>): number {
    if (k <= 0 || b <= a) return 0;
    let done = 0;
    let i = this.splitAt(a);
    this.splitAt(b);
    while (i < this.extents.length && done < k) {
      const e = this.extents[i];
      if (e.start >= b) break;
      const c = countValue(e, from);
      if (c === 0) {
        i++;
        continue;
      }
      const take = Math.min(c, k - done);
      i = this.remapPrefix(i, from, to, take, patch);
      done += take;
    }
    this.coalesce(Math.max(0, this.indexOf(a) - 1), this.indexOf(Math.max(a, b - 1)) + 1);
    return done;
  }

  /** set fields on every extent of [a, b) */
  patchRange(a: number, b: number, patch: Partial<Extent>): void {
    const [i, j] = this.carve(a, b);
    for (let x = i; x < j; x++) applyPatch(this.extents[x], patch);
    this.coalesce(Math.max(0, i - 1), j);
  }
}

forkableClass(PageSet, () => new PageSet(0, 0));

/**
 * The fields a patch sets, one by one: Object.assign walks the patch's properties generically
 * (a patch of each caller has its own shape), and it was the largest single line of a scattered
 * fault. Every Extent field is required, so a patch never sets one to undefined on purpose.
 */
function applyPatch(e: Extent, p: Partial<Extent>): void {
  if (p.stamp !== undefined) e.stamp = p.stamp;
  if (p.ratio !== undefined) e.ratio = p.ratio;
  if (p.wp !== undefined) e.wp = p.wp;
  if (p.pins !== undefined) e.pins = p.pins;
  if (p.mlocked !== undefined) e.mlocked = p.mlocked;
  if (p.cycle !== undefined) e.cycle = p.cycle;
  if (p.base !== undefined) e.base = p.base;
  if (p.start !== undefined) e.start = p.start;
  if (p.len !== undefined) e.len = p.len;
}

/**
 * Insert / remove one extent. A fault's split or merge is near the end of the list (pages
 * faulted in address order): shifting a few elements by hand allocates nothing, where splice
 * returns a new array each time; a long tail still moves by splice (memmove).
 */
function insertAt(list: Extent[], i: number, e: Extent): void {
  let k = list.length;
  if (k - i > 32) {
    list.splice(i, 0, e);
    return;
  }
  list.push(e);
  for (; k > i; k--) list[k] = list[k - 1];
  list[i] = e;
}

function removeAt(list: Extent[], i: number): void {
  const n = list.length;
  if (n - i > 32) {
    list.splice(i, 1);
    return;
  }
  for (let k = i; k + 1 < n; k++) list[k] = list[k + 1];
  list.pop();
}

/**
 * One-value cycles, one array per value. Cycles are never changed in place (a remap makes a
 * new one; extents split from one share it), so a remap of a uniform run to `v` takes this one
 * rather than allocating `[v]` each time.
 */
const singles = new Map<number, number[]>();

/** the one-value cycles made so far: never changed, so copies of the state share them (mm/taskWrites.ts) */
export function internedCycles(): IterableIterator<number[]> {
  return singles.values();
}

function single(v: number): number[] {
  let c = singles.get(v);
  if (c === undefined) singles.set(v, (c = [v]));
  return c;
}

function same(a: Extent, b: Extent): boolean {
  if (a.stamp !== b.stamp || a.ratio !== b.ratio || a.wp !== b.wp || a.pins !== b.pins || a.mlocked !== b.mlocked) return false;
  if (a.start + a.len !== b.start) return false;
  if (a.cycle.length !== b.cycle.length) return false;
  const L = a.cycle.length;
  if (L === 1) return a.cycle[0] === b.cycle[0];
  for (let j = 0; j < L; j++) if (a.cycle[(((a.base + j) % L) + L) % L] !== b.cycle[(((b.base + j) % L) + L) % L]) return false;
  return true;
}

/**
 * Transient value inside one migration's remap (migrate.ts moveRemap): the pages just moved, so
 * that their write-protect bit can be set on them alone before they take their node's value.
 */
export const MOVING = -4;

/**
 * Set the write-protect bit of the pages of value v in [a, b), and of no other page. The kernel's
 * bit is per page (the PTE); a run has one, so an interleaved run (a cycle of several values) that
 * holds v is split into its runs of v and the runs between them. Only a mixed run whose v pages
 * change is split: its extents then grow with its pages, about two per period. Returns the pages of
 * v whose bit changed.
 */
export function setWpOn(set: PageSet, a: number, b: number, v: number, wp: boolean): number {
  if (b <= a) return 0;
  const [i, j] = set.carve(a, b);
  let changed = 0;
  let out: Extent[] | undefined;
  for (let x = i; x < j; x++) {
    const e = set.extents[x];
    const c = e.wp === wp ? 0 : countValue(e, v);
    if (c === e.len || c === 0) {
      if (c) e.wp = wp;
      changed += c;
      out?.push(e);
      continue;
    }
    changed += c;
    out ??= set.extents.slice(i, x);
    const end = e.start + e.len;
    for (let p = e.start; p < end; ) {
      const isV = valueAt(e, p) === v;
      const first = valueAt(e, p);
      let uniform = true;
      let q = p + 1;
      for (; q < end; q++) {
        const w = valueAt(e, q);
        if ((w === v) !== isV) break;
        if (w !== first) uniform = false;
      }
      const r = cloneExtent(e, p, q - p);
      if (uniform) {
        r.cycle = [first];
        r.base = 0;
      }
      if (isV) r.wp = wp;
      out.push(r);
      p = q;
    }
  }
  if (out) {
    const tail = set.extents.slice(j);
    set.extents.length = i;
    for (const e of out) set.extents.push(e);
    for (const e of tail) set.extents.push(e);
    set.coalesce(Math.max(0, i - 1), i + out.length);
  } else set.coalesce(Math.max(0, i - 1), j);
  return changed;
}
