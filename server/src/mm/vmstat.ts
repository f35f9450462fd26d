/**
 * mm/vmstat.c: the global event counters the emulator maintains. Keys are the
 * /proc/vmstat names; the result object is emitted with sorted keys.
 */
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

export class VmStat {
  private readonly counters = new Map<string, number>();
  /** increments since the last takeDelta(): a step record keeps that delta, not a full copy */
  private readonly changed = new Map<string, number>();
  constructor() {
    for (const k of KNOWN_STATS) this.counters.set(k, 0);
  }
  private version = 0;
  private cached?: { version: number; snap: Record<string, number> };
  add(name: string, n = 1): void {
    if (n === 0 && this.counters.has(name)) return;
    this.counters.set(name, (this.counters.get(name) ?? 0) + n);
    if (n !== 0) this.changed.set(name, (this.changed.get(name) ?? 0) + n);
    this.version++;
  }
  /** the increments since the last call (keys sorted, zero sums left out), then forget them */
  takeDelta(): Record<string, number> {
    if (this.changed.size === 0) return NO_STATS;
    const order = this.sortedChanged();
    let out: Record<string, number> | undefined;
    for (let i = 0; i < order.length; i++) {
      const k = order[i];
      const v = this.changed.get(k)!;
      if (v !== 0) (out ??= {})[k] = v;
    }
    this.changed.clear();
    return out ?? NO_STATS;
  }
  /**
   * The changed keys, sorted. Statements of one kind change the same counters in the same order,
   * so the previous step's sorted list is reused while the keys (in insertion order) are the same:
   * no array and no sort per step.
   */
  private lastKeys: string[] = [];
  private lastSorted: string[] = [];
  private sortedChanged(): string[] {
    const last = this.lastKeys;
    let same = last.length === this.changed.size;
    if (same) {
      let i = 0;
      for (const k of this.changed.keys()) {
        if (last[i++] !== k) {
          same = false;
          break;
        }
      }
    }
    if (same) return this.lastSorted;
    this.lastKeys = [...this.changed.keys()];
    this.lastSorted = [...this.lastKeys].sort();
    return this.lastSorted;
  }
  /** forget the increments since the last takeDelta() (a step that is not recorded) */
  dropDelta(): void {
    this.changed.clear();
  }
  get(name: string): number | undefined {
    return this.counters.get(name);
  }
  /** sorted copy; the same object is returned while no counter changed (step records share it) */
  snapshot(): Record<string, number> {
    if (this.cached && this.cached.version === this.version) return this.cached.snap;
    const out: Record<string, number> = {};
    for (const k of [...this.counters.keys()].sort()) out[k] = this.counters.get(k)!;
    this.cached = { version: this.version, snap: out };
    return out;
  }
}
