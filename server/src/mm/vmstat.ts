/**
 * mm/vmstat.c: the global event counters the emulator maintains. Keys are the
 * /proc/vmstat names; the result object is emitted with sorted keys.
 */
import { forkableClass } from './fork';
import { anyArray } from '../common/arrays';
export const KNOWN_STATS = [
  'allocstall_movable',
  'allocstall_normal',
  'compact_skipped',
  'compact_stall',
  'interleave_hit',
  'kswapd_wake',
  'ksm_merged',
  'memory_failure',
  'numa_foreign',
  'numa_hit',
  'numa_interleave',
  'numa_local',
  'numa_miss',
  'numa_other',
  'numa_pages_migrated',
  'oom_kill',
  'pgalloc_movable',
  'pgalloc_normal',
  'pgdemote_direct',
  'pgdemote_kswapd',
  'pgfault',
  'pgmajfault',
  'pgfree',
  'pgmigrate_fail',
  'pgmigrate_success',
  'pgpromote_success',
  'pgscan_direct',
  'pgscan_kswapd',
  'pgsteal_direct',
  'pgsteal_kswapd',
  'pswpin',
  'pswpout',
  'thp_collapse_alloc',
  'thp_fault_alloc',
  'thp_fault_fallback',
  'unevictable_pgs_mlocked',
  'unevictable_pgs_munlocked',
  'drop_pagecache',
  'zswpin',
  'zswpout',
] as const;

/** a step's stats when it changed no counter (shared: treat step stats as immutable) */
export const NO_STATS: Record<string, number> = Object.freeze({}) as Record<string, number>;

/** one counter: its value and its increments since the last takeDelta() */
interface Counter {
  readonly name: string;
  v: number;
  d: number;
  /** in `changed` (changed since the last takeDelta) */
  listed: boolean;
}

export class VmStat {
  /**
   * One object per counter, so that an increment is one Map lookup and field stores (it was
   * four Map operations: value and delta each read and written; a fault adds to six counters).
   */
  private readonly counters = new Map<string, Counter>();
  /**
   * The counters changed since the last takeDelta(), in the order of their first change: a step
   * record keeps that delta, not a full copy. The first `nChanged` slots (the array is never
   * shortened: setting an array's length to 0 frees its storage, and the next step allocated it
   * again).
   */
  private readonly changed: Counter[] = anyArray();
  private nChanged = 0;
  constructor() {
    for (const k of KNOWN_STATS) this.counters.set(k, { name: k, v: 0, d: 0, listed: false });
  }
  private version = 0;
  private cached?: { version: number; snap: Record<string, number> };
  add(name: string, n = 1): void {
    let c = this.counters.get(name);
    if (c === undefined) this.counters.set(name, (c = { name, v: 0, d: 0, listed: false }));
    else if (n === 0) return;
    c.v += n;
    if (n !== 0) {
      c.d += n;
      if (!c.listed) {
        c.listed = true;
        if (this.nChanged < this.changed.length) this.changed[this.nChanged] = c;
        else this.changed.push(c);
        this.nChanged++;
      }
    }
    this.version++;
  }
  /** the increments since the last call (keys sorted, zero sums left out), then forget them */
  takeDelta(): Record<string, number> {
    if (this.nChanged === 0) return NO_STATS;
    const order = this.sortedChanged();
    let out: Record<string, number> | undefined;
    for (let i = 0; i < this.nChanged; i++) {
      const c = order[i];
      if (c.d !== 0) (out ??= {})[c.name] = c.d;
    }
    this.dropDelta();
    return out ?? NO_STATS;
  }
  /**
   * The increments since the last call written as (name, increment) pairs from slot `at` on,
   * names sorted, zero sums left out; then forgotten (run/stepLog.ts). Returns the end.
   */
  drainDelta(names: string[], values: number[], at: number): number {
    if (this.nChanged === 0) return at;
    const order = this.sortedChanged();
    for (let i = 0; i < this.nChanged; i++) {
      const c = order[i];
      if (c.d !== 0) {
        names[at] = c.name;
        values[at++] = c.d;
      }
    }
    this.dropDelta();
    return at;
  }
  /**
   * The changed counters, sorted by name: the first `nChanged` slots of the list returned.
   * Statements of one kind change the same counters in the same order, so the previous step's
   * sorted list is kept while the counters (in order of first change) are the same. When they
   * differ (a scenario mixing statement kinds, every few steps), both lists are rewritten in place
   * and sorted by insertion (a step changes a handful of counters): `slice` and `sort` allocated
   * about a tenth of a long run's garbage.
   */
  private readonly lastKeys: Counter[] = anyArray();
  private readonly lastSorted: Counter[] = anyArray();
  private nLast = -1;
  private sortedChanged(): Counter[] {
    const last = this.lastKeys;
    const ch = this.changed;
    const n = this.nChanged;
    let same = this.nLast === n;
    for (let i = 0; same && i < n; i++) same = last[i] === ch[i];
    const sorted = this.lastSorted;
    if (same) return sorted;
    this.nLast = n;
    for (let i = 0; i < n; i++) {
      const c = ch[i];
      last[i] = c;
      let j = i;
      for (; j > 0 && sorted[j - 1].name > c.name; j--) sorted[j] = sorted[j - 1];
      sorted[j] = c;
    }
    return sorted;
  }
  /** forget the increments since the last takeDelta() (a step that is not recorded) */
  dropDelta(): void {
    const ch = this.changed;
    for (let i = 0; i < this.nChanged; i++) {
      ch[i].d = 0;
      ch[i].listed = false;
    }
    this.nChanged = 0;
  }
  get(name: string): number | undefined {
    return this.counters.get(name)?.v;
  }
  /** sorted copy; the same object is returned while no counter changed (step records share it) */
  snapshot(): Record<string, number> {
    if (this.cached && this.cached.version === this.version) return this.cached.snap;
    const out: Record<string, number> = {};
    for (const k of [...this.counters.keys()].sort()) out[k] = this.counters.get(k)!.v;
    this.cached = { version: this.version, snap: out };
    return out;
  }
}

forkableClass(VmStat, () => new VmStat());
